import { and, eq } from "drizzle-orm";
import { afterEach, describe, expect, it, vi } from "vitest";
import { SOCKET_ADDRESS_HEADER, socketAddressStamp } from "@/lib/request/socket-address";
import { authOptions } from "@/lib/auth/next-auth-options";
import { getDb } from "@/lib/db";
import { notifications } from "@/lib/db/schema";
import { api, registerTestUser } from "@/tests/helpers/api";

let clock = new Date("2026-07-01T09:00:00Z");
/** Pin Date (the windows are fixed and the delays count from "now"); move it on with `advance`. */
function pinClock(at: string) {
  clock = new Date(at);
  vi.useFakeTimers({ toFake: ["Date"], now: clock });
}
function advance(seconds: number) {
  clock = new Date(clock.getTime() + seconds * 1000);
  vi.setSystemTime(clock);
}

let addressCounter = 0;
/** A client address no other attempt in this file uses. */
const freshAddress = () => `198.18.${Math.floor(++addressCounter / 250)}.${addressCounter % 250}`;

const login = (email: string, password: string, ip = freshAddress(), extra: { headers?: Record<string, string>; device_token?: string } = {}) =>
  api("POST", "/api/auth/login", {
    body: { email, password, ...(extra.device_token ? { device_token: extra.device_token } : {}) },
    ip,
    headers: extra.headers,
  });

/** The browser door: next-auth's Credentials authorize, given the headers next-auth hands it. */
async function browserSignIn(email: string, password: string, ip: string, cookie?: string) {
  let deviceToken: string | undefined;
  const provider = authOptions({ onDeviceToken: (t) => (deviceToken = t) }).providers.find((p) => p.id === "credentials") as unknown as {
    options: { authorize: (c: Record<string, string>, req: { headers: Record<string, string> }) => Promise<{ id: string } | null> };
  };
  const headers: Record<string, string> = { [SOCKET_ADDRESS_HEADER]: socketAddressStamp(ip) };
  if (cookie) headers.cookie = cookie;
  const user = await provider.options.authorize({ email, password }, { headers });
  return { user, deviceToken };
}

afterEach(() => {
  vi.useRealTimers();
});

