import { beforeAll, describe, expect, it } from "vitest";
import { desc, eq } from "drizzle-orm";
import { api, registerTestUser } from "@/tests/helpers/api";
import { seedSenders } from "@/tests/helpers/seed";
import { getDb } from "@/lib/db";
import { callLogs, preferenceAuditLogs } from "@/lib/db/schema";
import { prepareCall } from "@/lib/calls/prepare-call";
import { zonedTimeToUtc } from "@/lib/time/zoned-time";

let alice: Awaited<ReturnType<typeof registerTestUser>>;

async function auditRows(userId: string) {
  const db = await getDb();
  return db.select().from(preferenceAuditLogs).where(eq(preferenceAuditLogs.user_id, userId)).orderBy(desc(preferenceAuditLogs.created_at));
}

beforeAll(async () => {
  alice = await registerTestUser();
});

describe("GET /api/preferences", () => {
  it("returns every seed-000 field with defaults", async () => {
    const res = await api("GET", "/api/preferences", { token: alice.token });
    expect(res.status).toBe(200);
    expect(res.body.data.preferences).toEqual({
      id: expect.any(String),
      user_id: alice.user.id,
      urgent_financial: true,
      investor_updates: false,
      customer_issues: false,
      team_urgent: true,
      partnership_deals: false,
      product_launches: false,
      meeting_reminder_timing: "15-minutes",
      meeting_reminder_frequency: "all-meetings",
      meeting_reminder_method: "call-only",
      preferred_call_time: "09:00",
      voice_preference: "alloy",
      quiet_hours_start: "21:00",
      quiet_hours_end: "08:00",
      urgent_calls_in_quiet_hours: false,
      created_at: expect.any(String),
      updated_at: expect.any(String),
    });
  });

  it("needs authentication", async () => {
    expect((await api("GET", "/api/preferences")).status).toBe(401);
    expect((await api("PUT", "/api/preferences", { body: { team_urgent: false } })).status).toBe(401);
    expect((await api("POST", "/api/preferences/reset")).status).toBe(401);
  });
});

