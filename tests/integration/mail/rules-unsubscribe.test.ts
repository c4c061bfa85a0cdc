import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { api, registerTestUser } from "@/tests/helpers/api";
import { seedSenders } from "@/tests/helpers/seed";
import { drainWorkflows } from "@/tests/helpers/workflows";
import { startGmailFake } from "@/tests/fakes/gmail-server";
import { startUnsubscribeServer } from "@/tests/fakes/unsubscribe-server";
import { oauthRedirectUri } from "@/lib/integrations/connect-email-integration";
import { getDb } from "@/lib/db";
import { emailSenders } from "@/lib/db/schema";
import { useFake } from "@/tests/helpers/use-fake";

describe("rules", () => {
  it("apply to existing senders (subdomains included), never over a user's own choice, and revert on delete", async () => {
    const user = await registerTestUser();
    const other = await registerTestUser();
    const [plain, sub, chosen, unrelated] = await seedSenders(user.user.id, [
      { email: "a@shop.com" },
      { email: "b@mail.shop.com" },
      { email: "c@shop.com" },
      { email: "d@notshop.com" },
    ]);
    const [otherUsers] = await seedSenders(other.user.id, [{ email: "x@shop.com" }]);
    await api("PUT", `/api/senders/${chosen!.id}/category`, { token: user.token, body: { category: "call-me" } });

    const created = await api("POST", "/api/rules", { token: user.token, body: { match: { domain: "Shop.com" }, category: "keep-quiet" } });
    expect(created.status).toBe(201);
    expect(created.body.data).toMatchObject({ rule: { match: { domain: "shop.com" }, category: "keep-quiet" }, applied_count: 2 });
    const cat = async (id: string, token = user.token) => (await api("GET", `/api/senders/${id}`, { token })).body.data.sender;
    expect(await cat(plain!.id)).toMatchObject({ category: "keep-quiet", category_source: "rule" });
    expect((await cat(sub!.id)).category).toBe("keep-quiet");
    expect(await cat(chosen!.id)).toMatchObject({ category: "call-me", category_source: "user" });
    expect((await cat(unrelated!.id)).category).toBe("unassigned");
    expect((await cat(otherUsers!.id, other.token)).category).toBe("unassigned");

    // A more specific rule wins over the domain rule.
    await api("POST", "/api/rules", { token: user.token, body: { match: { email: "a@shop.com" }, category: "remind-me" } });
    expect((await cat(plain!.id)).category).toBe("remind-me");
    const list = await api("GET", "/api/rules", { token: user.token });
    expect(list.body.data.rules).toHaveLength(2);
    expect((await api("GET", "/api/rules", { token: other.token })).body.data.rules).toHaveLength(0);

    const domainRule = list.body.data.rules.find((r: { match: { domain?: string } }) => r.match.domain);
    expect((await api("DELETE", `/api/rules/${domainRule.id}`, { token: other.token })).status).toBe(404);
    const deleted = await api("DELETE", `/api/rules/${domainRule.id}`, { token: user.token });
    expect(deleted.status).toBe(200);
    expect((await cat(sub!.id)).category).toBe("unassigned");
    expect((await cat(plain!.id)).category).toBe("remind-me");
    expect((await cat(chosen!.id)).category).toBe("call-me");
  });

  it("a list_id rule matches the List-Id as the scan stores it: bracketed or in any case, it is the same list", async () => {
    const user = await registerTestUser();
    const [member, outsider] = await seedSenders(user.user.id, [{ email: "a@lists.example" }, { email: "b@lists.example" }]);
    const db = await getDb();
    // What a scan stores for "List-Id: Weekly <weekly.letters.example>" (brackets gone, lower case).
    await db.update(emailSenders).set({ list_id: "weekly.letters.example" }).where(eq(emailSenders.id, member!.id));
    await db.update(emailSenders).set({ list_id: "other.letters.example" }).where(eq(emailSenders.id, outsider!.id));
    const created = await api("POST", "/api/rules", { token: user.token, body: { match: { list_id: " <Weekly.Letters.Example> " }, category: "keep-quiet" } });
    expect(created.status).toBe(201);
    expect(created.body.data).toMatchObject({ rule: { match: { list_id: "weekly.letters.example" } }, applied_count: 1 });
    // The header's full form names the same rule.
    const same = await api("POST", "/api/rules", {
      token: user.token,
      body: { match: { list_id: "Weekly letters <weekly.letters.example>" }, category: "remind-me" },
    });
    expect(same.status).toBe(200);
    expect((await api("GET", "/api/rules", { token: user.token })).body.data.rules).toHaveLength(1);
    expect((await api("GET", `/api/senders/${member!.id}`, { token: user.token })).body.data.sender).toMatchObject({
      category: "remind-me",
      category_source: "rule",
    });
    expect((await api("GET", `/api/senders/${outsider!.id}`, { token: user.token })).body.data.sender.category).toBe("unassigned");
  });

  it("validates the match and the category", async () => {
    const user = await registerTestUser();
    const bad = await api("POST", "/api/rules", { token: user.token, body: { match: { domain: "not a domain" }, category: "loud" } });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.error.details)).toEqual(expect.arrayContaining(["category"]));
    const two = await api("POST", "/api/rules", { token: user.token, body: { match: { domain: "a.com", email: "x@a.com" }, category: "keep-quiet" } });
    expect(two.status).toBe(400);
    expect((await api("GET", "/api/rules")).status).toBe(401);
  });
});

