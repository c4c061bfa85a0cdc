import { randomBytes } from "node:crypto";

/**
 * Google's HTTP batch wire format (developers.google.com/gmail/api/guides/batch): one
 * multipart/mixed POST whose parts are `application/http` requests, answered by one multipart/mixed
 * body whose parts are whole HTTP responses, each naming its request by `Content-ID: <response-…>`.
 */

/** Google refuses a batch of more calls than this ("Inner request count exceeds the limit"). */
export const GMAIL_BATCH_LIMIT = 100;
/** Google advises against Gmail batches over 50 calls: larger ones trip the per-user rate limit. */
export const GMAIL_BATCH_SIZE = 50;

export type BatchRequestPart = { contentId: string; method?: string; path: string };

export type BatchResponsePart = {
  /** The request's Content-ID, without the angle brackets and Google's "response-" prefix. */
  contentId: string;
  status: number;
  /** Inner response headers, names lower-cased. */
  headers: Record<string, string>;
  body: string;
};

/** The batch answer was not a readable multipart/mixed body. */
export class BatchFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "BatchFormatError";
  }
}

/** A boundary that cannot occur in Gmail's JSON or in our request lines. */
export function newBoundary(): string {
  return `batch_${randomBytes(18).toString("base64url")}`;
}

/** The multipart/mixed body and Content-Type of a batch of body-less requests (GET). */
export function buildBatchRequest(parts: readonly BatchRequestPart[], boundary = newBoundary()): { body: string; contentType: string } {
  if (parts.length > GMAIL_BATCH_LIMIT) throw new RangeError(`A Gmail batch holds at most ${GMAIL_BATCH_LIMIT} calls, not ${parts.length}`);
  const body = parts
    .map((p) => `--${boundary}\r\nContent-Type: application/http\r\nContent-ID: <${p.contentId}>\r\n\r\n${p.method ?? "GET"} ${p.path}\r\n\r\n`)
    .join("");
  return { body: `${body}--${boundary}--\r\n`, contentType: `multipart/mixed; boundary=${boundary}` };
}

/** The boundary parameter of a multipart Content-Type (quoted or not), or null. */
export function multipartBoundary(contentType: string | null | undefined): string | null {
  if (!contentType || !/^\s*multipart\//i.test(contentType)) return null;
  const match = contentType.match(/;\s*boundary\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;\s]+))/i);
  if (!match) return null;
  const value = match[1] !== undefined ? match[1].replace(/\\(.)/g, "$1") : match[2];
  return value || null;
}

/**
 * The body parts of a multipart message (RFC 2046 5.1.1): the preamble and epilogue are dropped,
 * delimiter lines may carry trailing whitespace, and CRLF or bare LF line ends are both accepted.
 */
export function splitMultipart(body: string, boundary: string): string[] {
  const delimiter = `--${boundary}`;
  const parts: string[] = [];
  let current: string[] | null = null;
  for (const line of body.split(/\r?\n/)) {
    const bare = line.replace(/[ \t]+$/, "");
    if (bare === delimiter || bare === `${delimiter}--`) {
      if (current) parts.push(current.join("\r\n"));
      if (bare !== delimiter) return parts;
      current = [];
    } else {
      current?.push(line);
    }
  }
  throw new BatchFormatError("The multipart body has no closing delimiter");
}

/** A header block (up to the first empty line) and what follows it. */
function splitHead(text: string): { head: string[]; rest: string } {
  const lines = text.split(/\r?\n/);
  const blank = lines.findIndex((l) => l === "");
  if (blank === -1) return { head: lines, rest: "" };
  return { head: lines.slice(0, blank), rest: lines.slice(blank + 1).join("\r\n") };
}

function parseHeaders(lines: string[]): Record<string, string> {
  const headers: Record<string, string> = {};
  let last: string | null = null;
  for (const line of lines) {
    // obs-fold: a continuation line belongs to the header above it.
    if (/^[ \t]/.test(line) && last) {
      headers[last] = `${headers[last] ?? ""} ${line.trim()}`;
      continue;
    }
    const colon = line.indexOf(":");
    if (colon <= 0) continue;
    last = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    headers[last] = last in headers ? `${headers[last]}, ${value}` : value;
  }
  return headers;
}

/** Google answers `Content-ID: <response-item-3>` for the part sent as `<item-3>`. */
function requestContentId(value: string | undefined): string {
  return (value ?? "")
    .trim()
    .replace(/^<|>$/g, "")
    .replace(/^response-/, "");
}

/** Each part of a batch answer: the inner status line, headers and body, keyed by Content-ID. */
export function parseBatchResponse(body: string, contentType: string | null | undefined): BatchResponsePart[] {
  const boundary = multipartBoundary(contentType);
  if (!boundary) throw new BatchFormatError(`A batch answer must be multipart/mixed with a boundary, not ${contentType || "untyped"}`);
  return splitMultipart(body, boundary).map((part) => {
    const outer = splitHead(part);
    const partHeaders = parseHeaders(outer.head);
    const inner = splitHead(outer.rest.replace(/^(?:\r?\n)+/, ""));
    const statusLine = inner.head[0] ?? "";
    const status = statusLine.match(/^HTTP\/\d(?:\.\d)?\s+(\d{3})\b/);
    if (!status) throw new BatchFormatError(`A batch part has no HTTP status line: ${JSON.stringify(statusLine.slice(0, 80))}`);
    return {
      contentId: requestContentId(partHeaders["content-id"]),
      status: Number(status[1]),
      headers: parseHeaders(inner.head.slice(1)),
      body: inner.rest,
    };
  });
}
