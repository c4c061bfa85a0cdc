/**
 * A small, allocation-light reader for IMAP server responses (RFC 9051 / 3501 syntax): framing a
 * byte stream into whole responses (a line plus the literals it announces) and parsing the parts
 * PookAi's bulk header listing needs: FETCH data, tagged/untagged status and continuations.
 * imapflow stays in charge of connecting and authenticating; this is only the hot path that reads
 * thousands of FETCH responses, where imapflow's general parser costs more than the rest of a scan.
 */

export class ImapProtocolError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ImapProtocolError";
  }
}

/**
 * A parsed value: atoms and numbers as strings, quoted strings decoded, NIL as null, lists as arrays.
 * Literals are Buffers that point into the reader's own buffer: valid only during the callback
 * that received them (copy or decode them there).
 */
export type ImapValue = string | Buffer | null | ImapValue[];

export type ImapResponse =
  | { kind: "status"; tag: string; status: "OK" | "NO" | "BAD" | "BYE" | "PREAUTH"; code: string | null; text: string }
  | { kind: "fetch"; seq: number; items: ImapValue[] }
  | { kind: "continue"; text: string }
  | { kind: "other"; tag: string; name: string };

const LF = 10;
const CR = 13;
const SP = 32;
const DQ = 34;
const LP = 40;
const RP = 41;
const PLUS = 43;
const LT = 60;
const GT = 62;
const LB = 91;
const BS = 92;
const RB = 93;
const LC = 123;
const RC = 125;
const TILDE = 126;

const MAX_DEPTH = 64;
const STATUS = new Set(["OK", "NO", "BAD", "BYE", "PREAUTH"]);

/**
 * The size of the literal announced at the end of a line (`{123}`, `{123+}`, `~{123}`) whose LF is
 * at `lf`, or -1. Only bytes after `from` (the end of the previous literal) belong to the line.
 */
function literalBefore(buf: Buffer, from: number, lf: number): number {
  let i = lf - 1;
  if (i >= from && buf[i] === CR) i--;
  if (i < from || buf[i] !== RC) return -1;
  i--;
  if (i >= from && buf[i] === PLUS) i--;
  let size = 0;
  let digits = 0;
  let scale = 1;
  while (i >= from && buf[i]! >= 48 && buf[i]! <= 57) {
    size += (buf[i]! - 48) * scale;
    scale *= 10;
    digits++;
    i--;
  }
  if (!digits || digits > 10 || i < from || buf[i] !== LC) return -1;
  return size;
}

/**
 * Splits a server's byte stream into whole responses. Each response is handed to `onResponse` as
 * a view of the internal buffer, valid only until the callback returns. Bounded: a response larger
 * than `maxResponseBytes` is a protocol error (a hostile or broken server cannot exhaust memory).
 */
export class ImapResponseFramer {
  private buf = Buffer.allocUnsafe(64 * 1024);
  private len = 0;
  /** Start of the response being assembled. */
  private start = 0;
  /** Where scanning resumes. */
  private pos = 0;
  /** Start of the current line segment (after the last literal). */
  private lineStart = 0;
  private literalLeft = 0;

  constructor(
    private readonly onResponse: (response: Buffer) => void,
    private readonly maxResponseBytes = 64 * 1024 * 1024,
  ) {}

  push(chunk: Buffer): void {
    this.append(chunk);
    const buf = this.buf;
    for (;;) {
      if (this.literalLeft > 0) {
        const take = Math.min(this.literalLeft, this.len - this.pos);
        this.pos += take;
        this.literalLeft -= take;
        if (this.literalLeft > 0) return;
        this.lineStart = this.pos;
      }
      const lf = this.pos < this.len ? buf.indexOf(LF, this.pos) : -1;
      if (lf === -1 || lf >= this.len) {
        this.pos = this.len;
        if (this.len - this.start > this.maxResponseBytes) throw new ImapProtocolError("IMAP response too large");
        return;
      }
      const literal = literalBefore(buf, this.lineStart, lf);
      this.pos = lf + 1;
      if (literal >= 0) {
        if (literal > this.maxResponseBytes) throw new ImapProtocolError("IMAP literal too large");
        this.literalLeft = literal;
        this.lineStart = this.pos;
        continue;
      }
      const response = buf.subarray(this.start, this.pos);
      this.start = this.lineStart = this.pos;
      this.onResponse(response);
    }
  }

  private append(chunk: Buffer) {
    if (this.len + chunk.length > this.buf.length) {
      const kept = this.len - this.start;
      const size = Math.max(this.buf.length, 2 ** Math.ceil(Math.log2(kept + chunk.length)));
      const next = size === this.buf.length ? this.buf : Buffer.allocUnsafe(size);
      this.buf.copy(next, 0, this.start, this.len);
      this.buf = next;
      this.pos -= this.start;
      this.lineStart -= this.start;
      this.len = kept;
      this.start = 0;
    }
    chunk.copy(this.buf, this.len);
    this.len += chunk.length;
  }
}

