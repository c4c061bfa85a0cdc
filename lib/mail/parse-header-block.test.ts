import { describe, expect, it } from "vitest";
import { parseHeaderBlock } from "./parse-header-block";

describe("parseHeaderBlock", () => {
  it("lower-cases names, unfolds continuation lines, keeps order and repeats, stops at the blank line", () => {
    const raw = Buffer.from(
      'From: "Ann" <ann@example.com>\r\nList-Unsubscribe: <https://example.com/u/1>,\r\n\t<mailto:u@example.com>\r\n' +
        "Received: one\r\nReceived: two\r\nSubject: =?UTF-8?B?SGVsbG8=?=\r\n\r\nBody: not a header\r\n",
    );
    expect(parseHeaderBlock(raw)).toEqual([
      { name: "from", value: '"Ann" <ann@example.com>' },
      { name: "list-unsubscribe", value: "<https://example.com/u/1>, <mailto:u@example.com>" },
      { name: "received", value: "one" },
      { name: "received", value: "two" },
      { name: "subject", value: "=?UTF-8?B?SGVsbG8=?=" },
    ]);
  });

  it("skips lines that are not headers and a continuation with nothing to continue", () => {
    expect(parseHeaderBlock("  orphan continuation\nnot a header\nX-Empty:\nPrecedence:  bulk \n")).toEqual([
      { name: "x-empty", value: "" },
      { name: "precedence", value: "bulk" },
    ]);
  });
});