describe("List-Id rules on a scanned Gmail mailbox", () => {
  const gmail = useFake(() => startGmailFake());

  const WEEKLY = "<weekly.letters.example>";
  let t = Date.now() - 30 * 86_400_000;
  const mail = (from: string, listId?: string) => ({
    from,
    subject: `About ${from}`,
    date: (t += 3600_000),
    ...(listId ? { headers: { "List-Id": `Weekly letters ${listId}` } } : {}),
  });

  async function syncNow(token: string) {
    const sync = await api("POST", "/api/integrations/email/sync", { token });
    expect(sync.status).toBe(202);
    await drainWorkflows();
    expect((await api("GET", `/api/senders/scan/${sync.body.data.job_id}`, { token })).body.data).toMatchObject({ status: "completed", kind: "sync" });
  }

  it("a list_id rule covers existing and future senders of the list; a per-sender choice made before or after wins", async () => {
    const user = await registerTestUser();
    const mailbox = "lists@gmail.example";
    gmail.addUser(mailbox);
    gmail.addMessages(mailbox, [
      mail("News One <one@news-one.example>", WEEKLY),
      mail("Other Desk <desk@other.example>", WEEKLY),
      mail("Chosen <chosen@chosen.example>", WEEKLY),
      mail("Elsewhere <list@misc.example>", "<other.list.example>"),
      mail("Plain <plain@news-one.example>"),
    ]);
    const code = gmail.issueAuthCode(mailbox, oauthRedirectUri("google"));
    expect((await api("POST", "/api/integrations/email/connect", { token: user.token, body: { provider: "gmail", auth_token: code } })).status).toBe(201);
    await api("POST", "/api/senders/scan", { token: user.token });
    await drainWorkflows();

    const byEmail = async () => {
      const senders = (await api("GET", "/api/senders?limit=100", { token: user.token })).body.data.senders as {
        id: string;
        email: string;
        category: string;
        category_source: string;
        list_id: string | null;
      }[];
      return Object.fromEntries(senders.map((s) => [s.email, s]));
    };
    const state = async () => Object.fromEntries(Object.entries(await byEmail()).map(([email, s]) => [email, `${s.category}/${s.category_source}`]));
    let senders = await byEmail();
    expect(senders["one@news-one.example"]!.list_id).toBe("weekly.letters.example");
    // An explicit choice made before the rule exists.
    await api("PUT", `/api/senders/${senders["chosen@chosen.example"]!.id}/category`, { token: user.token, body: { category: "call-me" } });

    const created = await api("POST", "/api/rules", { token: user.token, body: { match: { list_id: "weekly.letters.example" }, category: "keep-quiet" } });
    expect(created.status).toBe(201);
    expect(created.body.data).toMatchObject({ rule: { match: { list_id: "weekly.letters.example" }, category: "keep-quiet" }, applied_count: 2 });
    expect(await state()).toEqual({
      "one@news-one.example": "keep-quiet/rule",
      "desk@other.example": "keep-quiet/rule",
      "chosen@chosen.example": "call-me/user",
      "list@misc.example": "unassigned/default",
      // Same domain as a list member, but not on the list.
      "plain@news-one.example": "unassigned/default",
    });

    // Later mail: a sender first seen now on the list, one on another list, and more from the chosen one.
    gmail.addMessages(mailbox, [
      mail("Newcomer <hello@newcomer.example>", WEEKLY),
      mail("Stranger <hi@stranger.example>", "<different.list.example>"),
      mail("Chosen <chosen@chosen.example>", WEEKLY),
    ]);
    await syncNow(user.token);
    expect(await state()).toMatchObject({
      "hello@newcomer.example": "keep-quiet/rule",
      "hi@stranger.example": "unassigned/default",
      "chosen@chosen.example": "call-me/user",
    });

    // An explicit choice made after the rule categorised the newcomer: it sticks through later mail
    // and through the rule being changed.
    senders = await byEmail();
    await api("PUT", `/api/senders/${senders["hello@newcomer.example"]!.id}/category`, { token: user.token, body: { category: "remind-me" } });
    gmail.addMessages(mailbox, [mail("Newcomer <hello@newcomer.example>", WEEKLY)]);
    await syncNow(user.token);
    const changed = await api("POST", "/api/rules", {
      token: user.token,
      body: { match: { list_id: "weekly.letters.example" }, category: "dont-tell-anyone" },
    });
    expect(changed.status).toBe(200);
    expect(changed.body.data).toMatchObject({ rule: { id: created.body.data.rule.id, category: "dont-tell-anyone" }, applied_count: 2 });
    expect(await state()).toMatchObject({
      "one@news-one.example": "dont-tell-anyone/rule",
      "desk@other.example": "dont-tell-anyone/rule",
      "hello@newcomer.example": "remind-me/user",
      "chosen@chosen.example": "call-me/user",
    });

    // Deleting the rule hands its senders back; the explicit choices stay.
    await api("DELETE", `/api/rules/${changed.body.data.rule.id}`, { token: user.token });
    expect(await state()).toMatchObject({
      "one@news-one.example": "unassigned/default",
      "desk@other.example": "unassigned/default",
      "hello@newcomer.example": "remind-me/user",
      "chosen@chosen.example": "call-me/user",
    });
  });
});

