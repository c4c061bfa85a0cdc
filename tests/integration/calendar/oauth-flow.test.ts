import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { api, registerTestUser } from "@/tests/helpers/api";
import { startGoogleCalendarFake, type GoogleCalendarFake } from "@/tests/fakes/google-calendar-server";
import { startGraphFake, type GraphFake } from "@/tests/fakes/graph-server";
import { setEnv } from "@/tests/integration/providers/env-scope";
import { getDb } from "@/lib/db";
import { calendarIntegrations, emailIntegrations } from "@/lib/db/schema";

let google: GoogleCalendarFake;
let graph: GraphFake;
let restoreEnv: () => void;

beforeAll(async () => {
  google = await startGoogleCalendarFake();
  graph = await startGraphFake();
  // Gmail's app too (same fake), so a mailbox flow can be started to replay its state.
  restoreEnv = setEnv({ ...google.env, ...graph.env, GMAIL_CLIENT_ID: google.clientId, GMAIL_CLIENT_SECRET: google.clientSecret });
});
afterAll(async () => {
  restoreEnv();
  await google.stop();
  await graph.stop();
});

async function start(path: string, token: string) {
  const res = await api("GET", path, { token });
  const setCookie = (res.headers.getSetCookie?.() ?? []).find((c) => c.startsWith("pookai_oauth_state="));
  return { res, location: new URL(res.headers.get("location") ?? "http://invalid/"), cookie: setCookie?.split(";")[0], setCookie };
}

async function rows(userId: string) {
  const db = await getDb();
  return db.select().from(calendarIntegrations).where(eq(calendarIntegrations.user_id, userId));
}

describe("browser OAuth for calendars", () => {
  it("Google: consent for calendar.readonly with a state bound to this flow, then the callback connects", async () => {
    const user = await registerTestUser();
    google.addUser("cal@gmail.example");
    const { res, location, cookie, setCookie } = await start("/api/integrations/calendar/google/start", user.token);
    expect(res.status).toBe(302);
    expect(location.origin).toBe(new URL(google.url).origin);
    expect(location.searchParams.get("scope")).toBe("https://www.googleapis.com/auth/calendar.readonly");
    expect(location.searchParams.get("access_type")).toBe("offline");
    const redirectUri = location.searchParams.get("redirect_uri")!;
    expect(redirectUri).toBe("http://localhost:3000/api/integrations/calendar/google/callback");
    expect(setCookie).toMatch(/Path=\/api\/integrations\/calendar/);
    const state = location.searchParams.get("state")!;
    expect(cookie).toBe(`pookai_oauth_state=${state}`);

    const code = google.issueAuthCode("cal@gmail.example", redirectUri);
    const back = await api("GET", `/api/integrations/calendar/google/callback?code=${encodeURIComponent(code)}&state=${state}`, {
      token: user.token,
      headers: { cookie: cookie! },
    });
    expect(back.status).toBe(302);
    const landed = new URL(back.headers.get("location")!);
    expect(landed.pathname).toBe("/integrations");
    expect(landed.searchParams.get("error")).toBeNull();
    expect(landed.searchParams.get("calendar_connected")).toBe("google");
    expect(await rows(user.user.id)).toEqual([expect.objectContaining({ provider: "google", account_email: "cal@gmail.example", status: "connected" })]);
  });

  it("Microsoft: the same flow asks for Calendars.Read", async () => {
    const user = await registerTestUser();
    graph.setUser({ mail: "cal@outlook.example", displayName: "Cal" });
    const { location, cookie } = await start("/api/integrations/calendar/microsoft/start", user.token);
    expect(location.searchParams.get("scope")).toBe("offline_access User.Read Calendars.Read");
    const code = graph.issueAuthCode(location.searchParams.get("redirect_uri")!);
    const back = await api(
      "GET",
      `/api/integrations/calendar/microsoft/callback?code=${encodeURIComponent(code)}&state=${location.searchParams.get("state")}`,
      { token: user.token, headers: { cookie: cookie! } },
    );
    expect(new URL(back.headers.get("location")!).searchParams.get("calendar_connected")).toBe("outlook");
    expect(await rows(user.user.id)).toEqual([expect.objectContaining({ provider: "outlook", account_email: "cal@outlook.example" })]);
  });

  it("refuses a forged state, another user's state, a mailbox flow's state and a missing cookie, storing nothing", async () => {
    const alice = await registerTestUser();
    const mallory = await registerTestUser();
    google.addUser("victim@gmail.example");
    const { location, cookie } = await start("/api/integrations/calendar/google/start", alice.token);
    const state = location.searchParams.get("state")!;
    const code = () => google.issueAuthCode("victim@gmail.example", location.searchParams.get("redirect_uri")!);
    const callback = (token: string, s: string, c?: string) =>
      api("GET", `/api/integrations/calendar/google/callback?code=${encodeURIComponent(code())}&state=${encodeURIComponent(s)}`, {
        token,
        headers: c ? { cookie: c } : {},
      });
    const refusal = (res: { headers: Headers }) => new URL(res.headers.get("location")!).searchParams.get("error");

    expect(refusal(await callback(alice.token, state))).toMatch(/expired or did not start here/);
    expect(refusal(await callback(mallory.token, state, cookie))).toMatch(/expired or did not start here/);
    const forged = `${state.slice(0, -4)}AAAA`;
    expect(refusal(await callback(alice.token, forged, `pookai_oauth_state=${forged}`))).toMatch(/expired or did not start here/);
    // A state issued for connecting a mailbox cannot finish a calendar connect.
    const mail = await start("/api/integrations/email/google/start", alice.token);
    const mailState = mail.location.searchParams.get("state")!;
    expect(refusal(await callback(alice.token, mailState, mail.cookie))).toMatch(/expired or did not start here/);
    const denied = await api("GET", `/api/integrations/calendar/google/callback?error=access_denied&state=${state}`, {
      token: alice.token,
      headers: { cookie: cookie! },
    });
    expect(refusal(denied)).toBe("Access was not granted");

    expect(await rows(alice.user.id)).toHaveLength(0);
    expect(await rows(mallory.user.id)).toHaveLength(0);
    const db = await getDb();
    expect(await db.select().from(emailIntegrations).where(eq(emailIntegrations.user_id, alice.user.id))).toHaveLength(0);
  });

  it("says clearly when a provider is not configured, and needs a signed-in user", async () => {
    const user = await registerTestUser();
    const restore = setEnv({
      GOOGLE_CALENDAR_CLIENT_ID: undefined,
      GOOGLE_CALENDAR_CLIENT_SECRET: undefined,
      GMAIL_CLIENT_ID: undefined,
      GMAIL_CLIENT_SECRET: undefined,
      GOOGLE_CLIENT_ID: undefined,
      GOOGLE_CLIENT_SECRET: undefined,
    });
    const res = await api("GET", "/api/integrations/calendar/google/start", { token: user.token });
    restore();
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/Google Calendar is not configured/);
    expect((await api("GET", "/api/integrations/calendar/microsoft/start")).status).toBe(401);
  });
});
