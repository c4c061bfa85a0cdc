import { describe, expect, it } from "vitest";
import { bodyHasCalendarPart } from "./imap-fetch-session";
import { ImapProtocolError, ImapResponseFramer, parseResponse, type ImapResponse, type ImapValue } from "./imap-response";

/** Frame `stream` delivered in the given chunk sizes; literals are copied out inside the callback. */
function frame(stream: string | Buffer, split: (total: number) => number[] = (t) => [t]): string[] {
  const bytes = typeof stream === "string" ? Buffer.from(stream, "utf8") : stream;
  const out: string[] = [];
  const framer = new ImapResponseFramer((r) => out.push(r.toString("utf8")));
  let at = 0;
  for (const size of split(bytes.length)) {
    framer.push(bytes.subarray(at, at + size));
    at += size;
  }
  return out;
}

/** Parse one response, turning literal Buffers into strings while they are valid. */
function parse(line: string): ImapResponse {
  const response = parseResponse(Buffer.from(line, "utf8"));
  const plain = (v: ImapValue): ImapValue => (Buffer.isBuffer(v) ? `<${v.toString("utf8")}>` : Array.isArray(v) ? v.map(plain) : v);
  return response.kind === "fetch" ? { ...response, items: response.items.map(plain) } : response;
}

const HEADER = "From: Ann <ann@example.com>\r\nSubject: {5}\r\n\r\n";
const STREAM =
  `* 3 EXISTS\r\n` +
  `* 1 FETCH (UID 10 INTERNALDATE " 7-Jul-2025 02:44:25 -0700" BODY[HEADER.FIELDS (FROM SUBJECT)] {${Buffer.byteLength(HEADER)}}\r\n${HEADER})\r\n` +
  `* 2 FETCH (UID 11 BODY[HEADER.FIELDS (FROM)] {0}\r\n)\r\n` +
  `P1 OK Fetch completed (0.001 + 0.000 secs).\r\n`;

describe("ImapResponseFramer", () => {
  it("splits a stream into whole responses, a literal's CRLFs and a '{5}' inside one included", () => {
    const expected = [
      "* 3 EXISTS\r\n",
      `* 1 FETCH (UID 10 INTERNALDATE " 7-Jul-2025 02:44:25 -0700" BODY[HEADER.FIELDS (FROM SUBJECT)] {${Buffer.byteLength(HEADER)}}\r\n${HEADER})\r\n`,
      "* 2 FETCH (UID 11 BODY[HEADER.FIELDS (FROM)] {0}\r\n)\r\n",
      "P1 OK Fetch completed (0.001 + 0.000 secs).\r\n",
    ];
    expect(frame(STREAM)).toEqual(expected);
    // Whatever the chunking: every split point, and one byte at a time.
    for (let cut = 1; cut < STREAM.length; cut++) expect(frame(STREAM, (t) => [cut, t - cut])).toEqual(expected);
    expect(frame(STREAM, (t) => Array.from({ length: t }, () => 1))).toEqual(expected);
  });

  it("handles LITERAL+ and literal8 announcements, bare LF line ends and UTF-8 literals", () => {
    const utf8 = "Subject: Café ☕\r\n";
    const stream = `* 1 FETCH (BODY[] {${Buffer.byteLength(utf8)}+}\r\n${utf8} BINARY[1] ~{3}\r\nabc)\n* 2 EXPUNGE\r\n`;
    expect(frame(stream)).toEqual([`* 1 FETCH (BODY[] {${Buffer.byteLength(utf8)}+}\r\n${utf8} BINARY[1] ~{3}\r\nabc)\n`, "* 2 EXPUNGE\r\n"]);
  });

  it("keeps a partial response until the rest arrives, across many chunks and a grown buffer", () => {
    const big = "X".repeat(200_000);
    const stream = `* 1 FETCH (UID 1 BODY[] {${big.length}}\r\n${big})\r\nP1 OK done\r\n`;
    const responses = frame(stream, (t) => Array.from({ length: Math.ceil(t / 7000) }, (_, i) => Math.min(7000, t - i * 7000)));
    expect(responses).toHaveLength(2);
    expect(responses[0]!.length).toBe(stream.length - "P1 OK done\r\n".length);
  });

  it("refuses a response larger than its bound", () => {
    const framer = new ImapResponseFramer(() => {}, 1024);
    expect(() => framer.push(Buffer.from(`* 1 FETCH (BODY[] {5000}\r\n`))).toThrow(ImapProtocolError);
    const lines = new ImapResponseFramer(() => {}, 1024);
    expect(() => lines.push(Buffer.alloc(2048, 65))).toThrow(ImapProtocolError);
  });
});

