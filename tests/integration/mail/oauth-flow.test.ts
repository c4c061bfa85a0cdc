import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { eq } from "drizzle-orm";
import { SignJWT } from "jose";
import { api, registerTestUser } from "@/tests/helpers/api";
import { startGmailFake, type GmailFake } from "@/tests/fakes/gmail-server";
import { startGraphFake, type GraphFake } from "@/tests/fakes/graph-server";
import { setEnv } from "@/tests/integration/providers/env-scope";
import { getDb } from "@/lib/db";
import { emailIntegrations } from "@/lib/db/schema";
import { createOAuthState } from "@/lib/integrations/oauth-state";

let gmail: GmailFake;
let graph: GraphFake;
let restoreEnv: () => void;

beforeAll(async () => {
  gmail = await startGmailFake();
  graph = await startGraphFake();
  restoreEnv = setEnv({
    ...gmail.env,
    ...graph.env,
    GMAIL_CLIENT_ID: gmail.clientId,
    GMAIL_CLIENT_SECRET: gmail.clientSecret,
  });
});
afterAll(async () => {
  restoreEnv();
  await gmail.stop();
  await graph.stop();
});

async function start(provider: "google" | "microsoft", token: string) {
  const res = await api("GET", `/api/integrations/email/${provider}/start`, { token });
  const cookie = (res.headers.getSetCookie?.() ?? []).find((c) => c.startsWith("pookai_oauth_state="));
  return { res, location: new URL(res.headers.get("location") ?? "http://invalid/"), cookie: cookie?.split(";")[0] };
}

async function integrations(userId: string) {
  const db = await getDb();
  return db.select().from(emailIntegrations).where(eq(emailIntegrations.user_id, userId));
}

