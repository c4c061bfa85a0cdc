import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { api, registerTestUser } from "@/tests/helpers/api";
import { seedIntegration, seedMessages, seedSenders } from "@/tests/helpers/seed";
import { getDb } from "@/lib/db";
import { callLogs } from "@/lib/db/schema";

let alice: Awaited<ReturnType<typeof registerTestUser>>;
let bob: Awaited<ReturnType<typeof registerTestUser>>;

async function seedCall(userId: string, values: Partial<typeof callLogs.$inferInsert> & { scheduled_at: Date }) {
  const db = await getDb();
  const [row] = await db
    .insert(callLogs)
    .values({ user_id: userId, call_type: "digest", status: "completed", content_summary: "digest", ...values })
    .returning();
  return row;
}

beforeAll(async () => {
  alice = await registerTestUser();
  bob = await registerTestUser();
});

describe("GET /api/calls", () => {
  it("lists calls newest first, filtered by date range, with pagination", async () => {
    const user = await registerTestUser();
    await seedCall(user.user.id, { scheduled_at: new Date("2026-03-01T09:00:00Z") });
    await seedCall(user.user.id, { scheduled_at: new Date("2026-03-05T09:00:00Z"), call_type: "urgent", status: "failed" });
    await seedCall(user.user.id, { scheduled_at: new Date("2026-03-09T09:00:00Z") });
    await seedCall(bob.user.id, { scheduled_at: new Date("2026-03-05T10:00:00Z") });

    const all = await api("GET", "/api/calls", { token: user.token });
    expect(all.status).toBe(200);
    expect(all.body.pagination).toEqual({ page: 1, limit: 20, total: 3, pages: 1 });
    expect(all.body.data.total).toBe(3);
    expect(all.body.data.calls.map((c: { scheduled_at: string }) => c.scheduled_at)).toEqual([
      "2026-03-09T09:00:00.000Z",
      "2026-03-05T09:00:00.000Z",
      "2026-03-01T09:00:00.000Z",
    ]);
    expect(all.body.data.calls[1]).toMatchObject({ call_type: "urgent", status: "failed", user_id: user.user.id, duration_seconds: null });

    const range = await api("GET", "/api/calls?start_date=2026-03-02&end_date=2026-03-05", { token: user.token });
    expect(range.body.data.calls).toHaveLength(1);
    const typed = await api("GET", "/api/calls?call_type=digest&limit=1&page=2", { token: user.token });
    expect(typed.body.data.calls).toHaveLength(1);
    expect(typed.body.pagination).toEqual({ page: 2, limit: 1, total: 2, pages: 2 });
  });

  it("rejects bad dates and an inverted range", async () => {
    const bad = await api("GET", "/api/calls?start_date=yesterday", { token: alice.token });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details).toHaveProperty("start_date");
    const inverted = await api("GET", "/api/calls?start_date=2026-03-05&end_date=2026-03-01", { token: alice.token });
    expect(inverted.status).toBe(400);
    expect(inverted.body.error.details).toHaveProperty("end_date");
  });

  it("needs authentication; another user's call is 404", async () => {
    expect((await api("GET", "/api/calls")).status).toBe(401);
    const call = await seedCall(alice.user.id, { scheduled_at: new Date() });
    expect((await api("GET", `/api/calls/${call!.id}`, { token: alice.token })).body.data.call.id).toBe(call!.id);
    const foreign = await api("GET", `/api/calls/${call!.id}`, { token: bob.token });
    expect(foreign.status).toBe(404);
    expect(foreign.body.error.code).toBe("NOT_FOUND");
  });
});

describe("POST /api/calls/schedule-urgent", () => {
  it("creates a scheduled urgent call", async () => {
    const res = await api("POST", "/api/calls/schedule-urgent", { token: alice.token, body: { content: "Server is down", priority: "high" } });
    expect(res.status).toBe(201);
    expect(res.body.data.call).toMatchObject({
      call_type: "urgent",
      status: "scheduled",
      priority: "high",
      content_summary: "Server is down",
      user_id: alice.user.id,
    });
    expect(Math.abs(new Date(res.body.data.call.scheduled_at).getTime() - Date.now())).toBeLessThan(60_000);
    const list = await api("GET", "/api/calls?call_type=urgent", { token: alice.token });
    expect(list.body.data.calls.map((c: { id: string }) => c.id)).toContain(res.body.data.call.id);
  });

  it("returns the first call for a repeated Idempotency-Key", async () => {
    const headers = { "idempotency-key": "retry-123" };
    const first = await api("POST", "/api/calls/schedule-urgent", { token: alice.token, headers, body: { content: "Once", priority: "medium" } });
    const second = await api("POST", "/api/calls/schedule-urgent", { token: alice.token, headers, body: { content: "Once", priority: "medium" } });
    expect(first.status).toBe(201);
    expect(second.status).toBe(200);
    expect(second.body.data.call.id).toBe(first.body.data.call.id);
  });

  it("validates content and priority", async () => {
    const res = await api("POST", "/api/calls/schedule-urgent", { token: alice.token, body: { content: "", priority: "urgent!!" } });
    expect(res.status).toBe(400);
    expect(Object.keys(res.body.error.details).sort()).toEqual(["content", "priority"]);
    expect((await api("POST", "/api/calls/schedule-urgent", { body: { content: "x" } })).status).toBe(401);
  });
});

