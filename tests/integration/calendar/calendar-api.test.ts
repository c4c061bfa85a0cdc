import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { api, registerTestUser } from "@/tests/helpers/api";
import { startGoogleCalendarFake, type GoogleCalendarFake } from "@/tests/fakes/google-calendar-server";
import { setEnv } from "@/tests/integration/providers/env-scope";
import { getDb } from "@/lib/db";
import { calendarIntegrations } from "@/lib/db/schema";

const DAY = 86_400_000;

async function calendarRows(userId: string) {
  const db = await getDb();
  return db.select().from(calendarIntegrations).where(eq(calendarIntegrations.user_id, userId));
}

describe("calendar API with the demo calendar", () => {
  it("connects the demo calendar, reports it, lists the next days' meetings and disconnects", async () => {
    const user = await registerTestUser({ timezone: "Europe/Berlin" });
    const empty = await api("GET", "/api/integrations/calendar/status", { token: user.token });
    expect(empty.body).toEqual({ success: true, data: { connected: false, provider: null, last_sync: null, integrations: [] } });
    expect((await api("GET", "/api/integrations/calendar/events", { token: user.token })).body.data).toMatchObject({
      events: [],
      partial: false,
      calendars: [],
    });

    const connect = await api("POST", "/api/integrations/calendar/connect", { token: user.token, body: { provider: "demo" } });
    expect(connect.status).toBe(201);
    expect(connect.body).toEqual({
      success: true,
      message: "Calendar connected",
      data: { integration_id: expect.any(String), status: "connected", provider: "demo", account_email: "alex.morgan@northwindlabs.com" },
    });
    const id = connect.body.data.integration_id;

    const before = Date.now();
    const week = await api("GET", "/api/integrations/calendar/events?days_ahead=7", { token: user.token });
    expect(week.status).toBe(200);
    const { events, from, to, partial, calendars } = week.body.data;
    expect(partial).toBe(false);
    expect(calendars).toEqual([
      { integration_id: id, provider: "demo", account_email: "alex.morgan@northwindlabs.com", ok: true, event_count: events.length, error: null },
    ]);
    expect(new Date(to).getTime() - new Date(from).getTime()).toBe(7 * DAY);
    expect(new Date(from).getTime()).toBeGreaterThanOrEqual(before - 1000);
    expect(events.length).toBeGreaterThan(5);
    for (const e of events) {
      expect(e).toMatchObject({ integration_id: id, provider: "demo" });
      expect(new Date(e.end).getTime()).toBeGreaterThan(new Date(from).getTime());
      expect(new Date(e.start).getTime()).toBeLessThan(new Date(to).getTime());
    }
    expect(events.map((e: { start: string }) => e.start)).toEqual([...events.map((e: { start: string }) => e.start)].sort());

    const oneDay = (await api("GET", "/api/integrations/calendar/events?days_ahead=1", { token: user.token })).body.data.events;
    expect(oneDay.length).toBeLessThan(events.length);
    expect(
      oneDay.every((e: { provider_event_id: string }) => events.some((w: { provider_event_id: string }) => w.provider_event_id === e.provider_event_id)),
    ).toBe(true);

    const status = (await api("GET", "/api/integrations/calendar/status", { token: user.token })).body.data;
    expect(status).toMatchObject({ connected: true, provider: "demo", last_sync: expect.any(String) });
    expect(status.integrations).toEqual([
      {
        id,
        provider: "demo",
        account_email: "alex.morgan@northwindlabs.com",
        status: "connected",
        last_sync: expect.any(String),
        last_error: null,
        created_at: expect.any(String),
      },
    ]);
    expect(JSON.stringify(status)).not.toMatch(/credentials|timezone/);

    const disconnect = await api("DELETE", `/api/integrations/calendar/${id}`, { token: user.token });
    expect(disconnect.status).toBe(200);
    expect(disconnect.body).toMatchObject({
      success: true,
      message: "Calendar disconnected",
      data: { integration: { id, status: "disconnected" }, revoked: false },
    });
    expect((await calendarRows(user.user.id))[0]!.credentials_encrypted).toBeNull();
    expect((await api("GET", "/api/integrations/calendar/events", { token: user.token })).body.data.events).toEqual([]);
    expect((await api("GET", "/api/integrations/calendar/status", { token: user.token })).body.data.connected).toBe(false);
  });

  it("validates days_ahead (1-60), the provider and the body, and needs a signed-in user", async () => {
    const user = await registerTestUser();
    for (const bad of ["0", "61", "-3", "2.5", "soon"]) {
      const res = await api("GET", `/api/integrations/calendar/events?days_ahead=${bad}`, { token: user.token });
      expect(res.status).toBe(400);
      expect(res.body.error).toMatchObject({ code: "VALIDATION_ERROR", details: { days_ahead: expect.any(Array) } });
    }
    expect((await api("GET", "/api/integrations/calendar/events?days_ahead=60", { token: user.token })).status).toBe(200);
    expect((await api("GET", "/api/calls/upcoming-reminders?days_ahead=61", { token: user.token })).status).toBe(400);

    const unknown = await api("POST", "/api/integrations/calendar/connect", { token: user.token, body: { provider: "icloud", auth_token: "x".repeat(20) } });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.details).toHaveProperty("provider");
    const caldav = await api("POST", "/api/integrations/calendar/connect", {
      token: user.token,
      body: { provider: "caldav", url: "ftp://example.com/", username: "" },
    });
    expect(caldav.status).toBe(400);
    expect(Object.keys(caldav.body.error.details)).toEqual(expect.arrayContaining(["url", "username", "password"]));
    const extra = await api("POST", "/api/integrations/calendar/connect", { token: user.token, body: { provider: "demo", admin: true } });
    expect(extra.status).toBe(400);
    expect(await calendarRows(user.user.id)).toHaveLength(0);

    expect((await api("POST", "/api/integrations/calendar/connect", { body: { provider: "demo" } })).status).toBe(401);
    expect((await api("GET", "/api/integrations/calendar/events")).status).toBe(401);
    expect((await api("GET", "/api/calls/upcoming-reminders")).status).toBe(401);
  });

  it("keeps users apart: another user's calendar is 404 and never in their events", async () => {
    const alice = await registerTestUser();
    const mallory = await registerTestUser();
    const id = (await api("POST", "/api/integrations/calendar/connect", { token: alice.token, body: { provider: "demo" } })).body.data.integration_id;
    const stolen = await api("DELETE", `/api/integrations/calendar/${id}`, { token: mallory.token });
    expect(stolen.status).toBe(404);
    expect(stolen.body).toEqual({ success: false, error: { code: "NOT_FOUND", message: "Calendar not found" } });
    expect((await api("DELETE", "/api/integrations/calendar/not-a-uuid", { token: mallory.token })).status).toBe(404);
    expect((await api("GET", "/api/integrations/calendar/events", { token: mallory.token })).body.data.events).toEqual([]);
    expect((await api("GET", "/api/integrations/calendar/status", { token: mallory.token })).body.data.integrations).toEqual([]);
    expect((await calendarRows(alice.user.id))[0]!.status).toBe("connected");
  });

  it("plans upcoming reminder calls from the demo calendar and the user's preferences", async () => {
    const user = await registerTestUser({ timezone: "America/New_York" });
    const none = (await api("GET", "/api/calls/upcoming-reminders", { token: user.token })).body.data;
    expect(none).toMatchObject({
      reminders: [],
      skipped: [],
      partial: false,
      calendars: [],
      preferences: {
        meeting_reminder_timing: "15-minutes",
        meeting_reminder_frequency: "all-meetings",
        meeting_reminder_method: "call-only",
        timezone: "America/New_York",
      },
    });

    await api("POST", "/api/integrations/calendar/connect", { token: user.token, body: { provider: "demo" } });
    const all = (await api("GET", "/api/calls/upcoming-reminders?days_ahead=35", { token: user.token })).body.data;
    expect(all.reminders.length).toBeGreaterThan(10);
    for (const r of all.reminders) {
      expect(r.channel).toBe("call");
      expect(r.event.all_day).toBe(false);
      expect(r.event.status).not.toBe("cancelled");
      expect(r.event.self_response).not.toBe("declined");
      if (!r.late) expect(new Date(r.event.start).getTime() - new Date(r.remind_at).getTime()).toBe(15 * 60_000);
    }
    // A meeting under way when the test runs is "started" (the listing includes events still in progress).
    // 35 days always hold a month's last Friday: the all-day company offsite.
    expect(all.skipped.map((s: { reason: string }) => s.reason)).toContain("all-day");
    expect(all.skipped.every((s: { reason: string }) => ["all-day", "declined", "cancelled", "started", "too-soon"].includes(s.reason))).toBe(true);

    const put = await api("PUT", "/api/preferences", {
      token: user.token,
      body: { meeting_reminder_frequency: "investor-calls", meeting_reminder_timing: "1-hour", meeting_reminder_method: "call-and-digest" },
    });
    expect(put.status).toBe(200);
    const investors = (await api("GET", "/api/calls/upcoming-reminders?days_ahead=35", { token: user.token })).body.data;
    expect(investors.preferences).toMatchObject({ meeting_reminder_frequency: "investor-calls", meeting_reminder_method: "call-and-digest" });
    expect(investors.reminders.length).toBeGreaterThan(0);
    expect(investors.reminders.every((r: { investor: boolean }) => r.investor)).toBe(true);
    expect(new Set(investors.reminders.map((r: { channel: string }) => r.channel))).toEqual(new Set(["call", "digest"]));
    expect(investors.reminders.some((r: { event: { title: string } }) => r.event.title === "Monthly investor update")).toBe(true);
    expect(investors.skipped.some((s: { reason: string }) => s.reason === "not-investor")).toBe(true);
  });
});