describe("browser OAuth for mailboxes", () => {
  it("Google: consent redirect with a bound state, then the callback connects and returns to /integrations", async () => {
    const user = await registerTestUser();
    gmail.addUser("oauth@gmail.example");
    const { res, location, cookie } = await start("google", user.token);
    expect(res.status).toBe(302);
    expect(location.origin).toBe(new URL(gmail.url).origin);
    const redirectUri = location.searchParams.get("redirect_uri")!;
    expect(redirectUri).toBe("http://localhost:3000/api/integrations/email/google/callback");
    expect(location.searchParams.get("scope")).toContain("gmail.readonly");
    expect(location.searchParams.get("access_type")).toBe("offline");
    const state = location.searchParams.get("state")!;
    expect(cookie).toBe(`pookai_oauth_state=${state}`);

    const code = gmail.issueAuthCode("oauth@gmail.example", redirectUri);
    const back = await api("GET", `/api/integrations/email/google/callback?code=${encodeURIComponent(code)}&state=${state}`, {
      token: user.token,
      headers: { cookie: cookie! },
    });
    expect(back.status).toBe(302);
    const landed = new URL(back.headers.get("location")!);
    expect(landed.pathname).toBe("/integrations");
    expect(landed.searchParams.get("connected")).toBe("gmail");
    const rows = await integrations(user.user.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ provider: "gmail", account_email: "oauth@gmail.example", status: "connected" });
  });

  it("Microsoft: the same flow through the identity fake", async () => {
    const user = await registerTestUser();
    graph.setUser({ mail: "oauth@outlook.example", displayName: "OAuth Tester" });
    const { location, cookie } = await start("microsoft", user.token);
    expect(location.searchParams.get("scope")).toContain("Mail.ReadBasic");
    const redirectUri = location.searchParams.get("redirect_uri")!;
    const code = graph.issueAuthCode(redirectUri);
    const back = await api("GET", `/api/integrations/email/microsoft/callback?code=${encodeURIComponent(code)}&state=${location.searchParams.get("state")}`, {
      token: user.token,
      headers: { cookie: cookie! },
    });
    const landed = new URL(back.headers.get("location")!);
    expect(landed.searchParams.get("error")).toBeNull();
    expect(landed.searchParams.get("connected")).toBe("outlook");
    expect((await integrations(user.user.id))[0]).toMatchObject({ provider: "outlook", status: "connected" });
  });

  it("refuses a callback without the browser's state cookie, or with another user's state, and stores nothing", async () => {
    const alice = await registerTestUser();
    const mallory = await registerTestUser();
    gmail.addUser("victim@gmail.example");
    const { location, cookie } = await start("google", alice.token);
    const state = location.searchParams.get("state")!;
    const code = gmail.issueAuthCode("victim@gmail.example", location.searchParams.get("redirect_uri")!);

    const noCookie = await api("GET", `/api/integrations/email/google/callback?code=${code}&state=${state}`, { token: alice.token });
    expect(new URL(noCookie.headers.get("location")!).searchParams.get("error")).toMatch(/expired or did not start here/);
    // Alice's state and cookie replayed in Mallory's session: bound to Alice, refused.
    const crossUser = await api("GET", `/api/integrations/email/google/callback?code=${code}&state=${state}`, {
      token: mallory.token,
      headers: { cookie: cookie! },
    });
    expect(new URL(crossUser.headers.get("location")!).searchParams.get("error")).toMatch(/expired or did not start here/);
    const denied = await api("GET", `/api/integrations/email/google/callback?error=access_denied&state=${state}`, {
      token: alice.token,
      headers: { cookie: cookie! },
    });
    expect(new URL(denied.headers.get("location")!).searchParams.get("error")).toBe("Access was not granted");
    expect(await integrations(alice.user.id)).toHaveLength(0);
    expect(await integrations(mallory.user.id)).toHaveLength(0);
  });

  it("Microsoft: refuses a missing cookie, a forged or mismatched state, another user's or another flow's state, and stores nothing", async () => {
    const alice = await registerTestUser();
    const mallory = await registerTestUser();
    graph.setUser({ mail: "victim@outlook.example", displayName: "Victim" });
    const { location, cookie } = await start("microsoft", alice.token);
    const state = location.searchParams.get("state")!;
    const redirectUri = location.searchParams.get("redirect_uri")!;
    expect(redirectUri).toBe("http://localhost:3000/api/integrations/email/microsoft/callback");
    const code = graph.issueAuthCode(redirectUri);
    const callback = (token: string, st: string, cookieValue?: string) =>
      api("GET", `/api/integrations/email/microsoft/callback?code=${encodeURIComponent(code)}&state=${encodeURIComponent(st)}`, {
        token,
        headers: cookieValue ? { cookie: `pookai_oauth_state=${cookieValue}` } : {},
      });
    const refusal = (res: Awaited<ReturnType<typeof api>>) => {
      expect(res.status).toBe(302);
      const landed = new URL(res.headers.get("location")!);
      expect(landed.pathname).toBe("/integrations");
      expect(landed.searchParams.get("connected")).toBeNull();
      // The one-time state cookie is cleared whatever happened.
      expect(res.headers.getSetCookie().some((c) => c.startsWith("pookai_oauth_state=;") && /Max-Age=0/i.test(c))).toBe(true);
      return landed.searchParams.get("error");
    };
    const REFUSED = /expired or did not start here/;

    // No state cookie: the callback did not start in this browser.
    expect(refusal(await callback(alice.token, state))).toMatch(REFUSED);
    // The cookie holds a different (valid) state of the same user than the query.
    const { location: second } = await start("microsoft", alice.token);
    expect(refusal(await callback(alice.token, state, second.searchParams.get("state")!))).toMatch(REFUSED);
    // Forged: signed with another key; and a genuine state whose payload was edited (signature broken).
    const forged = await new SignJWT({ flow: "email:microsoft", nonce: "x" })
      .setProtectedHeader({ alg: "HS256" })
      .setSubject(alice.user.id)
      .setIssuedAt()
      .setExpirationTime("600s")
      .sign(new TextEncoder().encode("not-the-server-secret"));
    expect(refusal(await callback(alice.token, forged, forged))).toMatch(REFUSED);
    const [header, , signature] = state.split(".");
    const edited = `${header}.${Buffer.from(JSON.stringify({ flow: "email:microsoft", sub: mallory.user.id, exp: 4102444800 })).toString("base64url")}.${signature}`;
    expect(refusal(await callback(mallory.token, edited, edited))).toMatch(REFUSED);
    const unsigned = `${Buffer.from(JSON.stringify({ alg: "none" })).toString("base64url")}.${state.split(".")[1]}.`;
    expect(refusal(await callback(alice.token, unsigned, unsigned))).toMatch(REFUSED);
    // Alice's state and cookie replayed in Mallory's session: bound to Alice, refused.
    expect(refusal(await callback(mallory.token, state, cookie!.split("=")[1]))).toMatch(REFUSED);
    // A state issued for another flow: Google mail, or the Microsoft calendar connect.
    const { location: google } = await start("google", alice.token);
    const googleState = google.searchParams.get("state")!;
    expect(refusal(await callback(alice.token, googleState, googleState))).toMatch(REFUSED);
    const calendarState = await createOAuthState(alice.user.id, { kind: "calendar", provider: "microsoft" });
    expect(refusal(await callback(alice.token, calendarState, calendarState))).toMatch(REFUSED);
    // A genuine state past its ten minutes.
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() + 11 * 60_000 });
    try {
      expect(refusal(await callback(alice.token, state, state))).toMatch(REFUSED);
    } finally {
      vi.useRealTimers();
    }
    // No state at all.
    const bare = await api("GET", `/api/integrations/email/microsoft/callback?code=${encodeURIComponent(code)}`, {
      token: alice.token,
      headers: { cookie: cookie! },
    });
    expect(refusal(bare)).toMatch(REFUSED);

    expect(await integrations(alice.user.id)).toHaveLength(0);
    expect(await integrations(mallory.user.id)).toHaveLength(0);
    // None of the refused callbacks redeemed the code (codes are single-use): the genuine one still can.
    const genuine = await callback(alice.token, state, state);
    expect(new URL(genuine.headers.get("location")!).searchParams.get("connected")).toBe("outlook");
    expect(await integrations(alice.user.id)).toEqual([
      expect.objectContaining({ provider: "outlook", account_email: "victim@outlook.example", status: "connected" }),
    ]);
    expect(await integrations(mallory.user.id)).toHaveLength(0);
    // Without a signed-in user the callback is not served at all.
    expect((await api("GET", `/api/integrations/email/microsoft/callback?code=x&state=${state}`, { headers: { cookie: cookie! } })).status).toBe(401);
  });

  it("says clearly when a provider is not configured, and needs a signed-in user", async () => {
    const user = await registerTestUser();
    const restore = setEnv({ GMAIL_CLIENT_ID: undefined, GMAIL_CLIENT_SECRET: undefined, GOOGLE_CLIENT_ID: undefined, GOOGLE_CLIENT_SECRET: undefined });
    const res = await api("GET", "/api/integrations/email/google/start", { token: user.token });
    restore();
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/Gmail is not configured/);
    expect((await api("GET", "/api/integrations/email/google/start")).status).toBe(401);
  });
});
