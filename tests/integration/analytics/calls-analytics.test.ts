import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db";
import { callLogs } from "@/lib/db/schema";
import { addDays, wallTime, zonedTimeToUtc } from "@/lib/time/zoned-time";
import { api, registerTestUser } from "@/tests/helpers/api";

const TZ = "America/Los_Angeles";
let alice: Awaited<ReturnType<typeof registerTestUser>>;
let bob: Awaited<ReturnType<typeof registerTestUser>>;

const isoDate = (d: { year: number; month: number; day: number }) => `${d.year}-${String(d.month).padStart(2, "0")}-${String(d.day).padStart(2, "0")}`;
const localInstant = (daysAgo: number, hour: number, minute: number) => {
  const day = addDays(wallTime(new Date(), TZ), -daysAgo);
  return { at: zonedTimeToUtc({ ...day, hour, minute }, TZ), date: isoDate(day) };
};

type CallSeed = {
  user_id: string;
  call_type: "urgent" | "digest" | "meeting-reminder";
  status: "scheduled" | "in-progress" | "completed" | "failed";
  scheduled_at: Date;
  duration_seconds?: number;
  success?: boolean;
};

async function seedCalls(calls: CallSeed[]) {
  const db = await getDb();
  await db.insert(callLogs).values(calls.map((c) => ({ content_summary: "seeded", ...c })));
}

const yesterdayLate = () => localInstant(1, 23, 30);
const twoDaysAgo = () => localInstant(2, 9, 0);

beforeAll(async () => {
  alice = await registerTestUser({ timezone: TZ });
  bob = await registerTestUser({ timezone: "Europe/Paris" });
  await seedCalls([
    // 23:30 in Los Angeles is already the next day in UTC: it must count on the local day.
    { user_id: alice.user.id, call_type: "urgent", status: "completed", scheduled_at: yesterdayLate().at, duration_seconds: 40, success: true },
    { user_id: alice.user.id, call_type: "digest", status: "completed", scheduled_at: yesterdayLate().at, duration_seconds: 80, success: true },
    { user_id: alice.user.id, call_type: "urgent", status: "failed", scheduled_at: twoDaysAgo().at, success: false },
    { user_id: alice.user.id, call_type: "meeting-reminder", status: "completed", scheduled_at: twoDaysAgo().at, duration_seconds: 30, success: false },
    { user_id: alice.user.id, call_type: "urgent", status: "scheduled", scheduled_at: localInstant(0, 0, 5).at },
    // Outside the default 30-day window.
    { user_id: alice.user.id, call_type: "digest", status: "completed", scheduled_at: localInstant(45, 9, 0).at, duration_seconds: 999, success: true },
    { user_id: bob.user.id, call_type: "urgent", status: "completed", scheduled_at: yesterdayLate().at, duration_seconds: 10, success: true },
  ]);
});

describe("GET /api/analytics/calls", () => {
  it("counts calls per local day by type over the last 30 days, with success rate and average duration", async () => {
    const res = await api("GET", "/api/analytics/calls", { token: alice.token });
    expect(res.status).toBe(200);
    expect(res.body.success).toBe(true);
    const data = res.body.data;
    expect(data.days).toBe(30);
    expect(data.timezone).toBe(TZ);
    expect(data.per_day).toHaveLength(30);
    expect(data.to).toBe(isoDate(wallTime(new Date(), TZ)));
    expect(data.per_day.at(-1).date).toBe(data.to);
    expect(data.per_day[0].date).toBe(data.from);
    const byDate = Object.fromEntries(data.per_day.map((d: { date: string }) => [d.date, d]));
    expect(byDate[yesterdayLate().date]).toEqual({
      date: yesterdayLate().date,
      urgent: 1,
      digest: 1,
      "meeting-reminder": 0,
      "phone-confirmation": 0,
      total: 2,
      completed: 2,
      failed: 0,
    });
    expect(byDate[twoDaysAgo().date]).toEqual({
      date: twoDaysAgo().date,
      urgent: 1,
      digest: 0,
      "meeting-reminder": 1,
      "phone-confirmation": 0,
      total: 2,
      completed: 1,
      failed: 1,
    });
    expect(data.totals).toEqual({
      urgent: 3,
      digest: 1,
      "meeting-reminder": 1,
      "phone-confirmation": 0,
      total: 5,
      scheduled: 1,
      in_progress: 0,
      completed: 3,
      failed: 1,
      // completed with success=false (the reminder nobody heard) is not a success: 2 of 4 finished calls.
      successful: 2,
      success_rate: 0.5,
      average_duration_seconds: 50,
    });
  });

  it("honours days and includes older calls when asked", async () => {
    const res = await api("GET", "/api/analytics/calls?days=60", { token: alice.token });
    expect(res.status).toBe(200);
    expect(res.body.data.per_day).toHaveLength(60);
    expect(res.body.data.totals.total).toBe(6);
    const short = await api("GET", "/api/analytics/calls?days=1", { token: alice.token });
    expect(short.body.data.per_day).toHaveLength(1);
    expect(short.body.data.totals.total).toBe(1);
    expect(short.body.data.totals.success_rate).toBeNull();
  });

  it("rejects a bad days value with the failing field", async () => {
    for (const days of ["0", "366", "abc", "1.5"]) {
      const res = await api("GET", `/api/analytics/calls?days=${days}`, { token: alice.token });
      expect(res.status).toBe(400);
      expect(res.body.success).toBe(false);
      expect(res.body.error.code).toBe("VALIDATION_ERROR");
      expect(Object.keys(res.body.error.details)).toEqual(["days"]);
    }
  });

  it("needs authentication", async () => {
    const res = await api("GET", "/api/analytics/calls");
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ success: false, error: { code: "UNAUTHORIZED", message: "Authentication required" } });
  });

  it("counts only the caller's own calls", async () => {
    const res = await api("GET", "/api/analytics/calls", { token: bob.token });
    expect(res.status).toBe(200);
    expect(res.body.data.timezone).toBe("Europe/Paris");
    expect(res.body.data.totals).toMatchObject({ total: 1, urgent: 1, digest: 0, successful: 1, success_rate: 1, average_duration_seconds: 10 });
  });
});