describe("sign-in limits", () => {
  it("forged forwarding headers do not move the address: the 6th guess from one connection is refused", async () => {
    pinClock("2026-07-01T09:00:10Z");
    const { email } = await registerTestUser();
    const statuses = [];
    for (let i = 0; i < 15; i++) {
      const forged = {
        "x-forwarded-for": `6.6.${i}.${i}`,
        "x-real-ip": `7.7.${i}.${i}`,
        "x-vercel-forwarded-for": `8.8.${i}.${i}`,
        [SOCKET_ADDRESS_HEADER]: `forged-token 9.9.${i}.${i}`,
      };
      statuses.push((await login(email, `guess-${i}`, "192.0.2.50", { headers: forged })).status);
    }
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(new Set(statuses.slice(5))).toEqual(new Set([429]));
  });

  it("limits one address trying many accounts (credential stuffing)", async () => {
    pinClock("2026-07-01T09:10:05Z");
    const statuses = [];
    for (let i = 0; i < 15; i++) statuses.push((await login(`stuffed-${i}@example.com`, "password123", "192.0.2.60")).status);
    expect(statuses).toEqual([...Array(10).fill(401), ...Array(5).fill(429)]);
    // Another address is not affected.
    expect((await login("stuffed-0@example.com", "password123", "192.0.2.61")).status).toBe(401);
  });

  it("limits many addresses guessing one account, with a growing delay, and says the same for unknown accounts", async () => {
    pinClock("2026-07-01T09:20:00Z");
    const owner = await registerTestUser();
    const attempts = async (email: string, n: number) => {
      const out = [];
      for (let i = 0; i < n; i++) out.push(await login(email, `wrong-${i}`));
      return out;
    };
    const known = await attempts(owner.email, 11);
    const unknown = await attempts("nobody-here@example.com", 11);
    expect(known.map((r) => r.status)).toEqual([...Array(10).fill(401), 429]);
    expect(unknown.map((r) => r.status)).toEqual([...Array(10).fill(401), 429]);
    expect(known[10]!.body).toEqual(unknown[10]!.body);
    expect(known[10]!.body.error).toMatchObject({ code: "RATE_LIMIT_EXCEEDED", retry_after: 60 });
    expect(known[10]!.body.error.message).not.toMatch(/account|exist|user/i);
    // While the delay runs even the right password is not checked.
    expect((await login(owner.email, owner.password)).status).toBe(429);
    // The delay over, one more guess is checked; its failure earns twice the wait.
    advance(61);
    expect((await login(owner.email, "wrong-again")).status).toBe(401);
    const doubled = await login(owner.email, owner.password);
    expect(doubled.status).toBe(429);
    expect(doubled.body.error.retry_after).toBe(120);
    // After it, the right password signs in and the count starts over.
    advance(121);
    expect((await login(owner.email, owner.password)).status).toBe(200);
    expect((await attempts(owner.email, 10)).map((r) => r.status)).toEqual(Array(10).fill(401));
  });

  it("successful sign-ins do not spend the failure budget", async () => {
    pinClock("2026-07-01T09:40:00Z");
    const owner = await registerTestUser();
    for (let i = 0; i < 12; i++) expect((await login(owner.email, owner.password)).status).toBe(200);
    for (let i = 0; i < 9; i++) expect((await login(owner.email, `wrong-${i}`)).status).toBe(401);
    expect((await login(owner.email, owner.password)).status).toBe(200);
  });

  it("lets the owner in from a device that signed in before, while strangers are throttled, and tells the owner once", async () => {
    pinClock("2026-07-01T10:00:00Z");
    const owner = await registerTestUser();
    const first = await login(owner.email, owner.password, "192.0.2.70");
    const deviceToken = first.body.data.device_token as string;
    expect(deviceToken).toEqual(expect.any(String));
    expect(first.headers.get("set-cookie")).toMatch(/^pookai-device=[^;]+; Path=\/api\/auth; Max-Age=\d+; HttpOnly; SameSite=Strict$/);
    const browser = await browserSignIn(owner.email, owner.password, "192.0.2.71");
    expect(browser.user?.id).toBe(owner.user.id);

    for (let i = 0; i < 12; i++) await login(owner.email, `stranger-${i}`);
    expect((await login(owner.email, owner.password, "192.0.2.70")).status).toBe(429);
    // API door: the token in the body or in the cookie.
    expect((await login(owner.email, owner.password, "192.0.2.70", { device_token: deviceToken })).status).toBe(200);
    for (let i = 0; i < 12; i++) await login(owner.email, `stranger-again-${i}`);
    expect((await login(owner.email, owner.password, "192.0.2.70", { headers: { cookie: `pookai-device=${deviceToken}` } })).status).toBe(200);
    // Browser door: the cookie next-auth's request carries.
    for (let i = 0; i < 12; i++) await login(owner.email, `stranger-third-${i}`);
    await expect(browserSignIn(owner.email, owner.password, "192.0.2.71")).rejects.toThrow(/^RateLimited:\d+$/);
    expect((await browserSignIn(owner.email, owner.password, "192.0.2.71", `other=1; pookai-device=${browser.deviceToken}`)).user?.id).toBe(owner.user.id);

    // Another account's device token, or a forged one, is a stranger's.
    const other = await registerTestUser();
    const otherToken = (await login(other.email, other.password)).body.data.device_token as string;
    for (let i = 0; i < 12; i++) await login(owner.email, `stranger-fourth-${i}`);
    expect((await login(owner.email, owner.password, freshAddress(), { device_token: otherToken })).status).toBe(429);
    expect((await login(owner.email, owner.password, freshAddress(), { device_token: `${deviceToken.slice(0, -4)}AAAA` })).status).toBe(429);

    const db = await getDb();
    const notes = await db
      .select()
      .from(notifications)
      .where(and(eq(notifications.user_id, owner.user.id), eq(notifications.type, "security.sign_in_throttled")));
    // One per run of failures (four runs above, each ended by the owner's own sign-in or not at all).
    expect(notes.length).toBe(4);
    expect(notes[0]).toMatchObject({ title: "Someone is trying to guess your password", data: expect.objectContaining({ failures: 10 }) });
    expect(await db.select().from(notifications).where(eq(notifications.user_id, other.user.id))).toEqual([]);
  });

  it("a known device has a failure budget of its own", async () => {
    pinClock("2026-07-01T10:30:00Z");
    const owner = await registerTestUser();
    const deviceToken = (await login(owner.email, owner.password)).body.data.device_token as string;
    const statuses = [];
    for (let i = 0; i < 11; i++) statuses.push((await login(owner.email, `typo-${i}`, freshAddress(), { device_token: deviceToken })).status);
    expect(statuses).toEqual([...Array(10).fill(401), 429]);
  });
});

