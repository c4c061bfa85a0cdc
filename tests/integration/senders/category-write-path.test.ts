import { beforeAll, describe, expect, it } from "vitest";
import { eq, inArray } from "drizzle-orm";
import { api, registerTestUser } from "@/tests/helpers/api";
import { seedIntegration, seedMessages, seedSenders } from "@/tests/helpers/seed";
import { getDb } from "@/lib/db";
import { emailMessages, emailSenders } from "@/lib/db/schema";
import type { MailMessageMeta } from "@/lib/providers/mail/types";
import { ingestMessages } from "@/lib/scan/ingest-messages";
import { recountSenders } from "@/lib/senders/recount-senders";

let user: Awaited<ReturnType<typeof registerTestUser>>;
let integrationId: string;

beforeAll(async () => {
  user = await registerTestUser();
  integrationId = (await seedIntegration(user.user.id))!.id;
});

/** A sender with one stored message, both carrying a preview. */
async function senderWithMail(email: string) {
  const [sender] = await seedSenders(user.user.id, [{ email, latest_preview: `Preview from ${email}` }]);
  await seedMessages(user.user.id, integrationId, [
    { sender_id: sender!.id, from_email: email, subject: `Hello from ${email}`, received_at: new Date(Date.UTC(2026, 0, 2)), preview: `Preview from ${email}` },
  ]);
  return sender;
}

async function stored(senderId: string) {
  const db = await getDb();
  const [sender] = await db.select().from(emailSenders).where(eq(emailSenders.id, senderId));
  const messages = await db.select({ preview: emailMessages.preview }).from(emailMessages).where(eq(emailMessages.sender_id, senderId));
  return {
    category: sender!.category,
    category_source: sender!.category_source,
    latest_preview: sender!.latest_preview,
    previews: messages.map((m) => m.preview),
  };
}

function meta(from: string, i: number, snippet: string): MailMessageMeta {
  return {
    provider_message_id: `write-path-${from}-${i}`,
    thread_id: null,
    from_email: from,
    from_name: "",
    to: "me@example.com",
    subject: `New mail ${i}`,
    snippet,
    date: new Date(Date.UTC(2026, 0, 3, i)),
    headers: {},
    has_calendar: false,
  };
}

describe("every writer of a sender's category goes through the one write path", () => {
  // Each writer makes a sender private; each must record who decided and wipe the stored previews.
  const writers: [string, string, (senderId: string, email: string) => Promise<number>][] = [
    [
      "PUT /api/senders/:id/category",
      "user",
      async (id) => (await api("PUT", `/api/senders/${id}/category`, { token: user.token, body: { category: "dont-tell-anyone" } })).status,
    ],
    [
      "POST /api/senders/bulk-update",
      "user",
      async (id) =>
        (await api("POST", "/api/senders/bulk-update", { token: user.token, body: { updates: [{ sender_id: id, category: "dont-tell-anyone" }] } })).status,
    ],
    [
      "POST /api/rules",
      "rule",
      async (_id, email) => (await api("POST", "/api/rules", { token: user.token, body: { match: { email }, category: "dont-tell-anyone" } })).status,
    ],
  ];

  it.each(writers)("%s records the source and wipes the previews of a sender made private", async (_name, source, write) => {
    const email = `private-${source}-${Math.random().toString(36).slice(2, 8)}@clinic.example`;
    const sender = await senderWithMail(email);
    expect(await stored(sender!.id)).toMatchObject({ category: "unassigned", category_source: "default", latest_preview: `Preview from ${email}` });
    expect([200, 201]).toContain(await write(sender!.id, email));
    expect(await stored(sender!.id)).toEqual({ category: "dont-tell-anyone", category_source: source, latest_preview: "", previews: [""] });
  });

  it("a user's choice of unassigned is the default source, and a rule that no longer covers a sender hands it back", async () => {
    const [chosen, ruled] = await seedSenders(user.user.id, [{ email: "chosen@choice.example" }, { email: "ruled@ruled.example" }]);
    await api("PUT", `/api/senders/${chosen!.id}/category`, { token: user.token, body: { category: "keep-quiet" } });
    expect(await stored(chosen!.id)).toMatchObject({ category: "keep-quiet", category_source: "user" });
    await api("PUT", `/api/senders/${chosen!.id}/category`, { token: user.token, body: { category: "unassigned" } });
    expect(await stored(chosen!.id)).toMatchObject({ category: "unassigned", category_source: "default" });

    const rule = await api("POST", "/api/rules", { token: user.token, body: { match: { domain: "ruled.example" }, category: "remind-me" } });
    expect(rule.body.data.applied_count).toBe(1);
    expect(await stored(ruled!.id)).toMatchObject({ category: "remind-me", category_source: "rule" });
    // Applying the same rules again moves nothing.
    const again = await api("POST", "/api/rules", { token: user.token, body: { match: { domain: "ruled.example" }, category: "remind-me" } });
    expect(again.body.data.applied_count).toBe(0);
    const removed = await api("DELETE", `/api/rules/${rule.body.data.rule.id}`, { token: user.token });
    expect(removed.body.data.reverted_count).toBe(1);
    expect(await stored(ruled!.id)).toMatchObject({ category: "unassigned", category_source: "default" });
  });

  it("new mail from a private sender is stored without a preview, counted or settled later", async () => {
    const counted = await senderWithMail("counted@private.example");
    const deferred = await senderWithMail("deferred@private.example");
    const db = await getDb();
    await db
      .update(emailSenders)
      .set({ category: "dont-tell-anyone", latest_preview: "" })
      .where(inArray(emailSenders.id, [counted!.id, deferred!.id]));
    await db
      .update(emailMessages)
      .set({ preview: "" })
      .where(inArray(emailMessages.sender_id, [counted!.id, deferred!.id]));
    const ctx = { userId: user.user.id, userEmail: user.email, integrationId, urgentNotBefore: new Date() };
    // A sync page counts at once; a full scan's page is settled by recountSenders.
    await ingestMessages(ctx, [meta("counted@private.example", 1, "The results are in")]);
    await ingestMessages({ ...ctx, deferCounts: true }, [meta("deferred@private.example", 2, "The results are in")]);
    await recountSenders(user.user.id);
    for (const sender of [counted, deferred]) {
      expect(await stored(sender!.id)).toEqual({ category: "dont-tell-anyone", category_source: "default", latest_preview: "", previews: ["", ""] });
    }
    const [row] = await db.select().from(emailSenders).where(eq(emailSenders.id, counted!.id));
    expect(row).toMatchObject({ email_count: 2, latest_subject: "New mail 1" });
    // The API shows neither its latest subject nor its messages' subjects.
    const page = await api("GET", `/api/senders/${counted!.id}`, { token: user.token });
    expect(page.body.data.sender).toMatchObject({ latest_subject: "", latest_preview: "" });
  });
});
