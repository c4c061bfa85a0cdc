import { createServer, connect, type Server, type Socket } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { ImapCommandError, ImapConnectionError, ImapFetchSession } from "./imap-fetch-session";
import { ImapProtocolError } from "./imap-response";

/** A loopback peer that answers each command line with whatever `reply` writes. */
async function scriptedServer(reply: (command: { tag: string; text: string }, socket: Socket) => void) {
  const commands: string[] = [];
  const server: Server = createServer((socket) => {
    let buffered = "";
    socket.on("data", (d) => {
      buffered += d.toString("latin1");
      let nl: number;
      while ((nl = buffered.indexOf("\r\n")) !== -1) {
        const line = buffered.slice(0, nl);
        buffered = buffered.slice(nl + 2);
        commands.push(line);
        const space = line.indexOf(" ");
        reply({ tag: line.slice(0, space), text: line.slice(space + 1) }, socket);
      }
    });
    socket.on("error", () => {});
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as { port: number }).port;
  const socket = connect(port, "127.0.0.1");
  await new Promise((r) => socket.once("connect", r));
  servers.push(server);
  return { socket, commands };
}

const servers: Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await new Promise((r) => s.close(r));
});

/** Write `text` a few bytes at a time, as a slow network would deliver it. */
function dribble(socket: Socket, text: string, size = 7) {
  const bytes = Buffer.from(text, "utf8");
  for (let i = 0; i < bytes.length; i += size) socket.write(bytes.subarray(i, i + size));
}

const fetchLine = (seq: number, uid: number, header: string, structure = `("TEXT" "PLAIN" NIL NIL NIL "7BIT" 1 1 NIL NIL NIL NIL)`) =>
  `* ${seq} FETCH (UID ${uid} INTERNALDATE "01-Feb-2025 10:00:00 +0000" BODYSTRUCTURE ${structure} BODY[HEADER.FIELDS (FROM SUBJECT)] {${Buffer.byteLength(header)}}\r\n${header})\r\n`;

describe("ImapFetchSession", () => {
  it("streams a header listing, skipping unsolicited data, and sends the FETCH we mean", async () => {
    const { socket, commands } = await scriptedServer(({ tag, text }, s) => {
      if (text === "LOGOUT") s.write(`* BYE Logging out\r\n${tag} OK Logout completed.\r\n`);
      if (text.startsWith("UID FETCH")) {
        dribble(
          s,
          "* 9 EXISTS\r\n" +
            fetchLine(1, 41, "From: Ann <ann@example.com>\r\nSubject: Café\r\n\r\n") +
            "* 2 FETCH (FLAGS (\\Seen))\r\n" +
            fetchLine(
              3,
              43,
              "From: cal@example.com\r\n\r\n",
              `(("TEXT" "PLAIN" NIL NIL NIL "7BIT" 1 1 NIL NIL NIL NIL)("TEXT" "CALENDAR" NIL NIL NIL "7BIT" 1 1 NIL NIL NIL NIL) "ALTERNATIVE")`,
            ) +
            `${tag} OK Fetch completed.\r\n`,
        );
      }
    });
    const session = new ImapFetchSession(socket);
    const messages = await session.fetchHeaders("40:43", ["FROM", "SUBJECT"]);
    expect(commands).toEqual(["P1 UID FETCH 40:43 (UID INTERNALDATE BODYSTRUCTURE BODY.PEEK[HEADER.FIELDS (FROM SUBJECT)])"]);
    expect(messages).toEqual([
      { uid: 41, internal_date: new Date("2025-02-01T10:00:00Z"), header: "From: Ann <ann@example.com>\r\nSubject: Café\r\n\r\n", has_calendar_part: false },
      { uid: 43, internal_date: new Date("2025-02-01T10:00:00Z"), header: "From: cal@example.com\r\n\r\n", has_calendar_part: true },
    ]);
    expect(session.usable).toBe(true);
    await session.close();
    expect(commands.at(-1)).toBe("P2 LOGOUT");
    expect(session.usable).toBe(false);
  });

  it("rejects a NO with the server's words and stays usable", async () => {
    const { socket } = await scriptedServer(({ tag, text }, s) => {
      s.write(text.includes("1:2") ? `${tag} NO [SERVERBUG] Internal error occurred\r\n` : `${tag} OK done\r\n`);
    });
    const session = new ImapFetchSession(socket);
    const error = (await session.fetchHeaders("1:2", ["FROM"]).catch((e: unknown) => e)) as ImapCommandError;
    expect(error).toBeInstanceOf(ImapCommandError);
    expect(error.message).toBe("IMAP server answered NO: Internal error occurred");
    await expect(session.fetchHeaders("3:4", ["FROM"])).resolves.toEqual([]);
    await session.close();
  });

  it("fails the pending command when the server hangs up, saying what it said", async () => {
    const { socket } = await scriptedServer((_, s) => {
      s.write(fetchLine(1, 1, "From: a@b.example\r\n\r\n") + "* BYE Mailbox UIDVALIDITY changed\r\n");
      s.end();
    });
    const session = new ImapFetchSession(socket);
    const error = (await session.fetchHeaders("1:*", ["FROM"]).catch((e: unknown) => e)) as ImapCommandError;
    expect(error).toBeInstanceOf(ImapConnectionError);
    expect(error.message).toContain("Mailbox UIDVALIDITY changed");
    expect(session.usable).toBe(false);
    await expect(session.fetchHeaders("1:*", ["FROM"])).rejects.toBe(error);
  });

  it("gives up on a server that goes quiet mid-command", async () => {
    const { socket } = await scriptedServer((_, s) => s.write(fetchLine(1, 1, "From: a@b.example\r\n\r\n")));
    const session = new ImapFetchSession(socket, 300);
    const error = (await session.fetchHeaders("1:*", ["FROM"]).catch((e: unknown) => e)) as ImapCommandError;
    expect(error).toBeInstanceOf(ImapConnectionError);
    expect(error.message).toMatch(/sent nothing/);
    expect(socket.destroyed).toBe(true);
  });

  it("ends the session on a response it cannot read (the provider then reads through imapflow)", async () => {
    const { socket } = await scriptedServer((_, s) => s.write(`* 1 FETCH (UID 1 BODY[HEADER {3}\r\nabc)\r\n`));
    const session = new ImapFetchSession(socket);
    await expect(session.fetchHeaders("1:*", ["FROM"])).rejects.toBeInstanceOf(ImapProtocolError);
    expect(session.usable).toBe(false);
  });
});
