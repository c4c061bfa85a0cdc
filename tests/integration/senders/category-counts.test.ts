import { describe, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import { api, registerTestUser } from "@/tests/helpers/api";
import { seedSenders } from "@/tests/helpers/seed";
import { getDb, queryRows } from "@/lib/db";
import { emailSenders } from "@/lib/db/schema";
import { readCategoryCounts } from "@/lib/senders/read-category-counts";

/** The counters must always equal a real count, whatever changed the senders. */
async function expectCountersExact(userId: string) {
  const db = await getDb();
  const real = await queryRows<{ category: string; n: number }>(
    db,
    sql`select category, count(*)::int as n from email_senders where user_id = ${userId} group by 1`,
  );
  const counters = await readCategoryCounts(userId);
  for (const [category, n] of Object.entries(counters)) expect([category, n]).toEqual([category, real.find((r) => r.category === category)?.n ?? 0]);
}

describe("sender category counters", () => {
  it("stay exact through inserts, single and bulk changes, rules, upserts and deletes", async () => {
    const user = await registerTestUser();
    const senders = await seedSenders(
      user.user.id,
      Array.from({ length: 30 }, (_, i) => ({ email: `s${i}@d${i % 3}.example` })),
    );
    await expectCountersExact(user.user.id);
    await api("PUT", `/api/senders/${senders[0]!.id}/category`, { token: user.token, body: { category: "call-me" } });
    await api("POST", "/api/senders/bulk-update", {
      token: user.token,
      body: { updates: senders.slice(1, 11).map((s, i) => ({ sender_id: s.id, category: i % 2 ? "keep-quiet" : "remind-me" })) },
    });
    await expectCountersExact(user.user.id);
    await api("POST", "/api/rules", { token: user.token, body: { match: { domain: "d1.example" }, category: "why-did-i-signup" } });
    await expectCountersExact(user.user.id);
    const db = await getDb();
    await db.delete(emailSenders).where(eq(emailSenders.id, senders[20]!.id));
    await expectCountersExact(user.user.id);
    const list = await api("GET", "/api/senders?category=why-did-i-signup", { token: user.token });
    expect(list.body.data.total).toBe((await readCategoryCounts(user.user.id))["why-did-i-signup"]);
    expect((await api("GET", "/api/senders", { token: user.token })).body.data.total).toBe(29);
  });
});
