import { afterEach, describe, expect, it, vi } from "vitest";
import { eq } from "drizzle-orm";
import type { JWT } from "next-auth/jwt";
import { api, registerTestUser } from "@/tests/helpers/api";
import { getDb } from "@/lib/db";
import { authSessions } from "@/lib/db/schema";
import { authOptions } from "@/lib/auth/next-auth-options";
import { SOCKET_ADDRESS_HEADER, socketAddressStamp } from "@/lib/request/socket-address";

// next-auth's own route needs Next's request scope (cookies()), which only a real server has: the
// Playwright journeys sign in through it. Here: our callbacks, exactly as next-auth calls them.
type Authorize = (credentials: Record<string, string>, req: { headers: Record<string, string> }) => Promise<unknown>;

function credentialsProvider() {
  const provider = authOptions().providers.find((p) => p.id === "credentials") as unknown as { options: { authorize: Authorize } };
  return provider.options.authorize;
}

async function signIn(email: string, password: string, ip: string) {
  const authorize = credentialsProvider();
  const user = (await authorize({ email, password }, { headers: { [SOCKET_ADDRESS_HEADER]: socketAddressStamp(ip), "user-agent": "Vitest Browser/1.0" } })) as
    ({ id: string; email: string } & Record<string, unknown>) | null;
  if (!user) return { user: null, token: null };
  const jwt = authOptions().callbacks!.jwt!;
  const token = await jwt({
    token: { sub: user.id } as JWT,
    user: user as never,
    account: { provider: "credentials", type: "credentials", providerAccountId: user.id },
  } as never);
  return { user, token };
}

describe("browser sign-in (next-auth credentials)", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("creates a revocable session that records the device and IP", async () => {
    const user = await registerTestUser();
    const { token } = await signIn(user.email, user.password, "198.51.100.77");
    expect(token?.sid).toEqual(expect.any(String));
    const db = await getDb();
    const [session] = await db
      .select()
      .from(authSessions)
      .where(eq(authSessions.id, token!.sid as string));
    expect(session).toMatchObject({ kind: "browser", user_id: user.user.id, ip: "198.51.100.77", user_agent: "Vitest Browser/1.0" });
    const list = await api("GET", "/api/auth/sessions", { token: user.token });
    expect(list.body.data.sessions.find((s: { id: string }) => s.id === token!.sid)).toMatchObject({ kind: "browser", ip: "198.51.100.77" });
  });

  it("refuses a wrong password, and the sixth attempt in a minute before checking the password at all", async () => {
    vi.useFakeTimers({ toFake: ["Date"], now: new Date("2026-06-01T10:00:05Z") });
    const user = await registerTestUser();
    for (let i = 0; i < 5; i++) expect((await signIn(user.email, `wrong-${i}`, "198.51.100.88")).user).toBeNull();
    await expect(signIn(user.email, user.password, "198.51.100.88")).rejects.toThrow(/^RateLimited:55$/);
    // Another IP has its own budget.
    expect((await signIn(user.email, user.password, "198.51.100.89")).user).not.toBeNull();
  });
});
