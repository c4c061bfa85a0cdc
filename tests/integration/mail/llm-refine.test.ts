import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { sql } from "drizzle-orm";
import { api, registerTestUser } from "@/tests/helpers/api";
import { drainWorkflows } from "@/tests/helpers/workflows";
import { startOpenAiFake } from "@/tests/fakes/openai-server";
import { setEnv } from "@/tests/integration/providers/env-scope";
import { getDb, queryOne, queryRows } from "@/lib/db";

const NOW = new Date("2026-11-20T12:00:00Z");
let openai: Awaited<ReturnType<typeof startOpenAiFake>>;
let restoreEnv: () => void;

beforeAll(async () => {
  openai = await startOpenAiFake();
  restoreEnv = setEnv(openai.env);
});
afterAll(async () => {
  restoreEnv();
  await openai.stop();
});
beforeEach(() => {
  vi.useFakeTimers({ toFake: ["Date"], now: NOW });
});
afterEach(() => {
  vi.useRealTimers();
  openai.failWith(null);
});

async function scanDemo(token: string) {
  await api("POST", "/api/integrations/email/connect", { token, body: { provider: "demo", seed: "llm-seed" } });
  await api("POST", "/api/senders/scan", { token });
  await drainWorkflows();
}

describe("sender-type refinement through the OpenAI SDK", () => {
  it("refines non-private senders and never sends a dont-tell-anyone sender to the LLM", async () => {
    const user = await registerTestUser();
    // Make one whole domain private before anything is scanned.
    const probe = await registerTestUser();
    await scanDemo(probe.token);
    const { domain } = await queryOne<{ domain: string }>(
      await getDb(),
      sql`select domain from email_senders where user_id = ${probe.user.id} and sender_type = 'personal' group by domain order by count(*) desc limit 1`,
    );
    await api("POST", "/api/rules", { token: user.token, body: { match: { domain }, category: "dont-tell-anyone" } });
    openai.requests.length = 0;

    await scanDemo(user.token);
    expect(openai.requests.length).toBeGreaterThan(0);
    const sent = JSON.stringify(openai.requests);
    expect(sent).not.toContain(`@${domain}`);
    expect(openai.requests[0]).toMatchObject({ model: "gpt-4o-mini", response_format: { type: "json_schema" } });

    const db = await getDb();
    const rows = await queryRows<{ category: string; sender_type_source: string; n: number }>(
      db,
      sql`select category, sender_type_source, count(*)::int as n from email_senders where user_id = ${user.user.id} group by 1, 2`,
    );
    expect(rows.find((r) => r.category === "dont-tell-anyone")).toMatchObject({ sender_type_source: "headers" });
    expect(rows.filter((r) => r.sender_type_source === "llm").reduce((n, r) => n + r.n, 0)).toBeGreaterThan(0);
    // Private senders keep no preview either.
    const previews = await queryRows<{ n: number }>(
      db,
      sql`select count(*)::int as n from email_messages m join email_senders s on s.id = m.sender_id
           where m.user_id = ${user.user.id} and s.category = 'dont-tell-anyone' and (m.preview <> '' or s.latest_preview <> '')`,
    );
    expect(previews[0]!.n).toBe(0);
  });

  it("keeps the header types and completes the scan when the LLM fails", async () => {
    openai.failWith(500);
    const user = await registerTestUser();
    await scanDemo(user.token);
    const status = await api("GET", "/api/integrations/email/status", { token: user.token });
    expect(status.body.data.last_sync).not.toBeNull();
    const rows = await queryRows<{ n: number }>(
      await getDb(),
      sql`select count(*)::int as n from email_senders where user_id = ${user.user.id} and sender_type_source = 'llm'`,
    );
    expect(rows[0]!.n).toBe(0);
  });
});
