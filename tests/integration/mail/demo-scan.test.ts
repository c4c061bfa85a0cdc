import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { eq, sql } from "drizzle-orm";
import { api, registerTestUser } from "@/tests/helpers/api";
import { appRunner, drainWorkflows } from "@/tests/helpers/workflows";
import { getDb, queryOne, queryRows } from "@/lib/db";
import { callLogs, emailMessages, emailSenders } from "@/lib/db/schema";

// A fixed "now": the demo mailbox is a function of its seed and the clock.
const NOW = new Date("2026-11-20T12:00:00Z");

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["Date"], now: NOW });
});
afterEach(() => {
  vi.useRealTimers();
});

async function connectDemo(token: string, seed = "test-seed") {
  const res = await api("POST", "/api/integrations/email/connect", { token, body: { provider: "demo", seed } });
  expect(res.status).toBe(201);
  return res.body.data.integration_id as string;
}

async function senderCounts(userId: string) {
  const db = await getDb();
  const rows = await db.select({ email: emailSenders.email, n: emailSenders.email_count }).from(emailSenders).where(eq(emailSenders.user_id, userId));
  return Object.fromEntries(rows.map((r) => [r.email, r.n]));
}

describe("connect, scan and status on the demo mailbox", () => {
  it("scans every message once, groups by sender with types, and reports progress to 100", async () => {
    const user = await registerTestUser();
    const connect = await api("POST", "/api/integrations/email/connect", { token: user.token, body: { provider: "demo", seed: "test-seed" } });
    expect(connect.body).toEqual({
      success: true,
      message: "Mailbox connected",
      data: { integration_id: expect.any(String), status: "connected", provider: "demo", account_email: expect.stringContaining("@") },
    });
    const scan = await api("POST", "/api/senders/scan", { token: user.token });
    expect(scan.status).toBe(202);
    expect(scan.body.data).toEqual({ job_id: expect.any(String), status: "processing" });
    const jobId = scan.body.data.job_id;
    // Asking again while it runs returns the same job rather than a second scan.
    expect((await api("POST", "/api/senders/scan", { token: user.token })).body.data.job_id).toBe(jobId);

    const runner = appRunner();
    const seen: number[] = [];
    for (let i = 0; i < 200; i++) {
      const job = (await api("GET", `/api/senders/scan/${jobId}`, { token: user.token })).body.data;
      seen.push(job.progress);
      if (job.status !== "processing") break;
      await runner.pump();
    }
    await runner.drain();
    const job = (await api("GET", `/api/senders/scan/${jobId}`, { token: user.token })).body.data;
    expect(job).toMatchObject({ job_id: jobId, status: "completed", progress: 100, kind: "scan", error: null });
    expect(job.processed).toBeGreaterThanOrEqual(3000);
    // Progress moved through intermediate values and never went backwards.
    expect([...seen, 100]).toEqual([...seen, 100].slice().sort((a, b) => a - b));
    expect(new Set(seen).size).toBeGreaterThan(2);

    const db = await getDb();
    const { messages } = await queryOne<{ messages: number }>(db, sql`select count(*)::int as messages from email_messages where user_id = ${user.user.id}`);
    expect(messages).toBe(job.processed);
    const { total, senders } = await queryOne<{ total: number; senders: number }>(
      db,
      sql`select coalesce(sum(email_count), 0)::int as total, count(*)::int as senders from email_senders where user_id = ${user.user.id}`,
    );
    expect(total).toBe(messages);
    expect(senders).toBeGreaterThanOrEqual(250);
    const types = await queryRows<{ sender_type: string }>(db, sql`select distinct sender_type from email_senders where user_id = ${user.user.id}`);
    expect(types.map((t) => t.sender_type).sort()).toEqual(["meeting", "newsletter", "personal", "promotional", "tool"]);
    const withUnsubscribe = await queryRows<{ n: number }>(
      db,
      sql`select count(*)::int as n from email_senders where user_id = ${user.user.id} and unsubscribe_one_click`,
    );
    expect(withUnsubscribe[0]!.n).toBeGreaterThan(0);
    const suggested = await queryRows<{ n: number }>(
      db,
      sql`select count(*)::int as n from email_senders where user_id = ${user.user.id} and suggested_category is null`,
    );
    expect(suggested[0]!.n).toBe(0);

    const list = await api("GET", "/api/senders?limit=5", { token: user.token });
    expect(list.body.pagination.total).toBe(senders);
    expect(list.body.data.senders[0].suggested_category).not.toBeNull();

    const status = await api("GET", "/api/integrations/email/status", { token: user.token });
    expect(status.body.data).toMatchObject({ connected: true, provider: "demo", last_sync: NOW.toISOString() });
    expect(status.body.data.integrations[0]).not.toHaveProperty("credentials_encrypted");

    // Scanning again records nothing twice.
    const before = await senderCounts(user.user.id);
    await api("POST", "/api/senders/scan", { token: user.token });
    await drainWorkflows();
    expect(await senderCounts(user.user.id)).toEqual(before);
  });

  it("a runner killed mid-scan resumes on restart and ends with a clean scan's counts", async () => {
    const clean = await registerTestUser();
    await connectDemo(clean.token);
    await api("POST", "/api/senders/scan", { token: clean.token });
    await drainWorkflows();

    const crashed = await registerTestUser();
    await connectDemo(crashed.token);
    const { job_id } = (await api("POST", "/api/senders/scan", { token: crashed.token })).body.data;
    const first = appRunner();
    let mid = (await api("GET", `/api/senders/scan/${job_id}`, { token: crashed.token })).body.data;
    for (let i = 0; i < 50 && mid.progress === 0; i++) {
      await first.pump();
      mid = (await api("GET", `/api/senders/scan/${job_id}`, { token: crashed.token })).body.data;
    }
    expect(mid.status).toBe("processing");
    expect(mid.progress).toBeGreaterThan(0);
    first.kill();
    // A new process: its runner reclaims the run once the dead one's lease has expired.
    vi.setSystemTime(new Date(NOW.getTime() + 30_000));
    await appRunner().drain();
    vi.setSystemTime(new Date(NOW.getTime() + 120_000));
    await appRunner().drain();
    const done = (await api("GET", `/api/senders/scan/${job_id}`, { token: crashed.token })).body.data;
    expect(done.status).toBe("completed");
    expect(await senderCounts(crashed.user.id)).toEqual(await senderCounts(clean.user.id));
  });

  it("answers 409 without a connected mailbox, 404 for another user's job, and validates the body", async () => {
    const lonely = await registerTestUser();
    const none = await api("POST", "/api/senders/scan", { token: lonely.token });
    expect(none.status).toBe(409);
    expect(none.body.error.code).toBe("CONFLICT");
    const owner = await registerTestUser();
    await connectDemo(owner.token);
    const { job_id } = (await api("POST", "/api/senders/scan", { token: owner.token })).body.data;
    const other = await api("GET", `/api/senders/scan/${job_id}`, { token: lonely.token });
    expect(other.status).toBe(404);
    expect((await api("GET", "/api/senders/scan/nope", { token: owner.token })).status).toBe(404);
    const bad = await api("POST", "/api/senders/scan", { token: owner.token, body: { integration_id: "x" } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details).toHaveProperty("integration_id");
    const foreign = await api("POST", "/api/senders/scan", {
      token: lonely.token,
      body: { integration_id: (await api("GET", "/api/integrations/email/status", { token: owner.token })).body.data.integrations[0].id },
    });
    expect(foreign.status).toBe(404);
    await drainWorkflows();
  });
});

describe("incremental sync and urgent calls", () => {
  it("finds new mail later, calls once for a call-me sender's new message, and never twice", async () => {
    const user = await registerTestUser();
    await connectDemo(user.token);
    await api("POST", "/api/senders/scan", { token: user.token });
    await drainWorkflows();
    const db = await getDb();
    const { n: before } = await queryOne<{ n: number }>(db, sql`select count(*)::int as n from email_messages where user_id = ${user.user.id}`);
    // Nothing urgent from a first scan of history.
    expect(await db.select().from(callLogs).where(eq(callLogs.user_id, user.user.id))).toHaveLength(0);

    // Make every sender call-me, then let a day of new mail arrive.
    await db.update(emailSenders).set({ category: "call-me", category_source: "user" }).where(eq(emailSenders.user_id, user.user.id));
    vi.setSystemTime(new Date(NOW.getTime() + 24 * 3600_000));
    // A day later the access token has expired: sign in again.
    user.token = (await api("POST", "/api/auth/login", { body: { email: user.email, password: user.password } })).body.data.access_token;
    const sync = await api("POST", "/api/integrations/email/sync", { token: user.token });
    expect(sync.status).toBe(202);
    await drainWorkflows();
    expect((await api("GET", `/api/senders/scan/${sync.body.data.job_id}`, { token: user.token })).body.data).toMatchObject({
      status: "completed",
      kind: "sync",
    });

    const { n: after } = await queryOne<{ n: number }>(db, sql`select count(*)::int as n from email_messages where user_id = ${user.user.id}`);
    expect(after).toBeGreaterThan(before);
    const urgent = await db
      .select()
      .from(emailMessages)
      .where(sql`${emailMessages.user_id} = ${user.user.id} and ${emailMessages.is_urgent}`);
    expect(urgent.length).toBe(after - before);
    const calls = await db.select().from(callLogs).where(eq(callLogs.user_id, user.user.id));
    expect(calls.length).toBeGreaterThan(0);
    // No phone line in tests: each call went through the pipeline and was recorded as not dialled.
    expect(calls.every((c) => c.call_type === "urgent" && c.status === "completed" && c.outcome === "not-dialled" && c.provider === "console")).toBe(true);
    // Every urgent message is in exactly one call.
    const called = calls.flatMap((c) => c.message_ids);
    expect(new Set(called).size).toBe(called.length);
    expect(called.sort()).toEqual(urgent.map((m) => m.id).sort());
    // The call workflow was handed each call once, and ran once per call.
    const events = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from workflow_events where name = 'call/requested'`);
    expect(events[0]!.n).toBe(calls.length);
    const runs = await queryRows<{ n: number }>(
      db,
      sql`select count(*)::int as n from workflow_runs where function_id = 'place-call' and status = 'completed'`,
    );
    expect(runs[0]!.n).toBe(calls.length);

    // Syncing again in the same minute finds nothing new and calls no one.
    await api("POST", "/api/integrations/email/sync", { token: user.token });
    await drainWorkflows();
    expect(await db.select().from(callLogs).where(eq(callLogs.user_id, user.user.id))).toHaveLength(calls.length);
  });

  it("the sync schedule creates a job per idle scanned mailbox", async () => {
    const user = await registerTestUser();
    await connectDemo(user.token);
    await api("POST", "/api/senders/scan", { token: user.token });
    await drainWorkflows();
    const { createDueSyncJobs } = await import("@/lib/scan/start-mailbox-job");
    const jobs = await createDueSyncJobs();
    expect(jobs.filter((j) => j.user_id === user.user.id)).toHaveLength(1);
    // Not twice while that one is still processing.
    expect((await createDueSyncJobs()).filter((j) => j.user_id === user.user.id)).toHaveLength(0);
  });
});