describe("calendar API when a provider fails", () => {
  let google: GoogleCalendarFake;
  let restoreEnv: () => void;
  beforeAll(async () => {
    google = await startGoogleCalendarFake();
    restoreEnv = setEnv(google.env);
  });
  afterAll(async () => {
    restoreEnv?.();
    await google?.stop();
  });

  it("answers with the other calendars and names the failing one; all failing is a 502 naming it", async () => {
    const user = await registerTestUser();
    const { refreshToken } = google.addUser("failing@gmail.example");
    google.addEvents("failing@gmail.example", [
      { summary: "Only on Google", start: new Date(Date.now() + 2 * 3600_000).toISOString(), end: new Date(Date.now() + 3 * 3600_000).toISOString() },
    ]);
    const g = await api("POST", "/api/integrations/calendar/connect", { token: user.token, body: { provider: "google", auth_token: refreshToken } });
    expect(g.status).toBe(201);
    const healthy = (await api("GET", "/api/integrations/calendar/events", { token: user.token })).body.data;
    expect(healthy.events.map((e: { title: string }) => e.title)).toEqual(["Only on Google"]);

    // Down for good (retries included) until cleared.
    google.failNext(1000, { status: 503, reason: "backendError", message: "Backend Error", retryAfterSeconds: 0 });
    const down = await api("GET", "/api/integrations/calendar/events", { token: user.token });
    google.clearFaults();
    expect(down.status).toBe(502);
    expect(down.body.error).toMatchObject({
      code: "PROVIDER_ERROR",
      message: expect.stringMatching(/^Calendar failing@gmail\.example: Google Calendar is unavailable \(HTTP 503\)/),
    });
    expect(down.body.error.details.calendars).toEqual([
      {
        integration_id: g.body.data.integration_id,
        provider: "google",
        account_email: "failing@gmail.example",
        ok: false,
        event_count: 0,
        error: expect.stringMatching(/unavailable/),
      },
    ]);

    await api("POST", "/api/integrations/calendar/connect", { token: user.token, body: { provider: "demo" } });
    google.failNext(1000, { status: 401, reason: "authError", message: "Invalid Credentials" });
    const partial = await api("GET", "/api/integrations/calendar/events", { token: user.token });
    google.clearFaults();
    expect(partial.status).toBe(200);
    expect(partial.body.data.partial).toBe(true);
    expect(partial.body.data.events.length).toBeGreaterThan(0);
    expect(partial.body.data.events.every((e: { provider: string }) => e.provider === "demo")).toBe(true);
    const failing = partial.body.data.calendars.find((c: { provider: string }) => c.provider === "google");
    expect(failing).toMatchObject({ ok: false, error: expect.stringMatching(/Calendar failing@gmail\.example: Google Calendar refused the credentials/) });
    // Refused credentials need the user: the calendar shows it until a read succeeds again.
    const status = (await api("GET", "/api/integrations/calendar/status", { token: user.token })).body.data.integrations;
    expect(status.find((i: { provider: string }) => i.provider === "google")).toMatchObject({
      status: "error",
      last_error: expect.stringMatching(/refused the credentials/),
    });
    const reminders = (await api("GET", "/api/calls/upcoming-reminders", { token: user.token })).body.data;
    expect(reminders.partial).toBe(false);
    expect(
      (await api("GET", "/api/integrations/calendar/status", { token: user.token })).body.data.integrations.find(
        (i: { provider: string }) => i.provider === "google",
      ),
    ).toMatchObject({ status: "connected", last_error: null });
  });
});