describe("POST /api/senders/:id/unsubscribe", () => {
  let server: Awaited<ReturnType<typeof startUnsubscribeServer>>;
  beforeAll(async () => {
    server = await startUnsubscribeServer();
  });
  afterAll(async () => {
    await server.close();
  });
  afterEach(() => {
    delete process.env.ALLOW_PRIVATE_NETWORK;
  });

  async function senderWith(userId: string, values: Partial<typeof emailSenders.$inferInsert>) {
    const [s] = await seedSenders(userId, [{ email: `list${Math.random().toString(36).slice(2)}@news.example` }]);
    const db = await getDb();
    const [row] = await db.update(emailSenders).set(values).where(eq(emailSenders.id, s!.id)).returning();
    return row;
  }

  it("one-click: POSTs List-Unsubscribe=One-Click to the sender and records success", async () => {
    process.env.ALLOW_PRIVATE_NETWORK = "1";
    const user = await registerTestUser();
    const sender = await senderWith(user.user.id, { unsubscribe_http: server.url("/u/123?sig=abc"), unsubscribe_one_click: true });
    const res = await api("POST", `/api/senders/${sender!.id}/unsubscribe`, { token: user.token });
    expect(res.status).toBe(200);
    expect(res.body.data.unsubscribe).toEqual({ method: "one-click", status: "succeeded", url: null });
    expect(res.body.data.sender.unsubscribe).toMatchObject({ status: "succeeded", unsubscribed_at: expect.any(String) });
    expect(server.hits.at(-1)).toEqual({
      method: "POST",
      path: "/u/123?sig=abc",
      body: "List-Unsubscribe=One-Click",
      contentType: "application/x-www-form-urlencoded",
      cookie: undefined,
    });
  });

  it("records a failure when the endpoint refuses", async () => {
    process.env.ALLOW_PRIVATE_NETWORK = "1";
    server.setStatus(500);
    const user = await registerTestUser();
    const sender = await senderWith(user.user.id, { unsubscribe_http: server.url("/broken"), unsubscribe_one_click: true });
    const res = await api("POST", `/api/senders/${sender!.id}/unsubscribe`, { token: user.token });
    server.setStatus(200);
    expect(res.status).toBe(502);
    expect(res.body.error.code).toBe("PROVIDER_ERROR");
    expect(res.body.error.message).toContain("HTTP 500");
    expect((await api("GET", `/api/senders/${sender!.id}`, { token: user.token })).body.data.sender.unsubscribe.status).toBe("failed");
  });

  it("never requests a private or loopback address unless explicitly allowed", async () => {
    const user = await registerTestUser();
    const sender = await senderWith(user.user.id, { unsubscribe_http: server.url("/ssrf"), unsubscribe_one_click: true });
    const before = server.hits.length;
    const res = await api("POST", `/api/senders/${sender!.id}/unsubscribe`, { token: user.token });
    expect(res.status).toBe(502);
    expect(res.body.error.message).toContain("private");
    expect(server.hits.length).toBe(before);
  });

  it("returns the link to open when one-click is not offered; 409 when there is none; 404 for others", async () => {
    const user = await registerTestUser();
    const link = await senderWith(user.user.id, { unsubscribe_http: "https://news.example/unsub?u=1" });
    const res = await api("POST", `/api/senders/${link!.id}/unsubscribe`, { token: user.token });
    expect(res.body.data.unsubscribe).toEqual({ method: "link", status: "manual", url: "https://news.example/unsub?u=1" });
    const mail = await senderWith(user.user.id, { unsubscribe_mailto: "mailto:leave@news.example?subject=unsubscribe" });
    expect((await api("POST", `/api/senders/${mail!.id}/unsubscribe`, { token: user.token })).body.data.unsubscribe).toEqual({
      method: "mailto",
      status: "manual",
      url: "mailto:leave@news.example?subject=unsubscribe",
    });
    const none = await senderWith(user.user.id, { unsubscribe_http: null });
    const conflict = await api("POST", `/api/senders/${none!.id}/unsubscribe`, { token: user.token });
    expect(conflict.status).toBe(409);
    const other = await registerTestUser();
    expect((await api("POST", `/api/senders/${link!.id}/unsubscribe`, { token: other.token })).status).toBe(404);
  });
});