describe("GET /api/calls/next-digest", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("schedules at preferred_call_time in the user's zone and previews remind-me mail since the last digest", async () => {
    vi.useFakeTimers({ toFake: ["Date"], now: new Date("2026-06-10T06:00:00Z") }); // 08:00 in Paris
    const user = await registerTestUser({ timezone: "Europe/Paris" });
    const [stripe, jane, quiet] = await seedSenders(user.user.id, [
      { email: "receipts@stripe.com", name: "Stripe", category: "remind-me" },
      { email: "jane@acme.io", name: "Jane", category: "remind-me" },
      { email: "promo@shop.com", name: "Shop", category: "keep-quiet" },
    ]);
    const integration = await seedIntegration(user.user.id);
    await seedCall(user.user.id, { scheduled_at: new Date("2026-06-09T07:00:00Z") });
    await seedMessages(user.user.id, integration!.id, [
      { sender_id: stripe!.id, from_email: stripe!.email, subject: "Old receipt", received_at: new Date("2026-06-09T06:00:00Z") },
      { sender_id: stripe!.id, from_email: stripe!.email, subject: "Your receipt", received_at: new Date("2026-06-09T20:00:00Z") },
      { sender_id: stripe!.id, from_email: stripe!.email, subject: "Payout sent", received_at: new Date("2026-06-10T05:00:00Z") },
      { sender_id: jane!.id, from_email: jane!.email, subject: "Lunch?", received_at: new Date("2026-06-10T05:30:00Z") },
      { sender_id: quiet!.id, from_email: quiet!.email, subject: "50% off", received_at: new Date("2026-06-10T05:40:00Z") },
    ]);
    const res = await api("GET", "/api/calls/next-digest", { token: user.token });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({
      scheduled_at: "2026-06-10T07:00:00.000Z",
      timezone: "Europe/Paris",
      preferred_call_time: "09:00",
      since: "2026-06-09T07:00:00.000Z",
      message_count: 3,
    });
    expect(res.body.data.content_preview).toBe('3 emails from 2 senders. Stripe (2): "Payout sent", "Your receipt". Jane (1): "Lunch?".');
    expect(res.body.data.content_preview).not.toContain("50% off");
    expect(res.body.data.content_preview).not.toContain("Old receipt");
  });

  it("moves to tomorrow once today's digest has happened, and keeps local time across a DST change", async () => {
    vi.useFakeTimers({ toFake: ["Date"], now: new Date("2026-03-07T16:00:00Z") }); // Saturday 11:00 in New York (EST)
    const user = await registerTestUser({ timezone: "America/New_York" });
    const before = await api("GET", "/api/calls/next-digest", { token: user.token });
    // Today's 09:00 has passed -> Sunday 09:00, which is EDT after the spring-forward night.
    expect(before.body.data.scheduled_at).toBe("2026-03-08T13:00:00.000Z");

    await api("PUT", "/api/preferences", { token: user.token, body: { preferred_call_time: "20:00" } });
    expect((await api("GET", "/api/calls/next-digest", { token: user.token })).body.data.scheduled_at).toBe("2026-03-08T01:00:00.000Z");
    // Tonight's digest already ran (in progress): the next is Sunday 20:00 EDT.
    await seedCall(user.user.id, { scheduled_at: new Date("2026-03-08T01:00:00Z"), status: "in-progress" });
    vi.setSystemTime(new Date("2026-03-08T01:05:00Z"));
    // Hours later in fake time the access token has expired: sign in again.
    const login = await api("POST", "/api/auth/login", { body: { email: user.email, password: user.password } });
    const token = login.body.data.access_token;
    expect((await api("GET", "/api/calls/next-digest", { token })).body.data.scheduled_at).toBe("2026-03-09T00:00:00.000Z");
  });

  it("says so when there is nothing to report", async () => {
    const user = await registerTestUser();
    const res = await api("GET", "/api/calls/next-digest", { token: user.token });
    expect(res.body.data).toMatchObject({ message_count: 0, content_preview: "Nothing new from your remind-me senders yet.", senders: [] });
  });
});