describe("PUT /api/preferences", () => {
  it("applies a partial update and writes an audit row with exactly what changed", async () => {
    const user = await registerTestUser();
    const res = await api("PUT", "/api/preferences", {
      token: user.token,
      body: { preferred_call_time: "07:45", investor_updates: true, team_urgent: true },
    });
    expect(res.status).toBe(200);
    expect(res.body.data.preferences).toMatchObject({ preferred_call_time: "07:45", investor_updates: true, team_urgent: true, urgent_financial: true });
    const rows = await auditRows(user.user.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      source: "api",
      changes: { preferred_call_time: { from: "09:00", to: "07:45" }, investor_updates: { from: false, to: true } },
    });
    // team_urgent was already true: not a change, not audited.
    expect(rows[0]!.changes).not.toHaveProperty("team_urgent");

    const noop = await api("PUT", "/api/preferences", { token: user.token, body: { preferred_call_time: "07:45" } });
    expect(noop.status).toBe(200);
    expect(await auditRows(user.user.id)).toHaveLength(1);
  });

  it("saves quiet hours (a window across midnight, or none when start equals end) and whether urgent calls may ring in them", async () => {
    const user = await registerTestUser();
    const res = await api("PUT", "/api/preferences", {
      token: user.token,
      body: { quiet_hours_start: "22:30", quiet_hours_end: "06:45", urgent_calls_in_quiet_hours: true },
    });
    expect(res.status).toBe(200);
    expect(res.body.data.preferences).toMatchObject({ quiet_hours_start: "22:30", quiet_hours_end: "06:45", urgent_calls_in_quiet_hours: true });
    const [row] = await auditRows(user.user.id);
    expect(row!.changes).toEqual({
      quiet_hours_start: { from: "21:00", to: "22:30" },
      quiet_hours_end: { from: "08:00", to: "06:45" },
      urgent_calls_in_quiet_hours: { from: false, to: true },
    });
    const none = await api("PUT", "/api/preferences", { token: user.token, body: { quiet_hours_start: "00:00", quiet_hours_end: "00:00" } });
    expect(none.status).toBe(200);
    expect((await api("GET", "/api/preferences", { token: user.token })).body.data.preferences).toMatchObject({
      quiet_hours_start: "00:00",
      quiet_hours_end: "00:00",
      urgent_calls_in_quiet_hours: true,
    });
  });

  it("quiet hours saved here hold an urgent call from mail until they end, unless urgent calls are allowed in them", async () => {
    const user = await registerTestUser({ timezone: "Europe/Berlin" });
    await api("PUT", "/api/preferences", { token: user.token, body: { quiet_hours_start: "22:00", quiet_hours_end: "07:15" } });
    const db = await getDb();
    const newCall = async () => {
      const [call] = await db
        .insert(callLogs)
        .values({ user_id: user.user.id, call_type: "urgent", status: "scheduled", scheduled_at: new Date(), content_summary: "From mail" })
        .returning();
      return call!;
    };
    const lateEvening = zonedTimeToUtc({ year: 2026, month: 3, day: 10, hour: 23, minute: 30 }, "Europe/Berlin");
    expect(await prepareCall((await newCall()).id, lateEvening)).toEqual({
      action: "wait",
      until: zonedTimeToUtc({ year: 2026, month: 3, day: 11, hour: 7, minute: 15 }, "Europe/Berlin").toISOString(),
      reason: "quiet-hours",
    });
    const evening = zonedTimeToUtc({ year: 2026, month: 3, day: 10, hour: 21, minute: 30 }, "Europe/Berlin");
    expect(await prepareCall((await newCall()).id, evening)).toEqual({ action: "dial" });

    await api("PUT", "/api/preferences", { token: user.token, body: { urgent_calls_in_quiet_hours: true } });
    expect(await prepareCall((await newCall()).id, lateEvening)).toEqual({ action: "dial" });
  });

  it("rejects quiet hours that are not HH:MM and a non-boolean allowance, changing nothing", async () => {
    const user = await registerTestUser();
    const bad = await api("PUT", "/api/preferences", {
      token: user.token,
      body: { quiet_hours_start: "9pm", quiet_hours_end: "24:00", urgent_calls_in_quiet_hours: "yes" },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe("VALIDATION_ERROR");
    expect(bad.body.error.details).toEqual({
      quiet_hours_start: ["Must be a 24-hour time as HH:MM, e.g. 08:30"],
      quiet_hours_end: ["Must be a 24-hour time as HH:MM, e.g. 08:30"],
      urgent_calls_in_quiet_hours: ["Must be true or false"],
    });
    expect((await api("GET", "/api/preferences", { token: user.token })).body.data.preferences).toMatchObject({
      quiet_hours_start: "21:00",
      quiet_hours_end: "08:00",
      urgent_calls_in_quiet_hours: false,
    });
    expect(await auditRows(user.user.id)).toHaveLength(0);
  });

  it("rejects bad values, unknown fields and an empty body, changing nothing", async () => {
    const user = await registerTestUser();
    const before = (await api("GET", "/api/preferences", { token: user.token })).body.data.preferences;
    const bad = await api("PUT", "/api/preferences", {
      token: user.token,
      body: { preferred_call_time: "25:00", meeting_reminder_timing: "3-hours", voice_preference: "robot", team_urgent: "yes", colour: "red" },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe("VALIDATION_ERROR");
    expect(Object.keys(bad.body.error.details)).toEqual(
      expect.arrayContaining(["preferred_call_time", "meeting_reminder_timing", "voice_preference", "team_urgent"]),
    );
    expect(JSON.stringify(bad.body.error.details)).toContain("colour");
    expect((await api("PUT", "/api/preferences", { token: user.token, body: {} })).status).toBe(400);
    expect((await api("GET", "/api/preferences", { token: user.token })).body.data.preferences).toEqual(before);
    expect(await auditRows(user.user.id)).toHaveLength(0);
  });
});

describe("POST /api/preferences/reset", () => {
  it("derives smart defaults from the user's senders and audits the reset", async () => {
    const user = await registerTestUser({ email: `founder${Date.now()}@acme.io` });
    await api("PUT", "/api/preferences", {
      token: user.token,
      body: { urgent_financial: false, preferred_call_time: "18:30", quiet_hours_start: "23:00", quiet_hours_end: "07:30", urgent_calls_in_quiet_hours: true },
    });
    await seedSenders(user.user.id, [
      { email: "billing@stripe.com", name: "Stripe", sender_type: "tool", latest_subject: "Payment failed for invoice 42" },
      { email: "updates@carta.com", name: "Carta", sender_type: "tool", latest_subject: "Q3 investor update" },
      { email: "cto@acme.io", name: "Sam (CTO)", sender_type: "personal", latest_subject: "Prod incident" },
      { email: "support@acme.zendesk.com", name: "Zendesk", sender_type: "tool", latest_subject: "Ticket #123 escalated" },
    ]);
    const res = await api("POST", "/api/preferences/reset", { token: user.token });
    expect(res.status).toBe(200);
    expect(res.body.message).toBe("Preferences reset to smart defaults");
    expect(res.body.data.preferences).toMatchObject({
      urgent_financial: true,
      investor_updates: true,
      customer_issues: true,
      team_urgent: true,
      partnership_deals: false,
      product_launches: false,
      meeting_reminder_frequency: "all-meetings",
      // The user's own call time and quiet hours are kept.
      preferred_call_time: "18:30",
      quiet_hours_start: "23:00",
      quiet_hours_end: "07:30",
      urgent_calls_in_quiet_hours: true,
    });
    const [latest] = await auditRows(user.user.id);
    expect(latest!.source).toBe("reset");
    expect(latest!.changes).toMatchObject({ urgent_financial: { from: false, to: true }, investor_updates: { from: false, to: true } });
  });

  it("switches triggers off when the mail gives no reason for them", async () => {
    const user = await registerTestUser({ email: `someone${Date.now()}@gmail.com` });
    const res = await api("POST", "/api/preferences/reset", { token: user.token });
    expect(res.body.data.preferences).toMatchObject({ urgent_financial: false, team_urgent: false, investor_updates: false });
  });
});