describe("other auth doors", () => {
  it("limits registrations from one client to 5 an hour, forged headers or not", async () => {
    pinClock("2026-07-01T11:00:00Z");
    const statuses = [];
    for (let i = 0; i < 7; i++) {
      const res = await api("POST", "/api/auth/register", {
        body: { email: `signup-${i}@example.com`, password: "correct horse battery", name: "Sign Up" },
        ip: "192.0.2.80",
        headers: { "x-forwarded-for": `6.6.6.${i}` },
      });
      statuses.push(res.status);
    }
    expect(statuses).toEqual([201, 201, 201, 201, 201, 429, 429]);
    advance(3600);
    const later = await api("POST", "/api/auth/register", {
      body: { email: "signup-late@example.com", password: "correct horse battery", name: "Sign Up" },
      ip: "192.0.2.80",
    });
    expect(later.status).toBe(201);
  });

  it("limits refresh and verification attempts per client", async () => {
    pinClock("2026-07-01T11:30:00Z");
    const refresh = [];
    for (let i = 0; i < 21; i++)
      refresh.push((await api("POST", "/api/auth/refresh", { body: { refresh_token: `not-a-real-token-${i}` }, ip: "192.0.2.90" })).status);
    expect(refresh).toEqual([...Array(20).fill(401), 429]);
    const verify = [];
    for (let i = 0; i < 11; i++)
      verify.push((await api("POST", "/api/auth/verify-email", { body: { token: `not-a-real-token-${i}` }, ip: "192.0.2.91" })).status);
    expect(verify).toEqual([...Array(10).fill(400), 429]);
  });

  it("counts every auth door of one address together", async () => {
    pinClock("2026-07-01T11:40:00Z");
    const ip = "192.0.2.95";
    for (let i = 0; i < 9; i++) await api("POST", "/api/auth/verify-email", { body: { token: `not-a-real-token-${i}` }, ip });
    for (let i = 0; i < 19; i++) await api("POST", "/api/auth/refresh", { body: { refresh_token: `not-a-real-token-${i}` }, ip });
    // 28 so far; sign-in's own budgets are untouched, but the shared 30 a minute is not.
    expect((await login("shared@example.com", "password123", ip)).status).toBe(401);
    expect((await login("shared@example.com", "password123", ip)).status).toBe(401);
    expect((await login("shared@example.com", "password123", ip)).status).toBe(429);
  });
});

describe("API answers", () => {
  it("are never stored by a cache", async () => {
    const { token } = await registerTestUser();
    expect((await api("GET", "/api/auth/me", { token })).headers.get("cache-control")).toBe("no-store");
    expect((await api("GET", "/api/auth/me")).headers.get("cache-control")).toBe("no-store");
    expect((await api("POST", "/api/auth/login", { body: { email: "x@example.com", password: "y" } })).headers.get("cache-control")).toBe("no-store");
  });

  it("record the client address as the sessions' 'last seen from', not a forged header", async () => {
    const owner = await registerTestUser();
    const res = await login(owner.email, owner.password, "192.0.2.123", { headers: { "x-forwarded-for": "6.6.6.6" } });
    const sessions = await api("GET", "/api/auth/sessions", { token: res.body.data.access_token });
    expect(sessions.body.data.sessions.find((s: { current: boolean }) => s.current)).toMatchObject({ ip: "192.0.2.123" });
  });
});
