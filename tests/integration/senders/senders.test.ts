import { beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { api, registerTestUser } from "@/tests/helpers/api";
import { seedIntegration, seedMessages, seedSenders } from "@/tests/helpers/seed";
import { getDb } from "@/lib/db";
import { INLINE_SUGGESTION_DOMAINS } from "@/lib/senders/bulk-update-senders";
import { drainWorkflows } from "@/tests/helpers/workflows";
import { emailMessages, emailSenders } from "@/lib/db/schema";

let alice: Awaited<ReturnType<typeof registerTestUser>>;
let bob: Awaited<ReturnType<typeof registerTestUser>>;
let aliceSenders: Awaited<ReturnType<typeof seedSenders>>;

beforeAll(async () => {
  alice = await registerTestUser();
  bob = await registerTestUser();
  aliceSenders = await seedSenders(alice.user.id, [
    { email: "news@substack.com", name: "Substack Weekly", sender_type: "newsletter", email_count: 40, category: "why-did-i-signup" },
    { email: "alerts@stripe.com", name: "Stripe", sender_type: "tool", email_count: 12, category: "call-me" },
    { email: "jane@acme.io", name: "Jane Doe", email_count: 7, latest_subject: "Lunch on Friday?" },
    { email: "deals@shop.com", name: "Shop Deals", sender_type: "promotional", email_count: 90 },
    { email: "100%_off@shop.com", name: "Percent", sender_type: "promotional", email_count: 1 },
  ]);
  await seedSenders(bob.user.id, [{ email: "secret@bob.dev", name: "Bob's contact", email_count: 3 }]);
});

describe("GET /api/senders", () => {
  it("lists the user's senders by volume with the seed's shape and pagination", async () => {
    const res = await api("GET", "/api/senders?limit=2", { token: alice.token });
    expect(res.status).toBe(200);
    expect(res.body.success).toBe(true);
    expect(res.body.pagination).toEqual({ page: 1, limit: 2, total: 5, pages: 3 });
    expect(res.body.data.total).toBe(5);
    expect(res.body.data.page).toBe(1);
    expect(res.body.data.senders.map((s: { email: string }) => s.email)).toEqual(["deals@shop.com", "news@substack.com"]);
    expect(res.body.data.senders[0]).toMatchObject({
      user_id: alice.user.id,
      domain: "shop.com",
      category: "unassigned",
      sender_type: "promotional",
      email_count: 90,
      latest_subject: expect.any(String),
      latest_preview: expect.any(String),
      latest_date: expect.any(String),
    });
    const page3 = await api("GET", "/api/senders?limit=2&page=3", { token: alice.token });
    expect(page3.body.data.senders).toHaveLength(1);
  });

  it("filters by category and searches name, email and subject (LIKE wildcards are literal)", async () => {
    const callMe = await api("GET", "/api/senders?category=call-me", { token: alice.token });
    expect(callMe.body.data.senders.map((s: { email: string }) => s.email)).toEqual(["alerts@stripe.com"]);
    const search = await api("GET", "/api/senders?search=lunch", { token: alice.token });
    expect(search.body.data.senders.map((s: { email: string }) => s.email)).toEqual(["jane@acme.io"]);
    const literal = await api("GET", "/api/senders?search=100%25_", { token: alice.token });
    expect(literal.body.data.total).toBe(1);
    const sorted = await api("GET", "/api/senders?sort=name&limit=3", { token: alice.token });
    expect(sorted.body.data.senders.map((s: { name: string }) => s.name)).toEqual(["Jane Doe", "Percent", "Shop Deals"]);
  });

  it("rejects bad query values with the failing fields", async () => {
    const res = await api("GET", "/api/senders?category=loud&limit=500&page=0&sort=colour", { token: alice.token });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("VALIDATION_ERROR");
    expect(Object.keys(res.body.error.details).sort()).toEqual(["category", "limit", "page", "sort"]);
  });

  it("needs authentication", async () => {
    const res = await api("GET", "/api/senders");
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ success: false, error: { code: "UNAUTHORIZED", message: "Authentication required" } });
  });

  it("never shows another user's senders", async () => {
    const res = await api("GET", "/api/senders?search=bob", { token: alice.token });
    expect(res.body.data.total).toBe(0);
  });
});