describe("parseResponse", () => {
  it("reads FETCH data: numbers, quoted strings with escapes, NIL, nested lists, sections with partials, literals", () => {
    expect(
      parse(
        `* 12 FETCH (UID 4 FLAGS (\\Seen $Junk) INTERNALDATE "17-Jul-1996 02:44:25 -0700" X-NAME "a \\"q\\" \\\\ b" ENV NIL BODY[HEADER.FIELDS (FROM TO)]<0> {3}\r\nabc MODSEQ (123))\r\n`,
      ),
    ).toEqual({
      kind: "fetch",
      seq: 12,
      items: [
        "UID",
        "4",
        "FLAGS",
        ["\\Seen", "$Junk"],
        "INTERNALDATE",
        "17-Jul-1996 02:44:25 -0700",
        "X-NAME",
        'a "q" \\ b',
        "ENV",
        null,
        "BODY[HEADER.FIELDS (FROM TO)]<0>",
        "<abc>",
        "MODSEQ",
        ["123"],
      ],
    });
  });

  it("reads tagged and untagged status responses with their codes, continuations and other untagged data", () => {
    expect(parse("P7 OK [READ-ONLY] Examine completed\r\n")).toEqual({ kind: "status", tag: "P7", status: "OK", code: "READ-ONLY", text: "Examine completed" });
    expect(parse("P8 no [SERVERBUG] Internal error\r\n")).toEqual({ kind: "status", tag: "P8", status: "NO", code: "SERVERBUG", text: "Internal error" });
    expect(parse("* BYE Server shutting down\r\n")).toEqual({ kind: "status", tag: "*", status: "BYE", code: null, text: "Server shutting down" });
    expect(parse("+ Ready for literal data\r\n")).toEqual({ kind: "continue", text: "Ready for literal data" });
    expect(parse("* 4 EXPUNGE\r\n")).toEqual({ kind: "other", tag: "*", name: "EXPUNGE" });
    expect(parse("* FLAGS (\\Seen)\r\n")).toEqual({ kind: "other", tag: "*", name: "FLAGS" });
  });

  it("refuses malformed responses with a protocol error instead of guessing", () => {
    for (const bad of [
      `* 1 FETCH (UID 1 X "unterminated)\r\n`,
      "* 1 FETCH (UID 1 (a b)\r\n",
      "* 1 FETCH (BODY[HEADER {3}\r\nabc)\r\n",
      "* 1 FETCH (BODY[] {10}\r\nabc)\r\n",
      "* 1 FETCH UID 1\r\n",
      `* 1 FETCH (B ${"(".repeat(80)}x${")".repeat(80)})\r\n`,
    ]) {
      expect(() => parseResponse(Buffer.from(bad)), bad).toThrow(ImapProtocolError);
    }
  });
});

describe("bodyHasCalendarPart", () => {
  const structure = (s: string) => (parseResponse(Buffer.from(`* 1 FETCH (BODYSTRUCTURE ${s})\r\n`)) as { items: ImapValue[] }).items[1];

  it("finds text/calendar and application/ics parts at any depth, and in attached messages", () => {
    const invite = structure(
      `(("TEXT" "PLAIN" ("CHARSET" "utf-8") NIL NIL "7BIT" 10 1 NIL NIL NIL NIL)("text" "calendar" ("METHOD" "REQUEST") NIL NIL "7BIT" 40 2 NIL NIL NIL NIL) "ALTERNATIVE" ("BOUNDARY" "b1") NIL NIL NIL)`,
    );
    expect(bodyHasCalendarPart(invite)).toBe(true);
    const ics = structure(
      `(("TEXT" "PLAIN" NIL NIL NIL "7BIT" 1 1 NIL NIL NIL NIL)("APPLICATION" "ICS" ("NAME" {10}\r\ninvite.ics) NIL NIL "BASE64" 90 NIL NIL NIL NIL) "MIXED")`,
    );
    expect(bodyHasCalendarPart(ics)).toBe(true);
    const forwarded = structure(
      `(("TEXT" "PLAIN" NIL NIL NIL "7BIT" 1 1 NIL NIL NIL NIL)("MESSAGE" "RFC822" NIL NIL NIL "7BIT" 500 (NIL "Fwd" NIL NIL NIL NIL NIL NIL NIL NIL) ("TEXT" "CALENDAR" NIL NIL NIL "7BIT" 40 2 NIL NIL NIL NIL) 20 NIL NIL NIL NIL) "MIXED")`,
    );
    expect(bodyHasCalendarPart(forwarded)).toBe(true);
  });

  it("says no for ordinary mail and for anything that is not a structure", () => {
    expect(bodyHasCalendarPart(structure(`("TEXT" "PLAIN" ("CHARSET" "us-ascii") NIL NIL "7BIT" 45 2 NIL NIL NIL NIL)`))).toBe(false);
    expect(
      bodyHasCalendarPart(
        structure(`(("TEXT" "HTML" NIL NIL NIL "7BIT" 1 1 NIL NIL NIL NIL)("IMAGE" "PNG" NIL NIL NIL "BASE64" 9 NIL NIL NIL NIL) "RELATED")`),
      ),
    ).toBe(false);
    expect(bodyHasCalendarPart(null)).toBe(false);
    expect(bodyHasCalendarPart("TEXT")).toBe(false);
  });
});
