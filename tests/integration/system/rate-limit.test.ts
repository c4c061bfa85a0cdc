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
    let last;
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

  it.skipIf(!process.env.DATABASE_URL)("is shared by two app instances on one database (PostgreSQL: PGlite is single-process)", async () => {
    const args = (n: number) => ["tsx", "tests/helpers/rate-limit-instance.ts", String(n), "192.0.2.99", "shared@example.com"];
    const env = { ...process.env, NODE_ENV: "test" as const };
    // Both instances must hit one fixed window: start early in a minute, never near its end.
    while (Date.now() % 60_000 > 20_000) await new Promise((r) => setTimeout(r, 500));
    const [a, b] = await Promise.all([run("npx", args(4), { env }), run("npx", args(4), { env })]);
    const statuses = [...JSON.parse(a.stdout), ...JSON.parse(b.stdout)];
    expect(statuses).toHaveLength(8);
    expect(statuses.filter((s: number) => s === 401)).toHaveLength(5);
    expect(statuses.filter((s: number) => s === 429)).toHaveLength(3);
  });
});
