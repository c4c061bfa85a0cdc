import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GmailMailProvider } from "@/lib/providers/mail/gmail";
import { buildGoogleConsentUrl, exchangeGoogleAuthCode, googleCredentialsFromRefreshToken } from "@/lib/providers/mail/google-oauth";
import { CursorExpiredError, MailProviderError, type MailMessageMeta } from "@/lib/providers/mail/types";
import { startGmailFake, type FakeGmailMessageInput, type GmailFake } from "@/tests/fakes/gmail-server";
import { createManualClock } from "@/tests/fakes/manual-clock";
import { closedPort, setEnv } from "./env-scope";

const DAY = 86_400_000;
const NOW = Date.UTC(2025, 0, 15, 12, 0, 0);

function sample(i: number, overrides: Partial<FakeGmailMessageInput> = {}): FakeGmailMessageInput {
  return {
    from: `Sender ${i % 40} <sender${i % 40}@example${i % 7}.com>`,
    subject: `Message ${i}`,
    date: NOW - (i + 1) * 60_000,
    snippet: `snippet ${i}`,
    ...overrides,
  };
}

async function listAll(provider: GmailMailProvider, pageSize: number, since?: Date): Promise<{ messages: MailMessageMeta[]; pages: number }> {
  const messages: MailMessageMeta[] = [];
  let token: string | null = null;
  let pages = 0;
  do {
    const page = await provider.listPage(token, { pageSize, since });
    messages.push(...page.messages);
    token = page.next_page_token;
    pages++;
  } while (token);
  return { messages, pages };
}

