import { describe, expect, it } from "vitest";
import { parseAddress, parseAddressList } from "./parse-address";

describe("parseAddress", () => {
  it("reads a display name and lower-cases the address", () => {
    expect(parseAddress("Ann Lee <Ann.Lee@Example.COM>")).toEqual({ name: "Ann Lee", email: "ann.lee@example.com" });
  });
  it("unquotes quoted names with commas and escapes", () => {
    expect(parseAddress('"Lee, Ann \\"AL\\"" <ann@example.com>')).toEqual({ name: 'Lee, Ann "AL"', email: "ann@example.com" });
  });
  it("decodes RFC 2047 encoded words (B and Q)", () => {
    expect(parseAddress("=?UTF-8?B?SsO8cmdlbiBNw7xsbGVy?= <jm@example.de>")).toEqual({ name: "Jürgen Müller", email: "jm@example.de" });
    expect(parseAddress("=?ISO-8859-1?Q?Andr=E9?= Pirard <pirard@vm1.ulg.ac.be>").name).toBe("André Pirard");
  });
  it("handles bare, bracketed and commented forms", () => {
    expect(parseAddress("bob@example.org")).toEqual({ name: "", email: "bob@example.org" });
    expect(parseAddress("<bob@example.org>")).toEqual({ name: "", email: "bob@example.org" });
    expect(parseAddress("bob@example.org (Bob Smith)")).toEqual({ name: "Bob Smith", email: "bob@example.org" });
  });
  it("returns an empty address when there is none", () => {
    expect(parseAddress("undisclosed-recipients:;").email).toBe("");
    expect(parseAddress("").email).toBe("");
  });
  it("splits address lists on separating commas only", () => {
    expect(parseAddressList('"Lee, Ann" <ann@x.com>, bob@y.com, =?UTF-8?Q?Zo=C3=AB?= <zoe@z.com>')).toEqual([
      { name: "Lee, Ann", email: "ann@x.com" },
      { name: "", email: "bob@y.com" },
      { name: "Zoë", email: "zoe@z.com" },
    ]);
  });
});
