import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildMicrosoftConsentUrl, exchangeMicrosoftAuthCode, microsoftCredentialsFromRefreshToken, type OutlookCredentials } from "@/lib/providers/mail/microsoft-oauth";
import { OutlookMailProvider } from "@/lib/providers/mail/outlook";
import { CursorExpiredError, MailProviderError, type MailMessageMeta } from "@/lib/providers/mail/types";
import { startGraphFake, type FakeGraphMessageInput, type GraphFake } from "@/tests/fakes/graph-server";
import { createManualClock } from "@/tests/fakes/manual-clock";
import { closedPort, setEnv } from "./env-scope";

const NOW = Date.now();

function sample(i: number, overrides: Partial<FakeGraphMessageInput> = {}): FakeGraphMessageInput {
  return { fromName: `Sender ${i % 30}`, fromAddress: `sender${i % 30}@Contoso${i % 5}.com`, subject: `Message ${i}`, receivedAt: NOW - (i + 10) * 3600_000, ...overrides };
}

async function listAll(provider: OutlookMailProvider, pageSize: number) {
  const messages: MailMessageMeta[] = [];
  let token: string | null = null;
  let pages = 0;
  let estimated: number | null = null;
  do {
    const page = await provider.listPage(token, { pageSize });
    estimated ??= page.estimated_total;
    messages.push(...page.messages);
    token = page.next_page_token;
    pages++;
  } while (token);
  return { messages, pages, estimated };
}

async function drainChanges(provider: OutlookMailProvider, cursor: Record<string, unknown>) {
  const messages: MailMessageMeta[] = [];
  let token: string | null = null;
  let final: Record<string, unknown> | null = null;
  do {
    const page = await provider.listChanges(cursor, token);
    messages.push(...page.messages);
    token = page.next_page_token;
    final = page.cursor;
  } while (token);
  return { messages, cursor: final! };
}