describe("GET /api/senders/:id and PUT /api/senders/:id/category", () => {
  it("returns one sender and updates its category", async () => {
    const jane = aliceSenders.find((s) => s.email === "jane@acme.io")!;
    const one = await api("GET", `/api/senders/${jane.id}`, { token: alice.token });
    expect(one.status).toBe(200);
    expect(one.body.data.sender.email).toBe("jane@acme.io");

    const put = await api("PUT", `/api/senders/${jane.id}/category`, { token: alice.token, body: { category: "remind-me" } });
    expect(put.status).toBe(200);
    expect(put.body.data.sender).toMatchObject({ id: jane.id, category: "remind-me", category_source: "user" });
  });

  it("validates the category", async () => {
    const jane = aliceSenders.find((s) => s.email === "jane@acme.io")!;
    const res = await api("PUT", `/api/senders/${jane.id}/category`, { token: alice.token, body: { category: "shout" } });
    expect(res.status).toBe(400);
    expect(res.body.error.details).toHaveProperty("category");
    const missing = await api("PUT", `/api/senders/${jane.id}/category`, { token: alice.token, body: {} });
    expect(missing.status).toBe(400);
  });

  it("gives another user 404 and changes nothing", async () => {
    const jane = aliceSenders.find((s) => s.email === "jane@acme.io")!;
    const before = (await api("GET", `/api/senders/${jane.id}`, { token: alice.token })).body.data.sender;
    const get = await api("GET", `/api/senders/${jane.id}`, { token: bob.token });
    expect(get.status).toBe(404);
    expect(get.body.error.code).toBe("NOT_FOUND");
    const put = await api("PUT", `/api/senders/${jane.id}/category`, { token: bob.token, body: { category: "keep-quiet" } });
    expect(put.status).toBe(404);
    const after = (await api("GET", `/api/senders/${jane.id}`, { token: alice.token })).body.data.sender;
    expect(after).toEqual(before);
    expect((await api("GET", "/api/senders/not-a-uuid", { token: alice.token })).status).toBe(404);
  });

  it("making a sender private wipes its stored previews and hides its subject", async () => {
    const [sender] = await seedSenders(alice.user.id, [{ email: "doctor@clinic.example", latest_preview: "Your results are..." }]);
    const integration = await seedIntegration(alice.user.id);
    await seedMessages(alice.user.id, integration!.id, [
      { sender_id: sender!.id, from_email: sender!.email, subject: "Results", received_at: new Date(), preview: "Your results are..." },
    ]);
    const res = await api("PUT", `/api/senders/${sender!.id}/category`, { token: alice.token, body: { category: "dont-tell-anyone" } });
    expect(res.body.data.sender).toMatchObject({ latest_preview: "", latest_subject: "" });
    const db = await getDb();
    const [row] = await db.select().from(emailSenders).where(eq(emailSenders.id, sender!.id));
    expect(row!.latest_preview).toBe("");
    const msgs = await db.select().from(emailMessages).where(eq(emailMessages.sender_id, sender!.id));
    expect(msgs.map((m) => m.preview)).toEqual([""]);
  });
});

