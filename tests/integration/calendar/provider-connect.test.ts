import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { api, registerTestUser } from "@/tests/helpers/api";
import { startGoogleCalendarFake, type GoogleCalendarFake } from "@/tests/fakes/google-calendar-server";
import { startGraphFake, type GraphFake } from "@/tests/fakes/graph-server";
import { buildTestEvent, hasRadicale, startRadicale, type RadicaleServer } from "@/tests/fakes/radicale";
import { closedPort, setEnv } from "@/tests/integration/providers/env-scope";
import { getDb } from "@/lib/db";
import { calendarIntegrations } from "@/lib/db/schema";
import { calendarOAuthRedirectUri } from "@/lib/calendar/connect-calendar-integration";

const HOUR = 3600_000;
const DAY = 24 * HOUR;

async function calendarRows(userId: string) {
  const db = await getDb();
  return db.select().from(calendarIntegrations).where(eq(calendarIntegrations.user_id, userId));
}

// Midnight UTC tomorrow: seeded meetings sit in the next days whatever the time of the run.
const tomorrow = () => Math.ceil(Date.now() / DAY) * DAY;

describe.skipIf(!hasRadicale() && !process.env.CI)("CalDAV calendars on a real Radicale through the API", () => {
  let radicale: RadicaleServer;
  let restoreEnv: () => void;
  beforeAll(async () => {
    radicale = await startRadicale();
    restoreEnv = setEnv({ ALLOW_PRIVATE_NETWORK: "1" });
    await radicale.createCalendar("work");
    const t = tomorrow();
    await radicale.putEvent(
      "work",
      "weekly",
      buildTestEvent({
        uid: "weekly",
        summary: "Weekly planning",
        start: new Date(t + 9 * HOUR),
        end: new Date(t + 10 * HOUR),
        rrule: "FREQ=WEEKLY;COUNT=10",
        attendees: [{ email: "alex@127.0.0.1" }, { email: "ops@client.example" }],
      }),
    );
    await radicale.putEvent(
      "work",
      "board",
      buildTestEvent({
        uid: "board",
        summary: "Board meeting",
        start: new Date(t + DAY + 15 * HOUR),
        end: new Date(t + DAY + 17 * HOUR),
        organizer: "chair@fund.example",
      }),
    );
  });
  afterAll(async () => {
    restoreEnv?.();
    await radicale?.stop();
  });

  it("refuses a wrong password with 400 and an unreachable server with 502, storing nothing", async () => {
    const user = await registerTestUser();
    const wrong = await api("POST", "/api/integrations/calendar/connect", {
      token: user.token,
      body: { provider: "caldav", ...radicale.credentials(), password: "not-it" },
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error).toMatchObject({
      code: "VALIDATION_ERROR",
      message: expect.stringMatching(/^The CalDAV server rejected the credentials/),
      details: { credentials: expect.any(Array) },
    });
    expect(JSON.stringify(wrong.body)).not.toContain("not-it");
    const port = await closedPort();
    const down = await api("POST", "/api/integrations/calendar/connect", {
      token: user.token,
      body: { provider: "caldav", ...radicale.credentials(), url: `http://127.0.0.1:${port}/` },
    });
    expect(down.status).toBe(502);
    expect(down.body.error.code).toBe("PROVIDER_ERROR");
    expect(await calendarRows(user.user.id)).toHaveLength(0);
  });

  it("refuses a private host unless private networks are allowed", async () => {
    const user = await registerTestUser();
    const restore = setEnv({ ALLOW_PRIVATE_NETWORK: undefined });
    const refused = await api("POST", "/api/integrations/calendar/connect", { token: user.token, body: { provider: "caldav", ...radicale.credentials() } });
    restore();
    expect(refused.status).toBe(400);
    expect(refused.body.error).toMatchObject({ code: "VALIDATION_ERROR", message: expect.stringMatching(/not allowed.*private/) });
    expect(await calendarRows(user.user.id)).toHaveLength(0);
  });

  it("connects, stores the password encrypted, lists the weekly series expanded, and disconnects", async () => {
    const user = await registerTestUser();
    const res = await api("POST", "/api/integrations/calendar/connect", { token: user.token, body: { provider: "caldav", ...radicale.credentials() } });
    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({ provider: "caldav", account_email: "alex@127.0.0.1", status: "connected" });
    const [row] = await calendarRows(user.user.id);
    expect(row!.credentials_encrypted).toMatch(/^v1\./);
    expect(row!.credentials_encrypted).not.toContain(radicale.credentials().password);

    // Two weeks from now: the series' third instance (tomorrow + 14 days) is just outside.
    const events = (await api("GET", "/api/integrations/calendar/events?days_ahead=14", { token: user.token })).body.data.events;
    const t = tomorrow();
    expect(events.map((e: { title: string; start: string }) => [e.title, e.start])).toEqual([
      ["Weekly planning", new Date(t + 9 * HOUR).toISOString()],
      ["Board meeting", new Date(t + DAY + 15 * HOUR).toISOString()],
      ["Weekly planning", new Date(t + 7 * DAY + 9 * HOUR).toISOString()],
    ]);
    expect(events[0].attendees).toEqual(["alex@127.0.0.1", "ops@client.example"]);
    const planned = (await api("GET", "/api/calls/upcoming-reminders?days_ahead=14", { token: user.token })).body.data.reminders;
    expect(planned.find((r: { event: { title: string } }) => r.event.title === "Board meeting")).toMatchObject({
      investor: true,
      important: true,
      channel: "call",
    });

    const disconnect = await api("DELETE", `/api/integrations/calendar/${row!.id}`, { token: user.token });
    expect(disconnect.body.data).toMatchObject({ integration: { status: "disconnected" }, revoked: false });
    expect((await calendarRows(user.user.id))[0]!.credentials_encrypted).toBeNull();
  });
});

describe("Google and Outlook calendars through the API against the loopback fakes", () => {
  let google: GoogleCalendarFake;
  let graph: GraphFake;
  let restoreEnv: () => void;
  beforeAll(async () => {
    google = await startGoogleCalendarFake();
    graph = await startGraphFake();
    restoreEnv = setEnv({ ...google.env, ...graph.env });
  });
  afterAll(async () => {
    restoreEnv?.();
    await google?.stop();
    await graph?.stop();
  });

  it("Google: a bad code stores nothing, a good one connects, events come through the SDK, disconnect revokes", async () => {
    const user = await registerTestUser();
    google.addUser("ada@gmail.example");
    const t = tomorrow();
    google.addEvents("ada@gmail.example", [
      {
        summary: "Customer call",
        start: new Date(t + 14 * HOUR).toISOString(),
        end: new Date(t + 15 * HOUR).toISOString(),
        attendees: [{ email: "ada@gmail.example", responseStatus: "accepted" }, { email: "cto@globex.example" }],
      },
    ]);
    const bad = await api("POST", "/api/integrations/calendar/connect", {
      token: user.token,
      body: { provider: "google", auth_token: "4/not-a-real-code-123" },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/^Google Calendar rejected the credentials/);
    expect(await calendarRows(user.user.id)).toHaveLength(0);

    const code = google.issueAuthCode("ada@gmail.example", calendarOAuthRedirectUri("google"));
    const res = await api("POST", "/api/integrations/calendar/connect", { token: user.token, body: { provider: "google", auth_token: code } });
    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({ provider: "google", account_email: "ada@gmail.example" });
    const events = (await api("GET", "/api/integrations/calendar/events", { token: user.token })).body.data.events;
    expect(events).toEqual([
      expect.objectContaining({
        provider: "google",
        title: "Customer call",
        attendees: ["ada@gmail.example", "cto@globex.example"],
        self_response: "accepted",
      }),
    ]);
    expect(JSON.stringify(await api("GET", "/api/integrations/calendar/status", { token: user.token }))).not.toMatch(/1\/\/fake|ya29|refresh_token/);

    const [row] = await calendarRows(user.user.id);
    const disconnect = await api("DELETE", `/api/integrations/calendar/${row!.id}`, { token: user.token });
    expect(disconnect.body.data).toMatchObject({ integration: { status: "disconnected" }, revoked: true });
    expect((await api("GET", "/api/integrations/calendar/events", { token: user.token })).body.data.events).toEqual([]);
  });

  it("Outlook: connects with a code for Calendars.Read and lists calendarView", async () => {
    const user = await registerTestUser();
    graph.setUser({ mail: "grace@contoso.example", displayName: "Grace" });
    const t = tomorrow();
    graph.addEvents([
      {
        subject: "Fabrikam renewal",
        start: new Date(t + 16 * HOUR).toISOString(),
        end: new Date(t + 16.5 * HOUR).toISOString(),
        organizer: "buyer@fabrikam.example",
        attendees: [{ address: "buyer@fabrikam.example" }, { address: "grace@contoso.example" }],
        response: "accepted",
      },
    ]);
    const code = graph.issueAuthCode(calendarOAuthRedirectUri("microsoft"));
    const res = await api("POST", "/api/integrations/calendar/connect", { token: user.token, body: { provider: "outlook", auth_token: code } });
    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({ provider: "outlook", account_email: "grace@contoso.example" });
    const events = (await api("GET", "/api/integrations/calendar/events", { token: user.token })).body.data.events;
    expect(events).toEqual([expect.objectContaining({ provider: "outlook", title: "Fabrikam renewal", organizer_email: "buyer@fabrikam.example" })]);
    const reminders = (await api("GET", "/api/calls/upcoming-reminders", { token: user.token })).body.data.reminders;
    expect(reminders).toEqual([
      expect.objectContaining({ channel: "call", external: true, important: true, remind_at: new Date(t + 16 * HOUR - 15 * 60_000).toISOString() }),
    ]);
  });
});
