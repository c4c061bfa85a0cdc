import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import { api, registerTestUser } from "@/tests/helpers/api";
import { appRunner, drainWorkflows } from "@/tests/helpers/workflows";
import { startGmailFake, type GmailFake } from "@/tests/fakes/gmail-server";
import { buildTestMessage, hasDovecot, startDovecot, type DovecotServer } from "@/tests/fakes/dovecot";
import { closedPort, setEnv } from "@/tests/integration/providers/env-scope";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { decryptJson } from "@/lib/crypto";
import { getDb, queryOne } from "@/lib/db";
import { emailIntegrations } from "@/lib/db/schema";
import { oauthRedirectUri } from "@/lib/integrations/connect-email-integration";

async function integrationCount(userId: string) {
  const db = await getDb();
  return (await db.select().from(emailIntegrations).where(eq(emailIntegrations.user_id, userId))).length;
}

describe.skipIf(!hasDovecot() && !process.env.CI)("IMAP on a real Dovecot", () => {
  let dovecot: DovecotServer;
  let restoreEnv: () => void;
  beforeAll(async () => {
    dovecot = await startDovecot();
    const now = Date.now();
    await dovecot.append([
      buildTestMessage({ from: "Jane Doe <jane@acme.io>", subject: "Lunch on Friday?", date: new Date(now - 3 * 86_400_000) }),
      buildTestMessage({ from: "Jane Doe <jane@acme.io>", subject: "Re: Lunch on Friday?", date: new Date(now - 2 * 86_400_000) }),
      buildTestMessage({
        from: "Weekly <news@letters.example>",
        subject: "Issue #42",
        date: new Date(now - 86_400_000),
        headers: {
          "List-Unsubscribe": "<https://letters.example/u/1>",
          "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
          "List-Id": "<weekly.letters.example>",
        },
      }),
    ]);
    restoreEnv = setEnv({ ALLOW_PRIVATE_NETWORK: "1" });
  });
  afterAll(async () => {
    restoreEnv?.();
    await dovecot?.stop();
  });

  it("refuses a wrong password with 400 and stores nothing", async () => {
    const user = await registerTestUser();
    const res = await api("POST", "/api/integrations/email/connect", {
      token: user.token,
      body: { provider: "imap", ...dovecot.credentials(), password: "wrong-password" },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("VALIDATION_ERROR");
    expect(res.body.error.message).toMatch(/IMAP server rejected the credentials/);
    expect(JSON.stringify(res.body)).not.toContain("wrong-password");
    expect(await integrationCount(user.user.id)).toBe(0);
  });

  it("answers 502 for an unreachable server and 400 for a private host unless allowed", async () => {
    const user = await registerTestUser();
    const port = await closedPort();
    const down = await api("POST", "/api/integrations/email/connect", { token: user.token, body: { provider: "imap", ...dovecot.credentials(), port } });
    expect(down.status).toBe(502);
    expect(down.body.error.code).toBe("PROVIDER_ERROR");
    const restore = setEnv({ ALLOW_PRIVATE_NETWORK: undefined });
    const privateHost = await api("POST", "/api/integrations/email/connect", { token: user.token, body: { provider: "imap", ...dovecot.credentials() } });
    restore();
    expect(privateHost.status).toBe(400);
    expect(privateHost.body.error).toMatchObject({ code: "VALIDATION_ERROR", message: expect.stringMatching(/not allowed.*private/) });
    expect(await integrationCount(user.user.id)).toBe(0);
  });

  it("connects, stores the password encrypted, scans senders, and disconnects keeping them", async () => {
    const user = await registerTestUser();
    const connect = await api("POST", "/api/integrations/email/connect", { token: user.token, body: { provider: "imap", ...dovecot.credentials() } });
    expect(connect.status).toBe(201);
    expect(connect.body.data).toMatchObject({ provider: "imap", account_email: "test@example.com", status: "connected" });
    const db = await getDb();
    const [row] = await db.select().from(emailIntegrations).where(eq(emailIntegrations.user_id, user.user.id));
    expect(row!.credentials_encrypted).toMatch(/^v1\./);
    expect(row!.credentials_encrypted).not.toContain(dovecot.credentials().password);

    const { job_id } = (await api("POST", "/api/senders/scan", { token: user.token })).body.data;
    await drainWorkflows();
    expect((await api("GET", `/api/senders/scan/${job_id}`, { token: user.token })).body.data).toMatchObject({
      status: "completed",
      progress: 100,
      processed: 3,
    });
    const senders = (await api("GET", "/api/senders?sort=email", { token: user.token })).body.data.senders;
    expect(senders.map((s: { email: string; email_count: number; sender_type: string }) => [s.email, s.email_count, s.sender_type])).toEqual([
      ["jane@acme.io", 2, "personal"],
      ["news@letters.example", 1, "newsletter"],
    ]);
    expect(senders[0].latest_subject).toBe("Re: Lunch on Friday?");
    expect(senders[1]).toMatchObject({ list_id: "weekly.letters.example", unsubscribe: { available: true, one_click: true } });

    const other = await registerTestUser();
    expect((await api("DELETE", `/api/integrations/email/${row!.id}`, { token: other.token })).status).toBe(404);
    const disconnect = await api("DELETE", `/api/integrations/email/${row!.id}`, { token: user.token });
    expect(disconnect.status).toBe(200);
    expect(disconnect.body.data.integration.status).toBe("disconnected");
    const [after] = await db.select().from(emailIntegrations).where(eq(emailIntegrations.id, row!.id));
    expect(after!.credentials_encrypted).toBeNull();
    expect((await api("GET", "/api/senders", { token: user.token })).body.data.total).toBe(2);
    const scanAgain = await api("POST", "/api/senders/scan", { token: user.token, body: { integration_id: row!.id } });
    expect(scanAgain.status).toBe(409);
    expect(scanAgain.body.error.message).toMatch(/disconnected/);
    expect((await api("GET", "/api/integrations/email/status", { token: user.token })).body.data.connected).toBe(false);
  });
});

describe("Gmail through the real SDK against the loopback fake", () => {
  let gmail: GmailFake;
  let restoreEnv: () => void;
  beforeAll(async () => {
    gmail = await startGmailFake();
    restoreEnv = setEnv({ ...gmail.env, GMAIL_CLIENT_ID: gmail.clientId, GMAIL_CLIENT_SECRET: gmail.clientSecret });
  });
  afterAll(async () => {
    restoreEnv?.();
    await gmail?.stop();
  });

  function seedMailbox(email: string, count: number) {
    gmail.addUser(email);
    const now = Date.now();
    gmail.addMessages(
      email,
      Array.from({ length: count }, (_, i) => ({
        from: `Sender ${i % 25} <s${i % 25}@domain${i % 25}.example>`,
        subject: `Message ${i}`,
        snippet: `Snippet ${i}`,
        date: now - (i + 1) * 3600_000,
      })),
    );
  }

  it("connects with an authorization code, refuses a bad one, and never returns the tokens", async () => {
    const user = await registerTestUser();
    seedMailbox("ada@gmail.example", 5);
    const bad = await api("POST", "/api/integrations/email/connect", { token: user.token, body: { provider: "gmail", auth_token: "4/not-a-real-code-123" } });
    expect(bad.status).toBe(400);
    expect(await integrationCount(user.user.id)).toBe(0);
    const code = gmail.issueAuthCode("ada@gmail.example", oauthRedirectUri("google"));
    const res = await api("POST", "/api/integrations/email/connect", { token: user.token, body: { provider: "gmail", auth_token: code } });
    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({ provider: "gmail", account_email: "ada@gmail.example" });
    expect(JSON.stringify(await api("GET", "/api/integrations/email/status", { token: user.token }))).not.toMatch(/1\/\/fake|access_token|refresh/);
  });

  it("a provider failing mid-scan ends the job failed with a reason, keeps what was scanned, and a rerun continues to a clean result", async () => {
    const user = await registerTestUser();
    // Enough pages that the scan is still listing when the fault starts (it fetches a few pages ahead).
    const TOTAL = 1200;
    seedMailbox("grace@gmail.example", TOTAL);
    const code = gmail.issueAuthCode("grace@gmail.example", oauthRedirectUri("google"));
    await api("POST", "/api/integrations/email/connect", { token: user.token, body: { provider: "gmail", auth_token: code } });
    const { job_id } = (await api("POST", "/api/senders/scan", { token: user.token })).body.data;
    const runner = appRunner();
    let job;
    for (let i = 0; i < 50; i++) {
      await runner.pump();
      job = (await api("GET", `/api/senders/scan/${job_id}`, { token: user.token })).body.data;
      if (job.processed > 0) break;
    }
    expect(job.processed).toBeGreaterThan(0);
    gmail.failNext(100_000, { status: 503, reason: "backendError", message: "Backend Error", retryAfterSeconds: 0 });
    await runner.drain();
    const failed = (await api("GET", `/api/senders/scan/${job_id}`, { token: user.token })).body.data;
    expect(failed.status).toBe("failed");
    expect(failed.error).toMatch(/Gmail is unavailable/);
    const db = await getDb();
    const { n: kept } = await queryOne<{ n: number }>(db, sql`select count(*)::int as n from email_messages where user_id = ${user.user.id}`);
    expect(kept).toBe(failed.processed);
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThan(TOTAL);
    expect((await api("GET", "/api/integrations/email/status", { token: user.token })).body.data.integrations[0].last_error).toMatch(/unavailable/);

    gmail.clearFaults();
    const listsBefore = gmail.stats.requests["messages.list"];
    const rerun = (await api("POST", "/api/senders/scan", { token: user.token })).body.data;
    await drainWorkflows();
    const done = (await api("GET", `/api/senders/scan/${rerun.job_id}`, { token: user.token })).body.data;
    expect(done).toMatchObject({ status: "completed", progress: 100, processed: TOTAL });
    const { n, total } = await queryOne<{ n: number; total: number }>(
      db,
      sql`select (select count(*) from email_messages where user_id = ${user.user.id})::int as n,
                 (select sum(email_count) from email_senders where user_id = ${user.user.id})::int as total`,
    );
    expect(n).toBe(TOTAL);
    expect(total).toBe(TOTAL);
    // The rerun resumed: the pages fetched before the failure were not listed again.
    expect(gmail.stats.requests["messages.list"]! - listsBefore!).toBeLessThan(Math.ceil(TOTAL / 100));
  });

  /** Connect a small scanned Gmail mailbox; returns its row id and the refresh token Google issued. */
  async function connectScannedGmail(token: string, email: string) {
    seedMailbox(email, 3);
    const code = gmail.issueAuthCode(email, oauthRedirectUri("google"));
    const connect = await api("POST", "/api/integrations/email/connect", { token, body: { provider: "gmail", auth_token: code } });
    expect(connect.status).toBe(201);
    const id = connect.body.data.integration_id as string;
    await api("POST", "/api/senders/scan", { token });
    await drainWorkflows();
    const db = await getDb();
    const [row] = await db.select().from(emailIntegrations).where(eq(emailIntegrations.id, id));
    const { refresh_token } = decryptJson(row!.credentials_encrypted!) as { refresh_token: string };
    return { id, refreshToken: refresh_token };
  }

  it("disconnect revokes the grant at Google, wipes the credentials, keeps the senders, and a second DELETE is harmless", async () => {
    const user = await registerTestUser();
    const { id, refreshToken } = await connectScannedGmail(user.token, "hedy@gmail.example");
    expect(gmail.isRevoked(refreshToken)).toBe(false);
    const sendersBefore = (await api("GET", "/api/senders", { token: user.token })).body.data.total;
    expect(sendersBefore).toBeGreaterThan(0);

    const other = await registerTestUser();
    expect((await api("DELETE", `/api/integrations/email/${id}`, { token: other.token })).status).toBe(404);
    expect(gmail.isRevoked(refreshToken)).toBe(false);

    const res = await api("DELETE", `/api/integrations/email/${id}`, { token: user.token });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      success: true,
      message: "Mailbox disconnected",
      data: { revoked: true, integration: expect.objectContaining({ id, provider: "gmail", account_email: "hedy@gmail.example", status: "disconnected" }) },
    });
    // Google saw the revocation: the refresh token is dead at the provider, not just forgotten here.
    expect(gmail.isRevoked(refreshToken)).toBe(true);
    const reuse = await api("POST", "/api/integrations/email/connect", { token: user.token, body: { provider: "gmail", auth_token: refreshToken } });
    expect(reuse.status).toBe(400);

    const db = await getDb();
    const [after] = await db.select().from(emailIntegrations).where(eq(emailIntegrations.id, id));
    expect(after).toMatchObject({ status: "disconnected", credentials_encrypted: null, sync_cursor: null });
    expect((await api("GET", "/api/senders", { token: user.token })).body.data.total).toBe(sendersBefore);
    expect((await api("POST", "/api/integrations/email/sync", { token: user.token, body: { integration_id: id } })).status).toBe(409);

    // Idempotent: the same answer, no second call to Google, nothing else changes.
    const again = await api("DELETE", `/api/integrations/email/${id}`, { token: user.token });
    expect(again.status).toBe(200);
    expect(again.body.data).toEqual({ revoked: false, integration: expect.objectContaining({ id, status: "disconnected" }) });
    expect((await api("GET", "/api/senders", { token: user.token })).body.data.total).toBe(sendersBefore);
  });

  it("disconnects locally when Google's revoke endpoint fails or is unreachable (best effort)", async () => {
    const user = await registerTestUser();
    // A revoke endpoint that answers 500 to everything, and one that nobody listens on.
    const broken = createServer((req, res) => {
      res.writeHead(500, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: "internal_failure" }));
    });
    await new Promise<void>((resolve) => broken.listen(0, "127.0.0.1", resolve));
    const brokenUrl = `http://127.0.0.1:${(broken.address() as AddressInfo).port}`;
    const db = await getDb();
    try {
      for (const [email, oauthBase] of [
        ["ida@gmail.example", brokenUrl],
        ["joan@gmail.example", `http://127.0.0.1:${await closedPort()}`],
      ]) {
        const { id, refreshToken } = await connectScannedGmail(user.token, email!);
        const restore = setEnv({ GOOGLE_OAUTH_BASE_URL: oauthBase });
        const res = await api("DELETE", `/api/integrations/email/${id}`, { token: user.token });
        restore();
        expect(res.status).toBe(200);
        expect(res.body.data).toEqual({ revoked: false, integration: expect.objectContaining({ id, status: "disconnected" }) });
        const [after] = await db.select().from(emailIntegrations).where(eq(emailIntegrations.id, id));
        expect(after!.credentials_encrypted).toBeNull();
        // The grant is still alive at Google: that is the price of best effort, and why it is reported.
        expect(gmail.isRevoked(refreshToken)).toBe(false);
      }
    } finally {
      await new Promise<void>((resolve) => broken.close(() => resolve()));
    }
    expect((await api("GET", "/api/senders", { token: user.token })).body.data.total).toBeGreaterThan(0);

    // A grant the user already removed in their Google account (revoke answers 400) is what we wanted.
    const { id, refreshToken } = await connectScannedGmail(user.token, "kay@gmail.example");
    const revokeRes = await fetch(`${gmail.url}/revoke?token=${encodeURIComponent(refreshToken)}`, { method: "POST" });
    expect(revokeRes.status).toBe(200);
    const res = await api("DELETE", `/api/integrations/email/${id}`, { token: user.token });
    expect(res.status).toBe(200);
    expect(res.body.data.integration.status).toBe("disconnected");
  });

  it("rejects unknown providers and malformed bodies", async () => {
    const user = await registerTestUser();
    const unknown = await api("POST", "/api/integrations/email/connect", { token: user.token, body: { provider: "aol", auth_token: "x".repeat(20) } });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.details).toHaveProperty("provider");
    const imap = await api("POST", "/api/integrations/email/connect", { token: user.token, body: { provider: "imap", host: "", port: 70000 } });
    expect(imap.status).toBe(400);
    expect(Object.keys(imap.body.error.details)).toEqual(expect.arrayContaining(["host", "port", "username", "password"]));
    expect((await api("POST", "/api/integrations/email/connect", { body: { provider: "demo" } })).status).toBe(401);
  });
});
