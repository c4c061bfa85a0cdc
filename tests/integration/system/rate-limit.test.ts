import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterEach, describe, expect, it, vi } from "vitest";
import { api, registerTestUser } from "@/tests/helpers/api";

const run = promisify(execFile);

describe("rate limits", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("allows 5 auth attempts per minute per IP + email, then 429 with retry_after", async () => {
    // Pin the clock inside one window: real time could cross a minute boundary mid-test.
    vi.useFakeTimers({ toFake: ["Date"], now: new Date("2026-05-01T10:00:15Z") });
    const statuses: number[] = [];
    let last: Awaited<ReturnType<typeof api<any>>> | undefined;
    for (let i = 0; i < 6; i++) {
      last = await api("POST", "/api/auth/login", { body: { email: "victim@example.com", password: "guess" + i }, ip: "192.0.2.7" });
      statuses.push(last.status);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
    expect(last!.body.error.code).toBe("RATE_LIMIT_EXCEEDED");
    expect(last!.body.error.retry_after).toBe(45);
    expect(last!.headers.get("retry-after")).toBe(String(last!.body.error.retry_after));
    // Another email from the same IP, or the same email from another IP, has its own budget.
    expect((await api("POST", "/api/auth/login", { body: { email: "other@example.com", password: "x" }, ip: "192.0.2.7" })).status).toBe(401);
    expect((await api("POST", "/api/auth/login", { body: { email: "victim@example.com", password: "x" }, ip: "192.0.2.8" })).status).toBe(401);
  });

  it("allows 100 API requests per minute per user, then 429", async () => {
    vi.useFakeTimers({ toFake: ["Date"], now: new Date("2026-05-01T11:00:05Z") });
    const { token } = await registerTestUser();
    const other = await registerTestUser();
    const statuses = [];
    for (let i = 0; i < 101; i++) statuses.push((await api("GET", "/api/auth/me", { token })).status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(100);
    expect(statuses[100]).toBe(429);
    expect((await api("GET", "/api/auth/me", { token: other.token })).status).toBe(200);
  });

  it.skipIf(!process.env.DATABASE_URL)("is shared by two app instances on one database, every count (PostgreSQL: PGlite is single-process)", async () => {
    // Both instances and this process pin one clock, so that every count falls in the same windows.
    const now = "2026-05-01T12:00:05.000Z";
    vi.useFakeTimers({ toFake: ["Date"], now: new Date(now) });
    const login = (email: string, ip: string) => ({ path: "/api/auth/login", body: { email, password: "wrong-password" }, ip });
    const register = (i: string) => ({
      path: "/api/auth/register",
      body: { email: `shared-${i}@example.com`, password: "correct horse battery", name: "S" },
      ip: "192.0.2.30",
    });
    const instance = (side: "a" | "b") => [
      // per address + account: 4 + 4 attempts at one account from one address
      ...Array.from({ length: 4 }, () => login("pair@example.com", "192.0.2.10")),
      // per account whatever the address: 5 + 5 failures, each from its own address
      ...Array.from({ length: 5 }, (_, i) => login("victim@example.com", `198.18.${side === "a" ? 1 : 2}.${i}`)),
      // per address whatever the account: 5 + 5 accounts from one address
      ...Array.from({ length: 5 }, (_, i) => login(`stuffed-${side}${i}@example.com`, "192.0.2.20")),
      // registrations per address: 3 + 3
      ...Array.from({ length: 3 }, (_, i) => register(`${side}${i}`)),
    ];
    const args = (side: "a" | "b") => ["tsx", "tests/helpers/rate-limit-instance.ts", now, JSON.stringify(instance(side))];
    const env = { ...process.env, NODE_ENV: "test" as const };
    const [a, b] = await Promise.all([run("npx", args("a"), { env }), run("npx", args("b"), { env })]);
    const [sa, sb] = [JSON.parse(a.stdout) as number[], JSON.parse(b.stdout) as number[]];
    const part = (s: number[], from: number, n: number) => s.slice(from, from + n);
    const both = (from: number, n: number) => [...part(sa, from, n), ...part(sb, from, n)].sort();
    expect(both(0, 4)).toEqual([401, 401, 401, 401, 401, 429, 429, 429]);
    expect(both(4, 5)).toEqual(Array(10).fill(401));
    expect(both(9, 5)).toEqual(Array(10).fill(401));
    expect(both(14, 3)).toEqual([201, 201, 201, 201, 201, 429]);
    // This process is a third instance: the account's 10 failures and the address's 10 accounts are spent here too.
    const victim = await api("POST", "/api/auth/login", { body: { email: "victim@example.com", password: "anything" }, ip: "198.18.3.1" });
    expect(victim.status).toBe(429);
    expect(victim.body.error.retry_after).toBe(60);
    expect((await api("POST", "/api/auth/login", { body: { email: "stuffed-c0@example.com", password: "x" }, ip: "192.0.2.20" })).status).toBe(429);
  });
});