describe("gmail provider against the loopback Gmail", () => {
  let fake: GmailFake;
  let restoreEnv: () => void;
  const email = "ada@example.com";
  let refreshToken: string;

  beforeAll(async () => {
    fake = await startGmailFake();
    restoreEnv = setEnv(fake.env);
    refreshToken = fake.addUser(email).refreshToken;
    fake.addMessages(
      email,
      Array.from({ length: 230 }, (_, i) => sample(i)),
    );
    fake.addMessages(email, [
      sample(900, {
        from: "=?UTF-8?B?SsO8cmdlbiBNw7xsbGVy?= <News@Substack.com>",
        subject: "=?UTF-8?Q?Caf=C3=A9_weekly?=",
        snippet: "It&#39;s here &amp; ready",
        date: NOW - 10 * DAY,
        headers: {
          "List-Unsubscribe": "<https://substack.com/u/abc>, <mailto:u@substack.com>",
          "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
          "List-Id": "<cafe.substack.com>",
          "X-Spam-Score": "0",
        },
      }),
      sample(901, { subject: "Invitation: Board meeting @ Thu", mimeType: "text/calendar", date: NOW - 11 * DAY }),
      sample(902, { subject: "my draft", labelIds: ["DRAFT"], date: NOW - 12 * DAY }),
      sample(903, { subject: "I sent this", labelIds: ["SENT"], date: NOW - 13 * DAY }),
    ]);
  });

  afterAll(async () => {
    restoreEnv();
    await fake.stop();
  });

  it("verifies and lists every message page by page with header metadata only", async () => {
    const updates: unknown[] = [];
    const provider = new GmailMailProvider({ credentials: { refresh_token: refreshToken }, onCredentialsUpdate: (c) => void updates.push(c) });
    await expect(provider.verify()).resolves.toEqual({ account_email: email });
    expect(updates.length).toBeGreaterThan(0);
    expect(updates[0]).toMatchObject({ refresh_token: refreshToken, access_token: expect.stringMatching(/^ya29\./) });

    const { messages, pages } = await listAll(provider, 50);
    expect(pages).toBe(5);
    expect(messages).toHaveLength(232); // drafts and sent mail are not mail from a sender
    expect(new Set(messages.map((m) => m.provider_message_id)).size).toBe(232);
    const dates = messages.map((m) => m.date.getTime());
    expect(dates).toEqual([...dates].sort((a, b) => b - a));

    const news = messages.find((m) => m.subject === "Café weekly")!;
    expect(news).toMatchObject({
      from_email: "news@substack.com",
      from_name: "Jürgen Müller",
      to: email,
      snippet: "It's here & ready",
      has_calendar: false,
      date: new Date(NOW - 10 * DAY),
    });
    expect(news.headers).toEqual({
      "list-unsubscribe": "<https://substack.com/u/abc>, <mailto:u@substack.com>",
      "list-unsubscribe-post": "List-Unsubscribe=One-Click",
      "list-id": "<cafe.substack.com>",
    });
    expect(messages.find((m) => m.subject.startsWith("Invitation"))!.has_calendar).toBe(true);
  });

  it("fetches the metadata through batch requests of at most 50 calls, one messages.get per message", async () => {
    const provider = new GmailMailProvider({ credentials: { refresh_token: refreshToken } });
    const before = { batches: fake.stats.batches, batched: fake.stats.batchedCalls, gets: fake.stats.requests["messages.get"] ?? 0 };
    const pageSizes: number[] = [];
    const ids: string[] = [];
    let token: string | null = null;
    do {
      const page = await provider.listPage(token, { pageSize: 120 });
      pageSizes.push(page.messages.length);
      ids.push(...page.messages.map((m) => m.provider_message_id));
      token = page.next_page_token;
    } while (token);
    expect(ids).toHaveLength(232);
    expect(new Set(ids).size).toBe(232);
    // Every messages.get travelled inside a batch: no single GETs, no call twice, no batch over 50.
    expect(fake.stats.requests["messages.get"]! - before.gets).toBe(232);
    expect(fake.stats.batchedCalls - before.batched).toBe(232);
    expect(fake.stats.batches - before.batches).toBe(pageSizes.reduce((n, size) => n + Math.ceil(size / 50), 0));
    expect(fake.stats.maxBatchParts).toBeLessThanOrEqual(50);
  });

  it("syncs incrementally from the history id: new mail once, nothing twice", async () => {
    const provider = new GmailMailProvider({ credentials: { refresh_token: refreshToken } });
    const cursor = await provider.currentCursor();
    expect(cursor).toEqual({ history_id: String(fake.currentHistoryId(email)) });

    const empty = await provider.listChanges(cursor, null);
    expect(empty.messages).toEqual([]);
    expect(empty.cursor).toEqual(cursor);

    fake.addMessages(email, [
      sample(1000, { subject: "Production is down", date: NOW + 60_000 }),
      sample(1001, { subject: "Payment failed", date: NOW + 120_000 }),
      sample(1002, { subject: "draft again", labelIds: ["DRAFT"], date: NOW + 130_000 }),
    ]);
    const changes = await provider.listChanges(cursor, null);
    expect(changes.messages.map((m) => m.subject).sort()).toEqual(["Payment failed", "Production is down"]);
    expect(changes.next_page_token).toBeNull();
    expect(changes.cursor).toEqual({ history_id: String(fake.currentHistoryId(email)) });

    const again = await provider.listChanges(changes.cursor!, null);
    expect(again.messages).toEqual([]);
  });

  it("pages through a long history", async () => {
    const provider = new GmailMailProvider({ credentials: { refresh_token: refreshToken } });
    const cursor = await provider.currentCursor();
    fake.addMessages(
      email,
      Array.from({ length: 620 }, (_, i) => sample(5000 + i, { date: NOW + DAY + i * 1000 })),
    );
    const seen: string[] = [];
    let token: string | null = null;
    let final = null;
    do {
      const page = await provider.listChanges(cursor, token);
      seen.push(...page.messages.map((m) => m.provider_message_id));
      token = page.next_page_token;
      final = page.cursor;
      if (token) expect(page.cursor).toBeNull();
    } while (token);
    expect(seen).toHaveLength(620);
    expect(new Set(seen).size).toBe(620);
    expect(final).toEqual({ history_id: String(fake.currentHistoryId(email)) });
  });

  it("throws CursorExpiredError on an expired history id and catches up with q=after:", async () => {
    const provider = new GmailMailProvider({ credentials: { refresh_token: refreshToken } });
    const cursor = await provider.currentCursor();
    fake.addMessages(email, [sample(7000, { subject: "while away", date: NOW + 3 * DAY })]);
    fake.expireHistory(email);
    await expect(provider.listChanges(cursor, null)).rejects.toBeInstanceOf(CursorExpiredError);
    await expect(provider.listChanges({ bogus: true }, null)).rejects.toBeInstanceOf(CursorExpiredError);

    const { messages } = await listAll(provider, 100, new Date(NOW + 2 * DAY));
    expect(messages.map((m) => m.subject)).toEqual(["while away"]);
  });

  it("honours 403 userRateLimitExceeded and 429 with Retry-After, losing nothing", async () => {
    const clock = createManualClock(NOW);
    const provider = new GmailMailProvider({ credentials: { refresh_token: refreshToken }, clock });
    await provider.verify();
    fake.failNext(2, { status: 403, reason: "userRateLimitExceeded", message: "User-rate limit exceeded.", retryAfterSeconds: 7 });
    fake.failNext(1, { status: 429, reason: "rateLimitExceeded", retryAfterSeconds: 3 });
    const before = clock.now();
    const { messages } = await listAll(provider, 100);
    expect(messages.length).toBeGreaterThanOrEqual(232 + 620);
    expect(clock.now() - before).toBeGreaterThanOrEqual(3 * 1000 + 7 * 1000);
  });

  it("skips a message deleted between listing and fetching (its batch part answers 404)", async () => {
    const provider = new GmailMailProvider({ credentials: { refresh_token: refreshToken } });
    const cursor = await provider.currentCursor();
    const [first, gone, last] = fake.addMessages(email, [
      sample(8000, { subject: "kept one", date: NOW + 4 * DAY }),
      sample(8001, { subject: "deleted meanwhile", date: NOW + 4 * DAY + 1000 }),
      sample(8002, { subject: "kept two", date: NOW + 4 * DAY + 2000 }),
    ]);
    fake.deleteMessages(email, [gone!]);
    const gets = fake.stats.requests["messages.get"];
    const changes = await provider.listChanges(cursor, null);
    expect(changes.messages.map((m) => m.provider_message_id)).toEqual([first, last]);
    expect(fake.stats.requests["messages.get"]! - gets!).toBe(3);
    expect(changes.cursor).toEqual({ history_id: String(fake.currentHistoryId(email)) });
  });

  it("retries only the parts that failed: 429 after Retry-After, 503 after backoff, 401 after one token refresh", async () => {
    const clock = createManualClock(NOW);
    const updates: { access_token?: string }[] = [];
    const provider = new GmailMailProvider({ credentials: { refresh_token: refreshToken }, clock, onCredentialsUpdate: (c) => void updates.push(c) });
    await provider.verify();
    const tokenBefore = updates.at(-1)!.access_token;
    fake.failNext(2, { status: 429, reason: "rateLimitExceeded", retryAfterSeconds: 5 }, "messages.get");
    fake.failNext(2, { status: 503, reason: "backendError", message: "Backend Error" }, "messages.get");
    fake.failNext(1, { status: 401, reason: "authError", message: "Invalid Credentials" }, "messages.get");
    const before = { gets: fake.stats.requests["messages.get"], batches: fake.stats.batches, at: clock.now() };
    const page = await provider.listPage(null, { pageSize: 40 });
    const ids = page.messages.map((m) => m.provider_message_id);
    expect(ids).toHaveLength(40);
    expect(new Set(ids).size).toBe(40);
    const dates = page.messages.map((m) => m.date.getTime());
    expect(dates).toEqual([...dates].sort((a, b) => b - a));
    // One batch of 40, then one batch with just the 5 failed ids.
    expect(fake.stats.batches - before.batches).toBe(2);
    expect(fake.stats.requests["messages.get"]! - before.gets!).toBe(45);
    expect(clock.now() - before.at).toBeGreaterThanOrEqual(5_000);
    // The 401 got a new access token, handed over to be stored.
    expect(updates.at(-1)!.access_token).toMatch(/^ya29\./);
    expect(updates.at(-1)!.access_token).not.toBe(tokenBefore);
  });

  it("gives up with an auth error when the parts keep answering 401 after a refresh", async () => {
    const provider = new GmailMailProvider({ credentials: { refresh_token: refreshToken } });
    fake.failNext(1_000, { status: 401, reason: "authError", message: "Invalid Credentials" }, "messages.get");
    const batches = fake.stats.batches;
    try {
      await expect(provider.listPage(null, { pageSize: 10 })).rejects.toMatchObject({ name: "MailProviderError", kind: "auth" });
      expect(fake.stats.batches - batches).toBe(2);
    } finally {
      fake.clearFaults();
    }
  });

  it("handles a batch that fails as a whole like any call: 503 is retried, 400 is an invalid request", async () => {
    const clock = createManualClock(NOW);
    const provider = new GmailMailProvider({ credentials: { refresh_token: refreshToken }, clock });
    fake.failNextBatch(1, { status: 503, reason: "backendError", message: "Backend Error" });
    const before = { batches: fake.stats.batches, at: clock.now() };
    const page = await provider.listPage(null, { pageSize: 30 });
    expect(page.messages).toHaveLength(30);
    expect(fake.stats.batches - before.batches).toBe(2);
    expect(clock.now() - before.at).toBeGreaterThanOrEqual(1_000);

    fake.failNextBatch(1, { status: 400, reason: "badRequest", message: "Failed to parse batch request" });
    const err = await provider.listPage(null, { pageSize: 30 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MailProviderError);
    expect(err).toMatchObject({ kind: "invalid_request" });
  });

  it("keeps batches within Google's limit of 100 calls, which the fake enforces with Gmail's own error", async () => {
    const { access_token } = await googleCredentialsFromRefreshToken(refreshToken);
    const part = (i: number) => `--b\r\nContent-Type: application/http\r\nContent-ID: <item-${i}>\r\n\r\nGET /gmail/v1/users/me/profile\r\n\r\n`;
    const post = (count: number) =>
      fetch(`${fake.url}/batch/gmail/v1`, {
        method: "POST",
        headers: { authorization: `Bearer ${access_token}`, "content-type": 'multipart/mixed; boundary="b"' },
        body: `${Array.from({ length: count }, (_, i) => part(i)).join("")}--b--\r\n`,
      });
    const tooMany = await post(101);
    expect(tooMany.status).toBe(400);
    expect(await tooMany.json()).toEqual({
      error: { code: 400, message: "Inner request count exceeds the limit. Received: 101, Limit: 100", status: "INVALID_ARGUMENT" },
    });
    const two = await post(2);
    expect(two.status).toBe(200);
    expect(two.headers.get("content-type")).toMatch(/^multipart\/mixed; boundary=batch_/);
    expect(await two.text()).toMatch(/Content-ID: <response-item-1>\r\n\r\nHTTP\/1\.1 200 OK\r\n/);

    // Asked for bigger batches, the provider still sends at most 100 calls in one.
    const provider = new GmailMailProvider({ credentials: { refresh_token: refreshToken }, batchSize: 500 });
    const batches = fake.stats.batches;
    const page = await provider.listPage(null, { pageSize: 250 });
    expect(page.messages).toHaveLength(250);
    expect(fake.stats.batches - batches).toBe(3);
    expect(fake.stats.maxBatchParts).toBe(100);
  });

  it("maps bad credentials to auth and an unreachable server to unavailable", async () => {
    const bad = new GmailMailProvider({ credentials: { refresh_token: "1//not-a-real-token" } });
    const err = await bad.verify().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MailProviderError);
    expect((err as MailProviderError).kind).toBe("auth");
    await expect(googleCredentialsFromRefreshToken("1//nope")).rejects.toMatchObject({ kind: "auth" });

    const port = await closedPort();
    const restore = setEnv({ GMAIL_API_BASE_URL: `http://127.0.0.1:${port}` });
    try {
      const clock = createManualClock(NOW);
      const unreachable = new GmailMailProvider({ credentials: { refresh_token: refreshToken }, clock, maxRetries: 2 });
      await expect(unreachable.verify()).rejects.toMatchObject({ name: "MailProviderError", kind: "unavailable" });
    } finally {
      restore();
    }
  });

  it("runs the OAuth flow: consent URL, code exchange, refresh token input, revoke", async () => {
    const redirectUri = "http://localhost:3000/api/integrations/gmail/callback";
    const consent = new URL(buildGoogleConsentUrl({ state: "csrf-123", redirectUri, loginHint: email }));
    expect(consent.origin + consent.pathname).toBe(`${fake.url}/o/oauth2/v2/auth`);
    expect(Object.fromEntries(consent.searchParams)).toMatchObject({
      state: "csrf-123",
      access_type: "offline",
      prompt: "consent",
      response_type: "code",
      client_id: fake.clientId,
      redirect_uri: redirectUri,
      scope: "https://www.googleapis.com/auth/gmail.readonly",
    });
    const redirect = await fetch(consent, { redirect: "manual" });
    expect(redirect.status).toBe(302);
    const back = new URL(redirect.headers.get("location")!);
    expect(back.searchParams.get("state")).toBe("csrf-123");

    const credentials = await exchangeGoogleAuthCode({ code: back.searchParams.get("code")!, redirectUri });
    expect(credentials.refresh_token).toMatch(/^1\/\//);
    await expect(exchangeGoogleAuthCode({ code: back.searchParams.get("code")!, redirectUri })).rejects.toMatchObject({ kind: "auth" });

    const fromToken = await googleCredentialsFromRefreshToken(credentials.refresh_token);
    expect(fromToken.access_token).toMatch(/^ya29\./);

    const provider = new GmailMailProvider({ credentials });
    await expect(provider.verify()).resolves.toEqual({ account_email: email });
    await provider.revoke();
    expect(fake.isRevoked(credentials.refresh_token)).toBe(true);
    await expect(new GmailMailProvider({ credentials: { refresh_token: credentials.refresh_token } }).verify()).rejects.toMatchObject({ kind: "auth" });
  });
});

describe("gmail per-user quota", () => {
  it("throttles a run that would exceed 15,000 units per minute and still returns every message", async () => {
    const clock = createManualClock(NOW);
    const fake = await startGmailFake({ clock });
    const restore = setEnv(fake.env);
    try {
      const email = "quota@example.com";
      const { refreshToken } = fake.addUser(email);
      // 3,200 messages: 7 lists (35 units) + 3,200 gets (16,000 units) > 15,000 in one minute.
      fake.addMessages(
        email,
        Array.from({ length: 3200 }, (_, i) => sample(i, { date: NOW - i * 1000 })),
      );
      const provider = new GmailMailProvider({ credentials: { refresh_token: refreshToken }, clock, concurrency: 25 });
      const start = clock.now();
      const { messages } = await listAll(provider, 500);
      expect(messages).toHaveLength(3200);
      expect(new Set(messages.map((m) => m.provider_message_id)).size).toBe(3200);
      // The budget was respected (the fake counts what it served) and the run had to wait for it.
      expect(fake.stats.maxUnitsInWindow).toBeLessThanOrEqual(15_000);
      expect(clock.now() - start).toBeGreaterThanOrEqual(60_000);
      expect(fake.stats.rateLimited).toBeLessThanOrEqual(3);
    } finally {
      restore();
      await fake.stop();
    }
  });

  it("retries the parts Gmail rate-limits past its quota, paired by Content-ID in any order, and returns every message exactly once", async () => {
    const clock = createManualClock(NOW);
    const fake = await startGmailFake({ clock, reverseBatchAnswers: true });
    const restore = setEnv(fake.env);
    try {
      const email = "overquota@example.com";
      const { refreshToken } = fake.addUser(email);
      const TOTAL = 4000;
      fake.addMessages(
        email,
        Array.from({ length: TOTAL }, (_, i) => sample(i, { date: NOW - i * 1000 })),
      );
      // The provider believes in twice the real quota, so Gmail itself has to say no, part by part.
      const provider = new GmailMailProvider({ credentials: { refresh_token: refreshToken }, clock, unitsPerMinute: 30_000 });
      const { messages } = await listAll(provider, 500);
      const ids = messages.map((m) => m.provider_message_id);
      expect(ids).toHaveLength(TOTAL);
      expect(new Set(ids).size).toBe(TOTAL);
      const dates = messages.map((m) => m.date.getTime());
      expect(dates).toEqual([...dates].sort((a, b) => b - a));
      expect(messages.every((m) => m.subject === `Message ${(NOW - m.date.getTime()) / 1000}`)).toBe(true);

      expect(fake.stats.rateLimited).toBeGreaterThan(0);
      expect(fake.stats.maxUnitsInWindow).toBeLessThanOrEqual(15_000);
      // Only the refused calls went again: each extra messages.get answers one 429.
      const extraGets = fake.stats.requests["messages.get"]! - TOTAL;
      expect(extraGets).toBeGreaterThan(0);
      expect(extraGets).toBeLessThanOrEqual(fake.stats.rateLimited);
      expect(fake.stats.batchedCalls).toBe(fake.stats.requests["messages.get"]);
      expect(fake.stats.batches).toBeGreaterThan(TOTAL / 50);
      expect(fake.stats.batches).toBeLessThanOrEqual(TOTAL / 50 + fake.stats.rateLimited);
      expect(fake.stats.maxBatchParts).toBeLessThanOrEqual(50);
    } finally {
      restore();
      await fake.stop();
    }
  });
});
