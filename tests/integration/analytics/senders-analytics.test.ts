import { beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { getDb } from "@/lib/db";
import { emailSenders } from "@/lib/db/schema";
import { api, registerTestUser } from "@/tests/helpers/api";
import { seedSenders } from "@/tests/helpers/seed";

let alice: Awaited<ReturnType<typeof registerTestUser>>;
let bob: Awaited<ReturnType<typeof registerTestUser>>;
let ids: Record<string, string>;

beforeAll(async () => {
  alice = await registerTestUser();
  bob = await registerTestUser();
  const rows = await seedSenders(alice.user.id, [
    { email: "news@substack.com", name: "Substack", sender_type: "newsletter", email_count: 40, category: "why-did-i-signup" },
    { email: "deals@shop.com", name: "Shop Deals", sender_type: "promotional", email_count: 90 },
    { email: "gone@old.com", name: "Old List", sender_type: "newsletter", email_count: 200, category: "why-did-i-signup" },
    { email: "alerts@stripe.com", name: "Stripe", sender_type: "tool", email_count: 12, category: "call-me" },
    { email: "jane@acme.io", name: "Jane", email_count: 7, category: "remind-me" },
    {
      email: "doctor@clinic.example",
      name: "Dr. Private",
      email_count: 60,
      category: "dont-tell-anyone",
      latest_subject: "Your test results SECRET-SUBJECT",
      latest_preview: "SECRET-PREVIEW",
    },
    { email: "misc@example.org", name: "Misc", email_count: 3 },
  ]);
  ids = Object.fromEntries(rows.map((r) => [r.email, r.id]));
  const db = await getDb();
  await db
    .update(emailSenders)
    .set({ suggested_category: "why-did-i-signup", unsubscribe_http: "https://shop.com/unsub", unsubscribe_one_click: true })
    .where(eq(emailSenders.id, ids["deals@shop.com"]!));
  await db.update(emailSenders).set({ unsubscribe_status: "succeeded", unsubscribed_at: new Date() }).where(eq(emailSenders.id, ids["gone@old.com"]!));
  await db.update(emailSenders).set({ suggested_category: "keep-quiet" }).where(eq(emailSenders.id, ids["misc@example.org"]!));
  await seedSenders(bob.user.id, [{ email: "bob-only@bob.dev", name: "Bob's sender", email_count: 5000, category: "why-did-i-signup" }]);
});

describe("GET /api/analytics/senders", () => {
  it("returns volume for every category, the top senders and the unsubscribe candidates by volume", async () => {
    const res = await api("GET", "/api/analytics/senders", { token: alice.token });
    expect(res.status).toBe(200);
    expect(res.body.success).toBe(true);
    const data = res.body.data;
    expect(data.totals).toEqual({ senders: 7, emails: 412, unassigned: 2 });
    expect(data.by_category).toEqual([
      { category: "call-me", senders: 1, emails: 12 },
      { category: "remind-me", senders: 1, emails: 7 },
      { category: "keep-quiet", senders: 0, emails: 0 },
      { category: "why-did-i-signup", senders: 2, emails: 240 },
      { category: "dont-tell-anyone", senders: 1, emails: 60 },
      { category: "unassigned", senders: 2, emails: 93 },
    ]);
    expect(data.top_senders.map((s: { email: string }) => s.email)).toEqual([
      "gone@old.com",
      "deals@shop.com",
      "doctor@clinic.example",
      "news@substack.com",
      "alerts@stripe.com",
      "jane@acme.io",
      "misc@example.org",
    ]);
    expect(data.top_senders[0]).toEqual({
      id: ids["gone@old.com"],
      name: "Old List",
      email: "gone@old.com",
      domain: "old.com",
      category: "why-did-i-signup",
      sender_type: "newsletter",
      email_count: 200,
      latest_date: expect.any(String),
    });
    // Already unsubscribed is not a candidate; an unassigned sender suggested for it is.
    expect(data.unsubscribe_candidates).toEqual([
      expect.objectContaining({ email: "deals@shop.com", reason: "suggested", unsubscribe: { available: true, one_click: true, status: null } }),
      expect.objectContaining({ email: "news@substack.com", reason: "category", unsubscribe: { available: false, one_click: false, status: null } }),
    ]);
  });

  it("never carries a subject or preview, so nothing of a private sender's mail can leak", async () => {
    const res = await api("GET", "/api/analytics/senders", { token: alice.token });
    const text = JSON.stringify(res.body);
    expect(text).not.toContain("SECRET-SUBJECT");
    expect(text).not.toContain("SECRET-PREVIEW");
    expect(text).not.toContain("latest_preview");
  });

  it("honours limit", async () => {
    const res = await api("GET", "/api/analytics/senders?limit=2", { token: alice.token });
    expect(res.status).toBe(200);
    expect(res.body.data.top_senders).toHaveLength(2);
    expect(res.body.data.unsubscribe_candidates).toHaveLength(2);
    const one = await api("GET", "/api/analytics/senders?limit=1", { token: alice.token });
    expect(one.body.data.unsubscribe_candidates.map((s: { email: string }) => s.email)).toEqual(["deals@shop.com"]);
  });

  it("rejects a bad limit with the failing field", async () => {
    for (const limit of ["0", "51", "many"]) {
      const res = await api("GET", `/api/analytics/senders?limit=${limit}`, { token: alice.token });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe("VALIDATION_ERROR");
      expect(Object.keys(res.body.error.details)).toEqual(["limit"]);
    }
  });

  it("needs authentication", async () => {
    const res = await api("GET", "/api/analytics/senders");
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ success: false, error: { code: "UNAUTHORIZED", message: "Authentication required" } });
  });

  it("sees only the caller's senders", async () => {
    const res = await api("GET", "/api/analytics/senders", { token: bob.token });
    expect(res.body.data.totals).toEqual({ senders: 1, emails: 5000, unassigned: 0 });
    expect(res.body.data.top_senders.map((s: { email: string }) => s.email)).toEqual(["bob-only@bob.dev"]);
    const alices = await api("GET", "/api/analytics/senders", { token: alice.token });
    expect(JSON.stringify(alices.body)).not.toContain("bob-only@bob.dev");
  });
});
