import { beforeAll, describe, expect, it } from "vitest";
import { desc, eq } from "drizzle-orm";
import { api, registerTestUser } from "@/tests/helpers/api";
import { seedSenders } from "@/tests/helpers/seed";
import { getDb } from "@/lib/db";
import { preferenceAuditLogs } from "@/lib/db/schema";

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
    expect(rows[0].changes).not.toHaveProperty("team_urgent");

    const noop = await api("PUT", "/api/preferences", { token: user.token, body: { preferred_call_time: "07:45" } });
    expect(noop.status).toBe(200);
    expect(await auditRows(user.user.id)).toHaveLength(1);
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
    await api("PUT", "/api/preferences", { token: user.token, body: { urgent_financial: false, preferred_call_time: "18:30" } });
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
      // The user's own call time is kept.
      preferred_call_time: "18:30",
    });
    const [latest] = await auditRows(user.user.id);
    expect(latest.source).toBe("reset");
    expect(latest.changes).toMatchObject({ urgent_financial: { from: false, to: true }, investor_updates: { from: false, to: true } });
  });

  it("switches triggers off when the mail gives no reason for them", async () => {
    const user = await registerTestUser({ email: `someone${Date.now()}@gmail.com` });
    const res = await api("POST", "/api/preferences/reset", { token: user.token });
    expect(res.body.data.preferences).toMatchObject({ urgent_financial: false, team_urgent: false, investor_updates: false });
  });
});
