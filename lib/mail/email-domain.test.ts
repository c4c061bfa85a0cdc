import { describe, expect, it } from "vitest";
import { baseDomain, emailDomain } from "./email-domain";

describe("emailDomain / baseDomain", () => {
  it("extracts the lower-cased domain", () => {
    expect(emailDomain("Ann@Mail.Example.COM")).toBe("mail.example.com");
    expect(emailDomain("weird@local@host.io")).toBe("host.io");
    expect(emailDomain("nobody")).toBe("");
  });
  it("reduces to the organisation's domain", () => {
    expect(baseDomain("mail.github.com")).toBe("github.com");
    expect(baseDomain("em.shop.co.uk")).toBe("shop.co.uk");
    expect(baseDomain("example.com")).toBe("example.com");
  });
});
