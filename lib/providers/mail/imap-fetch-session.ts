import type { Duplex } from "node:stream";
import { ImapProtocolError, ImapResponseFramer, parseResponse, type ImapValue } from "./imap-response";

/** One message of a header listing, as the server sent it (undecoded header block). */
export type FetchedHeaders = {
  uid: number;
  internal_date: Date | null;
  /** The raw header block of the requested fields. */
  header: string;
  /** A text/calendar (or application/ics) part anywhere in the body structure. */
  has_calendar_part: boolean;
};

/** The server answered a command with NO or BAD. */
export class ImapCommandError extends Error {
  constructor(
    readonly status: "NO" | "BAD",
    readonly responseText: string,
  ) {
    super(`IMAP server answered ${status}: ${responseText}`);
    this.name = "ImapCommandError";
  }
}

/** The connection ended (closed, BYE, timed out) before the command completed. */
export class ImapConnectionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ImapConnectionError";
  }
}

type Pending = { tag: string; onFetch: (items: ImapValue[]) => void; resolve: () => void; reject: (error: Error) => void };

const text = (v: ImapValue | undefined): string => (typeof v === "string" ? v : Buffer.isBuffer(v) ? v.toString("utf8") : "");

/** A text/calendar or application/ics part anywhere in a BODYSTRUCTURE (nested messages included). */
export function bodyHasCalendarPart(node: ImapValue | undefined, depth = 0): boolean {
  if (!Array.isArray(node) || depth > 32) return false;
  if (Array.isArray(node[0])) {
    for (const child of node) {
      if (!Array.isArray(child)) break;
      if (bodyHasCalendarPart(child, depth + 1)) return true;
    }
    return false;
  }
  const type = text(node[0]).toLowerCase();
  const subtype = text(node[1]).toLowerCase();
  if ((type === "text" && subtype === "calendar") || (type === "application" && subtype === "ics")) return true;
  // message/rfc822: the enclosed message's structure follows its envelope (RFC 9051 body-type-msg).
  return type === "message" && (subtype === "rfc822" || subtype === "global") && bodyHasCalendarPart(node[8], depth + 1);
}

/**
 * Runs header listings (`UID FETCH <range> (UID INTERNALDATE BODYSTRUCTURE BODY.PEEK[HEADER.FIELDS
 * (...)])`) on a connection imapflow has opened, authenticated, EXAMINEd and handed over with
 * `unbind()`. Responses are parsed as they stream in, and each message is reduced to what the scan
 * needs while its bytes are in hand: no per-message objects beyond the result, no retained buffers.
 * One command at a time; any protocol or connection failure ends the session (open a new one).
 */
export class ImapFetchSession {
  private readonly framer: ImapResponseFramer;
  private pending: Pending | null = null;
  private failure: Error | null = null;
  private tags = 0;
  private timer: NodeJS.Timeout | null = null;
  private byeText: string | null = null;

  constructor(
    private readonly socket: Duplex,
    private readonly idleTimeoutMs = 120_000,
  ) {
    this.framer = new ImapResponseFramer((response) => this.dispatch(response));
    // imapflow's own inactivity timeout has no listener any more; ours runs per command.
    (socket as Duplex & { setTimeout?: (ms: number) => void }).setTimeout?.(0);
    socket.on("data", this.onData);
    socket.on("error", this.onError);
    socket.on("close", this.onClose);
    socket.resume();
  }

  get usable(): boolean {
    return !this.failure && !this.socket.destroyed;
  }

  /** Header listing of a UID range; messages come back in the server's order. */
  async fetchHeaders(range: string, headerFields: readonly string[]): Promise<FetchedHeaders[]> {
    const out: FetchedHeaders[] = [];
    await this.run(`UID FETCH ${range} (UID INTERNALDATE BODYSTRUCTURE BODY.PEEK[HEADER.FIELDS (${headerFields.join(" ")})])`, (items) => {
      let uid = 0;
      let internal: string | null = null;
      let header = "";
      let calendar = false;
      let sawHeader = false;
      for (let i = 0; i + 1 < items.length; i += 2) {
        const key = typeof items[i] === "string" ? (items[i] as string).toUpperCase() : "";
        const value = items[i + 1];
        if (key === "UID") uid = Number(value);
        else if (key === "INTERNALDATE") internal = text(value);
        else if (key === "BODYSTRUCTURE") calendar = bodyHasCalendarPart(value);
        else if (key.startsWith("BODY[")) {
          header = text(value);
          sawHeader = true;
        }
      }
      // Unsolicited FETCH responses (flag changes by another client) carry none of our items.
      if (!sawHeader || !Number.isSafeInteger(uid) || uid <= 0) return;
      const date = internal ? new Date(internal) : null;
      out.push({ uid, internal_date: date && !Number.isNaN(date.getTime()) ? date : null, header, has_calendar_part: calendar });
    });
    return out;
  }

  /** LOGOUT politely (bounded wait), then close the socket. */
  async close(): Promise<void> {
    if (this.usable && !this.pending) {
      await Promise.race([this.run("LOGOUT", () => {}).catch(() => {}), new Promise((r) => setTimeout(r, 2000).unref())]);
    }
    this.fail(new ImapConnectionError("IMAP session closed"));
  }

  private run(command: string, onFetch: (items: ImapValue[]) => void): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.pending) return Promise.reject(new Error("ImapFetchSession runs one command at a time"));
    const tag = `P${++this.tags}`;
    return new Promise<void>((resolve, reject) => {
      this.pending = { tag, onFetch, resolve, reject };
      this.arm();
      this.socket.write(`${tag} ${command}\r\n`);
    });
  }

  private arm() {
    if (this.timer) clearTimeout(this.timer);
    this.timer = this.pending
      ? setTimeout(() => this.fail(new ImapConnectionError(`IMAP server sent nothing for ${Math.round(this.idleTimeoutMs / 1000)} s`)), this.idleTimeoutMs)
      : null;
  }

  private readonly onData = (chunk: Buffer) => {
    if (this.failure) return;
    if (this.pending) this.arm();
    try {
      this.framer.push(chunk);
    } catch (error) {
      this.fail(error instanceof Error ? error : new ImapProtocolError(String(error)));
    }
  };

  private readonly onError = (error: Error) => this.fail(new ImapConnectionError(`IMAP connection failed: ${error.message}`));

  private readonly onClose = () => this.fail(new ImapConnectionError("IMAP server closed the connection"));

  private dispatch(response: Buffer) {
    const parsed = parseResponse(response);
    const pending = this.pending;
    if (parsed.kind === "fetch") {
      pending?.onFetch(parsed.items);
      return;
    }
    if (parsed.kind !== "status") return;
    if (pending && parsed.tag === pending.tag) {
      this.pending = null;
      this.arm();
      if (parsed.status === "OK") pending.resolve();
      else pending.reject(new ImapCommandError(parsed.status === "BAD" ? "BAD" : "NO", parsed.text));
    } else if (parsed.status === "BYE") {
      // The server is hanging up (or saying goodbye to LOGOUT): the close that follows says why.
      this.byeText = parsed.text;
    }
  }

  private fail(error: Error) {
    if (this.failure) return;
    this.failure = this.byeText && error instanceof ImapConnectionError ? new ImapConnectionError(`IMAP server closed the connection: ${this.byeText}`) : error;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const pending = this.pending;
    this.pending = null;
    this.socket.off("data", this.onData);
    this.socket.destroy();
    pending?.reject(this.failure);
  }
}
