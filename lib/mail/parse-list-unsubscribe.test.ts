import { describe, expect, it } from "vitest";
import { parseListUnsubscribe } from "./parse-list-unsubscribe";

describe("parseListUnsubscribe", () => {
  it("reads https and mailto links (RFC 2369)", () => {
    expect(parseListUnsubscribe("<mailto:leave@list.example.com?subject=unsubscribe>, <https://example.com/u/abc>")).toEqual({
      http: "https://example.com/u/abc",
      mailto: "mailto:leave@list.example.com?subject=unsubscribe",
      one_click: false,
    });
  });
  it("is one-click only with List-Unsubscribe-Post and an https link (RFC 8058)", () => {
    expect(parseListUnsubscribe("<https://example.com/u/abc>", "List-Unsubscribe=One-Click").one_click).toBe(true);
    expect(parseListUnsubscribe("<http://example.com/u/abc>", "List-Unsubscribe=One-Click")).toEqual({
      http: "http://example.com/u/abc",
      mailto: null,
      one_click: false,
    });
    expect(parseListUnsubscribe("<mailto:u@example.com>", "List-Unsubscribe=One-Click").one_click).toBe(false);
    expect(parseListUnsubscribe("<https://example.com/u/abc>", "").one_click).toBe(false);
  });
  it("prefers https over http, ignores unbracketed text and folding whitespace", () => {
    expect(parseListUnsubscribe("<http://a.example/x>, <https://b.example/\r\n y>").http).toBe("https://b.example/y");
    expect(parseListUnsubscribe("https://not-bracketed.example/x")).toEqual({ http: null, mailto: null, one_click: false });
    expect(parseListUnsubscribe(undefined)).toEqual({ http: null, mailto: null, one_click: false });
  });
});