describe("POST /api/senders/bulk-update", () => {
  it("updates many senders and reports the count", async () => {
    const [a, b] = await seedSenders(alice.user.id, [{ email: "a@bulk.test" }, { email: "b@bulk.test" }]);
    const res = await api("POST", "/api/senders/bulk-update", {
      token: alice.token,
      body: {
        updates: [
          { sender_id: a!.id, category: "keep-quiet" },
          { sender_id: b!.id, category: "call-me" },
        ],
      },
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ success: true, data: { updated_count: 2 } });
    const after = await api("GET", "/api/senders?domain=bulk.test&sort=email", { token: alice.token });
    expect(after.body.data.senders.map((s: { category: string }) => s.category)).toEqual(["keep-quiet", "call-me"]);
  });

  it("suggests the user's own most common choice for the domain to its unassigned senders", async () => {
    const [a, b, c, d] = await seedSenders(alice.user.id, [
      { email: "billing@suggest.test", sender_type: "tool", email_count: 3 },
      { email: "team@suggest.test", sender_type: "tool", email_count: 2 },
      { email: "ceo@suggest.test", sender_type: "personal", email_count: 1 },
      { email: "ceo@other-suggest.test", sender_type: "personal", email_count: 1 },
    ]);
    await api("POST", "/api/senders/bulk-update", {
      token: alice.token,
      body: {
        updates: [
          { sender_id: a!.id, category: "call-me" },
          { sender_id: b!.id, category: "call-me" },
        ],
      },
    });
    const same = await api("GET", `/api/senders/${c!.id}`, { token: alice.token });
    expect(same.body.data.sender.suggested_category).toBe("call-me");
    // Another domain keeps the suggestion its own type gives; a user's choice is never overwritten.
    const other = await api("GET", `/api/senders/${d!.id}`, { token: alice.token });
    expect(other.body.data.sender.suggested_category).not.toBe("call-me");
    const chosen = await api("GET", `/api/senders/${a!.id}`, { token: alice.token });
    expect(chosen.body.data.sender).toMatchObject({ category: "call-me", suggested_category: null });
  });

  it("refreshes the suggestions of a change spanning many domains in a workflow, right after answering", async () => {
    const domains = Array.from({ length: INLINE_SUGGESTION_DOMAINS + 1 }, (_, i) => `d${i}.wide.test`);
    const chosen = await seedSenders(
      alice.user.id,
      domains.map((domain) => ({ email: `billing@${domain}`, sender_type: "tool" as const })),
    );
    const [waiting] = await seedSenders(alice.user.id, [{ email: "ceo@d0.wide.test", sender_type: "personal" }]);
    const res = await api("POST", "/api/senders/bulk-update", {
      token: alice.token,
      body: { updates: chosen.map((s) => ({ sender_id: s.id, category: "call-me" })) },
    });
    expect(res.body).toEqual({ success: true, data: { updated_count: domains.length } });
    const before = await api("GET", `/api/senders/${waiting!.id}`, { token: alice.token });
    expect(before.body.data.sender.suggested_category).not.toBe("call-me");
    await drainWorkflows();
    const after = await api("GET", `/api/senders/${waiting!.id}`, { token: alice.token });
    expect(after.body.data.sender.suggested_category).toBe("call-me");
  });

  it("is all or nothing: one foreign id changes nothing and is reported", async () => {
    const [mine] = await seedSenders(alice.user.id, [{ email: "mine@bulk2.test" }]);
    const [theirs] = await seedSenders(bob.user.id, [{ email: "theirs@bulk2.test" }]);
    const res = await api("POST", "/api/senders/bulk-update", {
      token: alice.token,
      body: {
        updates: [
          { sender_id: mine!.id, category: "keep-quiet" },
          { sender_id: theirs!.id, category: "keep-quiet" },
        ],
      },
    });
    expect(res.status).toBe(404);
    expect(res.body.error).toMatchObject({ code: "NOT_FOUND", details: { sender_ids: [theirs!.id] } });
    const db = await getDb();
    const rows = await db.select().from(emailSenders).where(eq(emailSenders.domain, "bulk2.test"));
    expect(rows.every((r) => r.category === "unassigned")).toBe(true);
  });

  it("validates the body", async () => {
    const empty = await api("POST", "/api/senders/bulk-update", { token: alice.token, body: { updates: [] } });
    expect(empty.status).toBe(400);
    const id = aliceSenders[0]!.id;
    const dup = await api("POST", "/api/senders/bulk-update", {
      token: alice.token,
      body: {
        updates: [
          { sender_id: id, category: "keep-quiet" },
          { sender_id: id, category: "call-me" },
        ],
      },
    });
    expect(dup.status).toBe(400);
    const bad = await api("POST", "/api/senders/bulk-update", { token: alice.token, body: { updates: [{ sender_id: "x", category: "nope" }] } });
    expect(Object.keys(bad.body.error.details).sort()).toEqual(["updates.0.category", "updates.0.sender_id"]);
  });
});
