import { describe, expect, it } from "vitest";
import { createMailProvider } from "@/lib/providers/mail/create-mail-provider";
import { DemoMailProvider } from "@/lib/providers/mail/demo";
import { GmailMailProvider } from "@/lib/providers/mail/gmail";
import { ImapMailProvider } from "@/lib/providers/mail/imap";
import { OutlookMailProvider } from "@/lib/providers/mail/outlook";
import { MailProviderError } from "@/lib/providers/mail/types";
import { setEnv } from "./env-scope";

describe("createMailProvider", () => {
  it("builds each provider from its stored credentials", () => {
    const restore = setEnv({ GMAIL_CLIENT_ID: "id", GMAIL_CLIENT_SECRET: "secret", OUTLOOK_CLIENT_ID: "id", OUTLOOK_CLIENT_SECRET: "secret" });
    try {
      expect(createMailProvider({ provider: "gmail", credentials: { refresh_token: "1//x" } })).toBeInstanceOf(GmailMailProvider);
      expect(createMailProvider({ provider: "outlook", credentials: { refresh_token: "M.x" } })).toBeInstanceOf(OutlookMailProvider);
      expect(
        createMailProvider({ provider: "imap", credentials: { host: "imap.example.com", port: 993, secure: true, username: "u", password: "p" } }),
      ).toBeInstanceOf(ImapMailProvider);
      expect(createMailProvider({ provider: "demo", credentials: null })).toBeInstanceOf(DemoMailProvider);
    } finally {
      restore();
    }
  });

  it("rejects incomplete credentials naming the fields, never echoing a secret", () => {
    const attempt = () =>
      createMailProvider({ provider: "imap", credentials: { host: "imap.example.com", port: 993, secure: true, username: "u", password: "" } });
    expect(attempt).toThrow(MailProviderError);
    expect(attempt).toThrow(/password/);
    const leaked = () => createMailProvider({ provider: "gmail", credentials: { refresh_token: 12345678 } });
    expect(leaked).toThrow(/refresh_token/);
    expect(leaked).not.toThrow(/12345678/);
  });

  it("says when an OAuth provider is not configured", () => {
    const restore = setEnv({ GMAIL_CLIENT_ID: undefined, GOOGLE_CLIENT_ID: undefined, GMAIL_CLIENT_SECRET: undefined, GOOGLE_CLIENT_SECRET: undefined });
    try {
      expect(() => createMailProvider({ provider: "gmail", credentials: { refresh_token: "1//x" } })).toThrow(/GMAIL_CLIENT_ID/);
    } finally {
      restore();
    }
  });
});