/** Parses one framed response (see ImapResponseFramer). */
export function parseResponse(buf: Buffer): ImapResponse {
  const p = new Cursor(buf);
  const tag = p.word();
  if (tag === "+") {
    p.space();
    return { kind: "continue", text: p.rest() };
  }
  if (!tag) throw new ImapProtocolError("IMAP response without a tag");
  p.space();
  const second = p.word();
  const upper = second.toUpperCase();
  if (STATUS.has(upper)) {
    p.space();
    const code = p.peek() === LB ? p.responseCode() : null;
    return { kind: "status", tag, status: upper as "OK", code, text: p.rest() };
  }
  if (tag === "*" && /^\d+$/.test(second)) {
    p.space();
    const name = p.word().toUpperCase();
    if (name !== "FETCH") return { kind: "other", tag, name };
    p.space();
    const items = p.value(0);
    if (!Array.isArray(items)) throw new ImapProtocolError("FETCH response without a data list");
    return { kind: "fetch", seq: Number(second), items };
  }
  return { kind: "other", tag, name: upper };
}

class Cursor {
  pos = 0;
  readonly end: number;

  constructor(private readonly buf: Buffer) {
    let end = buf.length;
    if (end && buf[end - 1] === LF) end--;
    if (end && buf[end - 1] === CR) end--;
    this.end = end;
  }

  peek(): number {
    return this.pos < this.end ? this.buf[this.pos]! : -1;
  }

  space() {
    while (this.pos < this.end && this.buf[this.pos] === SP) this.pos++;
  }

  /** A run of bytes up to the next space (tags, response names, numbers). */
  word(): string {
    const start = this.pos;
    while (this.pos < this.end && this.buf[this.pos] !== SP) this.pos++;
    return this.buf.toString("latin1", start, this.pos);
  }

  rest(): string {
    const text = this.buf.toString("utf8", this.pos, this.end);
    this.pos = this.end;
    return text;
  }

  /** `[CODE args]` at the start of a status text: returned without the brackets. */
  responseCode(): string {
    const close = this.buf.indexOf(RB, this.pos);
    if (close === -1 || close >= this.end) throw new ImapProtocolError("Unterminated response code");
    const code = this.buf.toString("utf8", this.pos + 1, close);
    this.pos = close + 1;
    this.space();
    return code;
  }

  value(depth: number): ImapValue {
    if (depth > MAX_DEPTH) throw new ImapProtocolError("IMAP response nested too deeply");
    const c = this.peek();
    if (c === LP) {
      this.pos++;
      const list: ImapValue[] = [];
      for (;;) {
        this.space();
        const next = this.peek();
        if (next === RP) {
          this.pos++;
          return list;
        }
        if (next === -1) throw new ImapProtocolError("Unterminated list in IMAP response");
        list.push(this.value(depth + 1));
      }
    }
    if (c === DQ) return this.quoted();
    if (c === LC || (c === TILDE && this.buf[this.pos + 1] === LC)) return this.literal();
    if (c === -1) throw new ImapProtocolError("IMAP response ended early");
    return this.atom();
  }

  private quoted(): string {
    const buf = this.buf;
    const start = this.pos + 1;
    let i = start;
    let escaped = false;
    while (i < this.end && buf[i] !== DQ) {
      if (buf[i] === BS) {
        escaped = true;
        i++;
      }
      i++;
    }
    if (i >= this.end) throw new ImapProtocolError("Unterminated quoted string in IMAP response");
    this.pos = i + 1;
    const text = buf.toString("utf8", start, i);
    return escaped ? text.replace(/\\(.)/g, "$1") : text;
  }

  private literal(): Buffer {
    if (this.buf[this.pos] === TILDE) this.pos++;
    const close = this.buf.indexOf(RC, this.pos);
    if (close === -1 || close >= this.end) throw new ImapProtocolError("Malformed literal in IMAP response");
    const size = Number(this.buf.toString("latin1", this.pos + 1, this.buf[close - 1] === PLUS ? close - 1 : close));
    let start = close + 1;
    if (this.buf[start] === CR) start++;
    if (this.buf[start] !== LF || !Number.isSafeInteger(size)) throw new ImapProtocolError("Malformed literal in IMAP response");
    start++;
    if (start + size > this.end) throw new ImapProtocolError("Literal runs past the IMAP response");
    this.pos = start + size;
    return this.buf.subarray(start, start + size);
  }

  /** An atom, a number or NIL; a section (`BODY[HEADER.FIELDS (FROM)]<0>`) stays part of its atom. */
  private atom(): string | null {
    const buf = this.buf;
    const start = this.pos;
    let i = start;
    while (i < this.end) {
      const c = buf[i];
      if (c === SP || c === RP || c === LP) break;
      if (c === LB) {
        let depth = 1;
        i++;
        while (i < this.end && depth) {
          if (buf[i] === LB) depth++;
          else if (buf[i] === RB) depth--;
          i++;
        }
        if (depth) throw new ImapProtocolError("Unterminated section in IMAP response");
        if (buf[i] === LT) {
          const gt = buf.indexOf(GT, i);
          if (gt === -1 || gt >= this.end) throw new ImapProtocolError("Unterminated partial in IMAP response");
          i = gt + 1;
        }
        continue;
      }
      i++;
    }
    if (i === start) throw new ImapProtocolError(`Unexpected byte ${buf[i]} in IMAP response`);
    this.pos = i;
    if (i - start === 3 && (buf[start]! | 32) === 110 && (buf[start + 1]! | 32) === 105 && (buf[start + 2]! | 32) === 108) return null;
    return buf.toString("latin1", start, i);
  }
}