describe("outlook provider against the loopback Graph", () => {
  let fake: GraphFake;
  let restoreEnv: () => void;
  let credentials: OutlookCredentials;
  const persist = (c: OutlookCredentials) => {
    credentials = c;
  };

  beforeAll(async () => {
    fake = await startGraphFake();
    restoreEnv = setEnv(fake.env);
    credentials = { refresh_token: fake.setUser({ mail: "Grace@Contoso.com", displayName: "Grace Hopper" }).refreshToken };
    fake.addMessages(Array.from({ length: 120 }, (_, i) => sample(i)));
    fake.addMessages([
      sample(500, { subject: "Invitation: Design review", odataType: "#microsoft.graph.eventMessageRequest", receivedAt: NOW - 2 * 3600_000 }),
      sample(501, { subject: "unsent", folder: "drafts", receivedAt: NOW - 3 * 3600_000 }),
      sample(502, { subject: "I wrote this", fromAddress: "grace@contoso.com", folder: "sentitems", receivedAt: NOW - 4 * 3600_000 }),
    ]);
  });

  afterAll(async () => {
    restoreEnv();
    await fake.stop();
  });

  it("verifies and lists every message page by page with envelope metadata", async () => {
    const provider = new OutlookMailProvider({ credentials, onCredentialsUpdate: persist });
    await expect(provider.verify()).resolves.toEqual({ account_email: "grace@contoso.com" });
    // The rotated refresh token reached the caller.
    expect(credentials.access_token).toBeTruthy();

    const { messages, pages, estimated } = await listAll(provider, 25);
    expect(pages).toBe(5);
    expect(estimated).toBe(123);
    expect(messages).toHaveLength(121); // the draft and the user's sent mail are not mail from a sender
    expect(new Set(messages.map((m) => m.provider_message_id)).size).toBe(121);
    expect(messages.some((m) => m.subject === "I wrote this")).toBe(false);
    const dates = messages.map((m) => m.date.getTime());
    expect(dates).toEqual([...dates].sort((a, b) => b - a));
    const invite = messages[0];
    expect(invite).toMatchObject({ subject: "Invitation: Design review", has_calendar: true, from_email: "sender20@contoso0.com", from_name: "Sender 20", snippet: "" });
    expect(invite.to).toBe("Grace@Contoso.com");
    expect(messages[1].has_calendar).toBe(false);
    const first = fake.stats.paths.find((p) => p.includes("/me/messages?"))!;
    expect(decodeURIComponent(first)).toContain("$select=id,conversationId,subject,receivedDateTime,from,sender,toRecipients,replyTo,isDraft,inferenceClassification");
  });

  it("syncs new inbox mail by delta: once, never twice, and not read-state changes", async () => {
    const provider = new OutlookMailProvider({ credentials, onCredentialsUpdate: persist });
    const cursor = await provider.currentCursor();
    expect(Object.keys((cursor as { delta_links: object }).delta_links)).toEqual(["inbox"]);

    const none = await drainChanges(provider, cursor);
    expect(none.messages).toEqual([]);

    const ids = fake.addMessages(Array.from({ length: 23 }, (_, i) => sample(1000 + i, { subject: `New ${i}`, receivedAt: Date.now() + i })));
    fake.addMessages([sample(2000, { subject: "sent by me", folder: "sentitems", receivedAt: Date.now() })]);
    fake.markRead(ids[0]);
    const first = await drainChanges(provider, none.cursor);
    expect(first.messages.map((m) => m.subject).sort()).toEqual(Array.from({ length: 23 }, (_, i) => `New ${i}`).sort());

    fake.markRead(ids[1]);
    fake.deleteMessage(ids[2]);
    const second = await drainChanges(provider, first.cursor);
    expect(second.messages).toEqual([]);
    expect(fake.stats.paths.some((p) => p.includes("changeType=created"))).toBe(true);
  });

  it("turns an expired delta token (410 SyncStateNotFound) into CursorExpiredError", async () => {
    const provider = new OutlookMailProvider({ credentials, onCredentialsUpdate: persist });
    const cursor = await provider.currentCursor();
    fake.expireDeltaTokens();
    await expect(provider.listChanges(cursor, null)).rejects.toBeInstanceOf(CursorExpiredError);
    await expect(provider.listChanges({}, null)).rejects.toBeInstanceOf(CursorExpiredError);
  });

  it("keeps at most 4 requests in flight per mailbox", async () => {
    const slow = await startGraphFake({ latencyMs: 25 });
    const restore = setEnv(slow.env);
    try {
      const rt = slow.setUser({ mail: "busy@contoso.com", displayName: "Busy" }).refreshToken;
      slow.addMessages(Array.from({ length: 40 }, (_, i) => sample(i)));
      let stored: OutlookCredentials = { refresh_token: rt };
      const a = new OutlookMailProvider({ credentials: stored, mailboxKey: "integration-busy", onCredentialsUpdate: (c) => void (stored = c) });
      await a.verify();
      const token = (await a.listPage(null, { pageSize: 5 })).next_page_token!;
      // A second instance for the same mailbox (a scan and a sync at once) shares the gate.
      const b = new OutlookMailProvider({ credentials: stored, mailboxKey: "integration-busy" });
      const results = await Promise.all([
        ...Array.from({ length: 8 }, () => a.listPage(token, { pageSize: 5 })),
        ...Array.from({ length: 8 }, () => b.verify()),
      ]);
      expect(results).toHaveLength(16);
      expect(slow.stats.maxInFlight).toBeLessThanOrEqual(4);
      expect(slow.stats.maxInFlight).toBeGreaterThan(1);
      expect(slow.stats.throttled).toBe(0);
    } finally {
      restore();
      await slow.stop();
    }
  });

  it("waits out 429 Retry-After before trying again", async () => {
    const clock = createManualClock(Date.now());
    const timed = await startGraphFake({ clock });
    const restore = setEnv(timed.env);
    try {
      const rt = timed.setUser({ mail: "t@contoso.com", displayName: "T" }).refreshToken;
      timed.addMessages(Array.from({ length: 30 }, (_, i) => sample(i)));
      const provider = new OutlookMailProvider({ credentials: { refresh_token: rt }, clock });
      await provider.verify();
      timed.throttleNext(2, 9);
      const start = clock.now();
      const { messages } = await listAll(provider, 10);
      expect(messages).toHaveLength(30);
      expect(timed.stats.throttled).toBe(2);
      expect(timed.stats.earlyRetries).toBe(0);
      expect(clock.now() - start).toBeGreaterThanOrEqual(18_000);
    } finally {
      restore();
      await timed.stop();
    }
  });

  it("maps bad credentials to auth and an unreachable Graph to unavailable", async () => {
    const bad = new OutlookMailProvider({ credentials: { refresh_token: "M.C1_not-valid" } });
    const err = await bad.verify().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MailProviderError);
    expect((err as MailProviderError).kind).toBe("auth");
    // An access token Graph no longer accepts and a refresh token that is spent.
    const revoked = new OutlookMailProvider({ credentials: { refresh_token: "M.C1_spent", access_token: "eyJ.bogus", expires_at: Date.now() + 3600_000 } });
    await expect(revoked.verify()).rejects.toMatchObject({ kind: "auth" });

    const port = await closedPort();
    const restore = setEnv({ GRAPH_API_BASE_URL: `http://127.0.0.1:${port}` });
    try {
      const unreachable = new OutlookMailProvider({ credentials, onCredentialsUpdate: persist });
      await expect(unreachable.verify()).rejects.toMatchObject({ name: "MailProviderError", kind: "unavailable" });
    } finally {
      restore();
    }
    const restoreLogin = setEnv({ MICROSOFT_LOGIN_BASE_URL: `http://127.0.0.1:${port}` });
    try {
      await expect(microsoftCredentialsFromRefreshToken(credentials.refresh_token)).rejects.toMatchObject({ kind: "unavailable" });
    } finally {
      restoreLogin();
    }
  });

  it("refuses to follow a page link to another host (it would carry our token)", async () => {
    const provider = new OutlookMailProvider({ credentials, onCredentialsUpdate: persist });
    await expect(provider.listPage("https://evil.example/v1.0/me/messages?$skip=10")).rejects.toMatchObject({ kind: "invalid_request" });
  });

  it("runs the OAuth flow: consent URL, code exchange, refresh token input", async () => {
    const redirectUri = "http://localhost:3000/api/integrations/outlook/callback";
    const consent = new URL(buildMicrosoftConsentUrl({ state: "st-9", redirectUri }));
    expect(consent.origin + consent.pathname).toBe(`${fake.url}/common/oauth2/v2.0/authorize`);
    expect(consent.searchParams.get("scope")).toBe("offline_access User.Read Mail.ReadBasic");
    expect(consent.searchParams.get("client_id")).toBe(fake.clientId);
    const redirect = await fetch(consent, { redirect: "manual" });
    const back = new URL(redirect.headers.get("location")!);
    expect(back.searchParams.get("state")).toBe("st-9");
    const fresh = await exchangeMicrosoftAuthCode({ code: back.searchParams.get("code")!, redirectUri });
    expect(fresh.refresh_token).toBeTruthy();
    await expect(exchangeMicrosoftAuthCode({ code: back.searchParams.get("code")!, redirectUri })).rejects.toMatchObject({ kind: "auth" });
    const viaToken = await microsoftCredentialsFromRefreshToken(fresh.refresh_token);
    expect(viaToken.refresh_token).not.toBe(fresh.refresh_token);
    await expect(new OutlookMailProvider({ credentials: viaToken }).verify()).resolves.toEqual({ account_email: "grace@contoso.com" });
  });
});
