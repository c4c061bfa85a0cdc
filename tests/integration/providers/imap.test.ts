import { createServer, connect, type AddressInfo, type Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { ImapMailProvider } from "@/lib/providers/mail/imap";
import { CursorExpiredError, MailProviderError, type MailMessageMeta, type SyncCursor } from "@/lib/providers/mail/types";
import { buildTestMessage, hasDovecot, startDovecot, type DovecotServer } from "@/tests/fakes/dovecot";
import { closedPort, setEnv } from "./env-scope";

const BASE = Date.UTC(2025, 0, 1);
// Without Dovecot a laptop skips these; CI installs dovecot-imapd, so there a missing server fails loudly.
const noDovecot = !hasDovecot() && !process.env.CI;

function seedMessage(i: number): string {
  const kind = i % 5;
  if (kind === 1) {
    return buildTestMessage({
      from: `=?UTF-8?Q?Caf=C3=A9_Weekly?= <news${i % 3}@cafe.example>`,
      subject: `Weekly ${i}`,
      date: new Date(BASE + i * 60_000),
      headers: {
        "List-Unsubscribe": "<https://cafe.example/u?x=1>, <mailto:leave@cafe.example>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        "List-Id": "Cafe <cafe.example>",
        Precedence: "bulk",
      },
    });
  }
  if (kind === 2) {
    return buildTestMessage({
      from: "Calendar <calendar@corp.example>",
      subject: `Sync ${i}`,
      date: new Date(BASE + i * 60_000),
      headers: { "Content-Type": 'multipart/alternative; boundary="b1"' },
      body: "--b1\nContent-Type: text/plain\n\nJoin us\n--b1\nContent-Type: text/calendar; method=REQUEST\n\nBEGIN:VCALENDAR\nEND:VCALENDAR\n--b1--\n",
    });
  }
  return buildTestMessage({ from: `Person ${i % 17} <person${i % 17}@corp.example>`, subject: `Hello ${i}`, date: new Date(BASE + i * 60_000) });
}

async function listAll(provider: ImapMailProvider, pageSize: number, since?: Date) {
  const messages: MailMessageMeta[] = [];
  let token: string | null = null;
  let pages = 0;
  do {
    const page = await provider.listPage(token, { pageSize, since });
    messages.push(...page.messages);
    token = page.next_page_token;
    pages++;
  } while (token);
  return { messages, pages };
}

async function drain(provider: ImapMailProvider, cursor: SyncCursor, pageSize = 500) {
  const messages: MailMessageMeta[] = [];
  let token: string | null = null;
  let final: SyncCursor | null = null;
  do {
    const page = await provider.listChanges(cursor, token, pageSize);
    messages.push(...page.messages);
    token = page.next_page_token;
    final = page.cursor;
  } while (token);
  return { messages, cursor: final! };
}

/**
 * A loopback TCP relay in front of Dovecot that notes every command line the provider sends and can
 * drop response lines (to play a server that leaves something out). What it notes is what went over
 * the wire, whichever IMAP client sent it.
 */
async function startWireTap(target: number, options: { dropResponseLine?: RegExp } = {}) {
  const lines: string[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((downstream) => {
    const upstream = connect(target, "127.0.0.1");
    sockets.add(downstream).add(upstream);
    let sent = "";
    downstream.on("data", (chunk: Buffer) => {
      sent += chunk.toString("latin1");
      for (let end = sent.indexOf("\r\n"); end >= 0; end = sent.indexOf("\r\n")) {
        lines.push(sent.slice(0, end));
        sent = sent.slice(end + 2);
      }
      upstream.write(chunk);
    });
    let received = Buffer.alloc(0);
    upstream.on("data", (chunk: Buffer) => {
      if (!options.dropResponseLine) return void downstream.write(chunk);
      // Whole lines only, so a dropped line never leaves half of itself behind.
      received = Buffer.concat([received, chunk]);
      for (let end = received.indexOf("\r\n"); end >= 0; end = received.indexOf("\r\n")) {
        const line = received.subarray(0, end + 2);
        received = received.subarray(end + 2);
        if (!options.dropResponseLine.test(line.toString("latin1"))) downstream.write(line);
      }
    });
    const end = () => {
      downstream.destroy();
      upstream.destroy();
    };
    for (const socket of [downstream, upstream]) socket.on("close", end).on("error", end);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  /** The commands sent since the last clear(), tag left off: "UID FETCH 8:9 (UID ...)". */
  const commands = () => lines.map((l) => l.replace(/^\S+ /, ""));
  return {
    port: (server.address() as AddressInfo).port,
    commands,
    /** The UID sets of the FETCH commands (any FETCH, by UID or sequence number). */
    fetchRanges: () =>
      commands()
        .filter((c) => /^(UID )?FETCH /i.test(c))
        .map((c) => c.split(" ")[c.startsWith("UID") ? 2 : 1]),
    searches: () => commands().filter((c) => /^(UID )?SEARCH /i.test(c)),
    clear: () => void lines.splice(0),
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

type WireTap = Awaited<ReturnType<typeof startWireTap>>;

function tapped(dovecot: DovecotServer, tap: WireTap) {
  return { ...dovecot.credentials(), port: tap.port };
}

describe.skipIf(noDovecot)("imap provider against a real Dovecot", () => {
  let dovecot: DovecotServer;
  let restoreEnv: () => void;

  beforeAll(async () => {
    restoreEnv = setEnv({ ALLOW_PRIVATE_NETWORK: "1" });
    dovecot = await startDovecot();
    await dovecot.append(Array.from({ length: 1100 }, (_, i) => seedMessage(i)));
  });

  afterAll(async () => {
    restoreEnv();
    await dovecot?.stop();
  });

  it("lists INBOX newest first, page by page, headers only, and leaves every message unseen", async () => {
    const provider = new ImapMailProvider({ credentials: dovecot.credentials() });
    try {
      await expect(provider.verify()).resolves.toEqual({ account_email: "test@example.com" });
      const { messages, pages } = await listAll(provider, 400);
      expect(pages).toBe(3);
      expect(messages).toHaveLength(1100);
      const uids = messages.map((m) => Number(m.provider_message_id.split(":")[1]));
      expect(new Set(uids).size).toBe(1100);
      expect(uids).toEqual([...uids].sort((a, b) => b - a));
      expect(messages[0]!.provider_message_id).toMatch(/^\d+:1100$/);

      const news = messages.find((m) => m.subject === "Weekly 1")!;
      expect(news).toMatchObject({
        from_email: "news1@cafe.example",
        from_name: "Café Weekly",
        to: "test@example.com",
        snippet: "",
        has_calendar: false,
        date: expect.any(Date),
      });
      expect(news.headers).toMatchObject({
        "list-unsubscribe": "<https://cafe.example/u?x=1>, <mailto:leave@cafe.example>",
        "list-unsubscribe-post": "List-Unsubscribe=One-Click",
        "list-id": "Cafe <cafe.example>",
        precedence: "bulk",
      });
      expect(messages.find((m) => m.subject === "Sync 2")!.has_calendar).toBe(true);
      expect(messages.find((m) => m.subject === "Hello 3")!.has_calendar).toBe(false);
    } finally {
      await provider.close();
    }
    const inspector = await dovecot.client();
    try {
      await inspector.mailboxOpen("INBOX", { readOnly: true });
      const seen = (await inspector.fetchAll("1:*", { flags: true })).filter((m) => m.flags?.has("\\Seen"));
      expect(seen).toHaveLength(0);
    } finally {
      await inspector.logout();
    }
  });

  it("lists only mail since a date for the catch-up", async () => {
    const provider = new ImapMailProvider({ credentials: dovecot.credentials() });
    try {
      const { messages } = await listAll(provider, 40, new Date(BASE + 1000 * 60_000));
      expect(messages.map((m) => m.subject.replace(/^\D+/, ""))).toEqual(Array.from({ length: 100 }, (_, i) => String(1099 - i)));
      expect(messages[0]!.date).toEqual(new Date(BASE + 1099 * 60_000));
      expect((await listAll(provider, 500, new Date(BASE + 2 * 86_400_000))).messages).toEqual([]);
    } finally {
      await provider.close();
    }
  });

  it("syncs new mail by UID with CONDSTORE on: no FETCH when nothing is new, only the new UIDs otherwise, read-only", async () => {
    const tap = await startWireTap(dovecot.port);
    const provider = new ImapMailProvider({ credentials: tapped(dovecot, tap) });
    try {
      const cursor = await provider.currentCursor();
      expect(cursor).toMatchObject({ uidvalidity: expect.stringMatching(/^\d+$/), uid_next: 1101, highest_modseq: expect.stringMatching(/^\d+$/) });
      expect(tap.commands()).toContainEqual(expect.stringMatching(/^ENABLE .*CONDSTORE/));
      expect(tap.commands()).not.toContainEqual(expect.stringMatching(/QRESYNC/));
      tap.clear();
      expect(await drain(provider, cursor)).toEqual({ messages: [], cursor });
      // Answered from the EXAMINE alone: no FETCH, no SEARCH.
      expect(tap.commands()).toContainEqual("EXAMINE INBOX");
      expect(tap.fetchRanges()).toEqual([]);
      expect(tap.searches()).toEqual([]);

      await dovecot.append(
        [1, 2, 3, 4, 5, 6, 7].map((n) => buildTestMessage({ from: `New ${n} <new${n}@corp.example>`, subject: `Fresh ${n}`, date: new Date() })),
      );
      tap.clear();
      const first = await drain(provider, cursor, 3);
      expect(first.messages.map((m) => m.subject)).toEqual([1, 2, 3, 4, 5, 6, 7].map((n) => `Fresh ${n}`));
      expect(first.cursor).toMatchObject({ uid_next: 1108, highest_modseq: expect.stringMatching(/^\d+$/) });
      expect(first.cursor.highest_modseq).not.toBe(cursor.highest_modseq);
      // Only the new UIDs, page by page, never "*" (which names the newest message when nothing is new).
      expect(tap.fetchRanges()).toEqual(["1101:1103", "1104:1106", "1107:1107"]);
      // Read-only and PEEK: a sync marks nothing read.
      const fetches = tap.commands().filter((c) => c.startsWith("UID FETCH"));
      expect(fetches.every((c) => c.includes("BODY.PEEK[HEADER.FIELDS (") && !/BODY\[/.test(c))).toBe(true);
      expect(tap.commands()).not.toContainEqual(expect.stringMatching(/^SELECT /));

      tap.clear();
      expect(await drain(provider, first.cursor)).toEqual({ messages: [], cursor: first.cursor });
      expect(tap.fetchRanges()).toEqual([]);

      // A flag change moves HIGHESTMODSEQ but brings no new mail: still no FETCH.
      const other = await dovecot.client();
      await other.mailboxOpen("INBOX");
      await other.messageFlagsAdd("1", ["\\Flagged"], { uid: true });
      await other.logout();
      tap.clear();
      const second = await drain(provider, first.cursor);
      expect(second.messages).toEqual([]);
      expect(second.cursor).toMatchObject({ uid_next: 1108 });
      expect(BigInt(second.cursor.highest_modseq as string)).toBeGreaterThan(BigInt(first.cursor.highest_modseq as string));
      expect(tap.fetchRanges()).toEqual([]);
    } finally {
      await provider.close();
      await tap.close();
    }
  });

  it("throws CursorExpiredError when UIDVALIDITY changes", async () => {
    const provider = new ImapMailProvider({ credentials: dovecot.credentials() });
    try {
      const cursor = await provider.currentCursor();
      const page = await provider.listPage(null, { pageSize: 100 });
      await dovecot.setUidValidity(Number((cursor as { uidvalidity: string }).uidvalidity) + 17);
      await expect(provider.listChanges(cursor, null)).rejects.toBeInstanceOf(CursorExpiredError);
      await expect(provider.listPage(page.next_page_token, { pageSize: 100 })).rejects.toBeInstanceOf(CursorExpiredError);
      const fresh = await provider.currentCursor();
      expect(fresh).toMatchObject({ uidvalidity: String(Number((cursor as { uidvalidity: string }).uidvalidity) + 17) });
    } finally {
      await provider.close();
    }
  });

  it("reports a wrong password as auth, a dead port as unavailable, a private host as refused", async () => {
    const wrong = new ImapMailProvider({ credentials: { ...dovecot.credentials(), password: "wrong" } });
    const err = await wrong.verify().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MailProviderError);
    expect((err as MailProviderError).kind).toBe("auth");
    expect((err as Error).message).not.toContain("wrong");

    const dead = new ImapMailProvider({ credentials: { ...dovecot.credentials(), port: await closedPort() } });
    await expect(dead.verify()).rejects.toMatchObject({ name: "MailProviderError", kind: "unavailable" });

    const restore = setEnv({ ALLOW_PRIVATE_NETWORK: undefined });
    try {
      const privateHost = new ImapMailProvider({ credentials: dovecot.credentials() });
      await expect(privateHost.verify()).rejects.toMatchObject({ kind: "invalid_request", message: expect.stringMatching(/not allowed/) });
    } finally {
      restore();
    }
  });
});

describe.skipIf(noDovecot)("imap provider without CONDSTORE", () => {
  let dovecot: DovecotServer;
  let restoreEnv: () => void;
  beforeAll(async () => {
    restoreEnv = setEnv({ ALLOW_PRIVATE_NETWORK: "1" });
    dovecot = await startDovecot({ capabilities: "IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE LITERAL+ UIDPLUS MULTIAPPEND" });
  });
  afterAll(async () => {
    restoreEnv?.();
    await dovecot?.stop();
  });

  it("falls back to UID ranges (uid > last seen), still no FETCH when nothing is new", async () => {
    const tap = await startWireTap(dovecot.port);
    const provider = new ImapMailProvider({ credentials: tapped(dovecot, tap) });
    try {
      await dovecot.append([1, 2].map((n) => seedMessage(n)));
      const cursor = await provider.currentCursor();
      expect(cursor).toMatchObject({ uid_next: 3, highest_modseq: null });
      expect(tap.commands()).not.toContainEqual(expect.stringMatching(/CONDSTORE/));
      await dovecot.append([buildTestMessage({ from: "a@corp.example", subject: "after", date: new Date() })]);
      tap.clear();
      const changes = await drain(provider, cursor);
      expect(changes.messages.map((m) => m.subject)).toEqual(["after"]);
      expect(changes.cursor).toEqual({ uidvalidity: cursor.uidvalidity, uid_next: 4, highest_modseq: null });
      expect(tap.fetchRanges()).toEqual(["3:3"]);
      tap.clear();
      expect((await drain(provider, changes.cursor)).messages).toEqual([]);
      expect(tap.fetchRanges()).toEqual([]);
      expect(tap.searches()).toEqual([]);
    } finally {
      await provider.close();
      await tap.close();
    }
  });

  it("finds new mail by UID SEARCH where the server leaves UIDNEXT out", async () => {
    const tap = await startWireTap(dovecot.port, { dropResponseLine: /^\* OK \[UIDNEXT \d+\]/ });
    const provider = new ImapMailProvider({ credentials: tapped(dovecot, tap) });
    try {
      const cursor = await provider.currentCursor();
      expect(cursor).toMatchObject({ uid_next: 4, highest_modseq: null });
      tap.clear();
      // Without UIDNEXT or HIGHESTMODSEQ, only a SEARCH can tell: one, and no FETCH.
      expect(await drain(provider, cursor)).toEqual({ messages: [], cursor });
      expect(tap.searches()).toEqual(["UID SEARCH UID 4:*"]);
      expect(tap.fetchRanges()).toEqual([]);

      await dovecot.append([buildTestMessage({ from: "b@corp.example", subject: "later", date: new Date() })]);
      tap.clear();
      const changes = await drain(provider, cursor);
      expect(changes.messages.map((m) => m.subject)).toEqual(["later"]);
      expect(changes.cursor).toMatchObject({ uid_next: 5 });
      expect(tap.fetchRanges()).toEqual(["4:4"]);
    } finally {
      await provider.close();
      await tap.close();
    }
  });
});

describe.skipIf(noDovecot)("imap provider with CONDSTORE on a server that leaves UIDNEXT out", () => {
  it("lists and syncs; an unchanged HIGHESTMODSEQ answers without a SEARCH or a FETCH", async () => {
    const restore = setEnv({ ALLOW_PRIVATE_NETWORK: "1" });
    const dovecot = await startDovecot();
    const tap = await startWireTap(dovecot.port, { dropResponseLine: /^\* OK \[UIDNEXT \d+\]/ });
    const provider = new ImapMailProvider({ credentials: tapped(dovecot, tap) });
    try {
      await dovecot.append(Array.from({ length: 6 }, (_, i) => seedMessage(i)));
      // The listing and the cursor fall back to the highest UID there is.
      const { messages } = await listAll(provider, 4);
      expect(messages.map((m) => m.subject)).toEqual(["Hello 5", "Hello 4", "Hello 3", "Sync 2", "Weekly 1", "Hello 0"]);
      expect(tap.commands()).not.toContainEqual(expect.stringMatching(/UIDNEXT/));
      const cursor = await provider.currentCursor();
      expect(cursor).toMatchObject({ uid_next: 7, highest_modseq: expect.stringMatching(/^\d+$/) });

      tap.clear();
      expect(await drain(provider, cursor)).toEqual({ messages: [], cursor });
      expect(tap.searches()).toEqual([]);
      expect(tap.fetchRanges()).toEqual([]);

      // HIGHESTMODSEQ moved (a flag): one SEARCH says nothing is new.
      const other = await dovecot.client();
      await other.mailboxOpen("INBOX");
      await other.messageFlagsAdd("2", ["\\Seen"], { uid: true });
      await other.logout();
      tap.clear();
      const flagged = await drain(provider, cursor);
      expect(flagged.messages).toEqual([]);
      expect(flagged.cursor).toMatchObject({ uid_next: 7 });
      expect(flagged.cursor.highest_modseq).not.toBe(cursor.highest_modseq);
      expect(tap.searches()).toEqual(["UID SEARCH UID 7:*"]);
      expect(tap.fetchRanges()).toEqual([]);

      await dovecot.append([8, 9].map((n) => buildTestMessage({ from: `New ${n} <new${n}@corp.example>`, subject: `Fresh ${n}`, date: new Date() })));
      tap.clear();
      const fresh = await drain(provider, flagged.cursor);
      expect(fresh.messages.map((m) => m.subject)).toEqual(["Fresh 8", "Fresh 9"]);
      expect(fresh.cursor).toMatchObject({ uid_next: 9 });
      expect(tap.searches()).toEqual(["UID SEARCH UID 7:*"]);
      expect(tap.fetchRanges()).toEqual(["7:8"]);

      tap.clear();
      expect(await drain(provider, fresh.cursor)).toEqual({ messages: [], cursor: fresh.cursor });
      expect(tap.commands().filter((c) => /SEARCH|FETCH/.test(c))).toEqual([]);
    } finally {
      await provider.close();
      await tap.close();
      await dovecot.stop();
      restore();
    }
  });
});

describe.skipIf(noDovecot)("imap provider on a 20,000-message mailbox", () => {
  it("lists every message once, newest first", { timeout: 240_000 }, async () => {
    const restore = setEnv({ ALLOW_PRIVATE_NETWORK: "1" });
    const dovecot = await startDovecot();
    const provider = new ImapMailProvider({ credentials: dovecot.credentials() });
    try {
      const seedMs = await dovecot.append(Array.from({ length: 20_000 }, (_, i) => seedMessage(i)));
      console.info(`seeded 20,000 messages by MULTIAPPEND in ${seedMs} ms`);
      const { messages, pages } = await listAll(provider, 2000);
      expect(pages).toBe(10);
      expect(messages).toHaveLength(20_000);
      const uids = messages.map((m) => Number(m.provider_message_id.split(":")[1]));
      expect(new Set(uids).size).toBe(20_000);
      expect(uids[0]).toBe(20_000);
      expect(uids[uids.length - 1]).toBe(1);
      expect(uids).toEqual([...uids].sort((a, b) => b - a));
    } finally {
      await provider.close();
      await dovecot.stop();
      restore();
    }
  });
});

describe.skipIf(noDovecot)("imap provider meeting a FETCH response its reader refuses", () => {
  it("reads the listing through imapflow instead, losing no mail", async () => {
    const restore = setEnv({ ALLOW_PRIVATE_NETWORK: "1", LOG_LEVEL: "warn" });
    const dovecot = await startDovecot();
    const provider = new ImapMailProvider({ credentials: dovecot.credentials() });
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    try {
      // 70 nested multiparts: a BODYSTRUCTURE deeper than our reader's bound (64), legal for Dovecot.
      const depth = 70;
      const open = Array.from({ length: depth }, (_, i) => `--b${i}\r\nContent-Type: multipart/mixed; boundary="b${i + 1}"\r\n\r\n`).join("");
      const close = Array.from({ length: depth }, (_, i) => `--b${depth - i}--\r\n`).join("");
      const nested = buildTestMessage({
        from: "Deep <deep@corp.example>",
        subject: "Nested",
        date: new Date(BASE),
        headers: { "Content-Type": 'multipart/mixed; boundary="b0"' },
        body: `${open}--b${depth}\r\nContent-Type: text/plain\r\n\r\nhi\r\n${close}--b0--\r\n`,
      });
      await dovecot.append([seedMessage(0), nested, seedMessage(2), seedMessage(3)]);
      const { messages } = await listAll(provider, 2);
      expect(messages.map((m) => m.subject)).toEqual(["Hello 3", "Sync 2", "Nested", "Hello 0"]);
      expect(messages.find((m) => m.subject === "Sync 2")!.has_calendar).toBe(true);
      expect(messages.find((m) => m.subject === "Nested")!.from_email).toBe("deep@corp.example");
      expect(warn.mock.calls.map((c) => String(c[0]))).toContainEqual(expect.stringContaining("unreadable FETCH response, continuing through imapflow"));
    } finally {
      warn.mockRestore();
      await provider.close();
      await dovecot.stop();
      restore();
    }
  });
});

describe.skipIf(noDovecot)("imap provider over TLS", () => {
  it("lists through implicit TLS and through STARTTLS, verifying the certificate", async () => {
    const restore = setEnv({ ALLOW_PRIVATE_NETWORK: "1" });
    const dovecot = await startDovecot({ tls: true });
    try {
      await dovecot.append(Array.from({ length: 30 }, (_, i) => seedMessage(i)));
      const plain = dovecot.credentials();
      for (const credentials of [{ ...plain, port: dovecot.tlsPort!, secure: true }, plain]) {
        const provider = new ImapMailProvider({ credentials, tlsCa: dovecot.tlsCa! });
        try {
          const { messages } = await listAll(provider, 20);
          expect(messages).toHaveLength(30);
          expect(messages[0]).toMatchObject({ subject: "Hello 29", from_email: "person12@corp.example" });
        } finally {
          await provider.close();
        }
      }
      // Without trust in the certificate nothing is read, on either port: TLS is verified, and the
      // plain port was upgraded with STARTTLS rather than read in the clear.
      for (const credentials of [{ ...plain, port: dovecot.tlsPort!, secure: true }, plain]) {
        const untrusted = new ImapMailProvider({ credentials });
        await expect(untrusted.listPage(null)).rejects.toThrow(/TLS|certificate/i);
        await untrusted.close();
      }
    } finally {
      await dovecot.stop();
      restore();
    }
  });
});
