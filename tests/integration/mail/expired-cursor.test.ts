import { describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { api, registerTestUser } from "@/tests/helpers/api";
import { drainWorkflows } from "@/tests/helpers/workflows";
import { startGmailFake } from "@/tests/fakes/gmail-server";
import { startGraphFake } from "@/tests/fakes/graph-server";
import { getDb, queryRows } from "@/lib/db";
import { oauthRedirectUri } from "@/lib/integrations/connect-email-integration";
import { useFake } from "@/tests/helpers/use-fake";

// An expired sync cursor, through the whole sync workflow: the provider's contract decides what
// follows (Gmail: catch up by date; Graph: start the synchronization over), and no mail is skipped,
// nothing is counted twice, and the mailbox syncs normally afterwards.

const HOUR = 3600_000;

async function stored(userId: string) {
  const db = await getDb();
  const [row] = await queryRows<{ messages: number; distinct_ids: number; counted: number; mismatched: number }>(
    db,
    sql`select (select count(*) from email_messages where user_id = ${userId})::int as messages,
               (select count(distinct provider_message_id) from email_messages where user_id = ${userId})::int as distinct_ids,
               (select coalesce(sum(email_count), 0) from email_senders where user_id = ${userId})::int as counted,
               (select count(*) from email_senders s
                 where s.user_id = ${userId}
                   and s.email_count <> (select count(*) from email_messages m where m.sender_id = s.id))::int as mismatched`,
  );
  return row;
}

async function urgentCalls(userId: string) {
  const db = await getDb();
  return (await queryRows<{ n: number }>(db, sql`select count(*)::int as n from call_logs where user_id = ${userId} and call_type = 'urgent'`))[0]!.n;
}

async function sync(token: string) {
  const { job_id } = (await api("POST", "/api/integrations/email/sync", { token, body: {} })).body.data;
  await drainWorkflows();
  return (await api("GET", `/api/senders/scan/${job_id}`, { token })).body.data;
}

async function makeCallMe(token: string, email: string) {
  const senders = (await api("GET", "/api/senders?sort=email&limit=100", { token })).body.data.senders as { id: string; email: string }[];
  const sender = senders.find((s) => s.email === email);
  expect(sender).toBeDefined();
  expect((await api("PUT", `/api/senders/${sender!.id}/category`, { token, body: { category: "call-me" } })).status).toBe(200);
}

describe("Gmail: history expired (404) → a catch-up by date", () => {
  const gmail = useFake(() => startGmailFake());

  it("lists what arrived since the last sync, rings once for the call-me sender, and syncs by history again afterwards", async () => {
    const user = await registerTestUser();
    const email = "expired@gmail.example";
    gmail.addUser(email);
    const now = Date.now();
    gmail.addMessages(
      email,
      Array.from({ length: 30 }, (_, i) => ({ from: `Sender ${i % 6} <s${i % 6}@catchup.example>`, subject: `Old ${i}`, date: now - (i + 2) * 24 * HOUR })),
    );
    const code = gmail.issueAuthCode(email, oauthRedirectUri("google"));
    expect((await api("POST", "/api/integrations/email/connect", { token: user.token, body: { provider: "gmail", auth_token: code } })).status).toBe(201);
    await api("POST", "/api/senders/scan", { token: user.token });
    await drainWorkflows();
    expect(await stored(user.user.id)).toMatchObject({ messages: 30, counted: 30, mismatched: 0 });
    await makeCallMe(user.token, "s0@catchup.example");

    // Mail arrives, and Google forgets the history the stored cursor points into.
    gmail.addMessages(email, [
      { from: "Sender 0 <s0@catchup.example>", subject: "Contract signed", date: Date.now() },
      { from: "Newcomer <new@catchup.example>", subject: "Hello", date: Date.now() },
    ]);
    gmail.expireHistory(email);
    const historyBefore = gmail.stats.requests["history.list"] ?? 0;
    const listsBefore = gmail.stats.requests["messages.list"] ?? 0;

    const job = await sync(user.token);
    expect(job).toMatchObject({ status: "completed", progress: 100 });
    expect(gmail.stats.requests["history.list"]! - historyBefore).toBeGreaterThan(0);
    // The catch-up listed by date: one short listing, not the whole mailbox again.
    expect(gmail.stats.requests["messages.list"]! - listsBefore).toBeGreaterThan(0);
    expect(job.processed).toBe(2);
    expect(await stored(user.user.id)).toMatchObject({ messages: 32, distinct_ids: 32, counted: 32, mismatched: 0 });
    expect(await urgentCalls(user.user.id)).toBe(1);

    // The catch-up took a fresh cursor: the next sync reads history again, and nothing twice.
    gmail.addMessages(email, [{ from: "Sender 1 <s1@catchup.example>", subject: "After", date: Date.now() }]);
    const listsAfterCatchUp = gmail.stats.requests["messages.list"];
    expect(await sync(user.token)).toMatchObject({ status: "completed", processed: 1 });
    expect(gmail.stats.requests["messages.list"]).toBe(listsAfterCatchUp);
    expect(await stored(user.user.id)).toMatchObject({ messages: 33, distinct_ids: 33, counted: 33, mismatched: 0 });
    expect(await urgentCalls(user.user.id)).toBe(1);
  });
});

describe("Outlook: delta token expired (410) → a full resync", () => {
  const graph = useFake(() => startGraphFake());

  it("lists the whole mailbox again: mail a date catch-up would miss is found, nothing is counted twice, delta works afterwards", async () => {
    const user = await registerTestUser();
    graph.setUser({ mail: "expired@contoso.example", displayName: "Expired Delta" });
    const now = Date.now();
    graph.addMessages(
      Array.from({ length: 30 }, (_, i) => ({
        fromName: `Sender ${i % 6}`,
        fromAddress: `s${i % 6}@resync.example`,
        subject: `Old ${i}`,
        receivedAt: now - (i + 2) * 24 * HOUR,
      })),
    );
    const code = graph.issueAuthCode(oauthRedirectUri("microsoft"));
    expect((await api("POST", "/api/integrations/email/connect", { token: user.token, body: { provider: "outlook", auth_token: code } })).status).toBe(201);
    await api("POST", "/api/senders/scan", { token: user.token });
    await drainWorkflows();
    expect(await stored(user.user.id)).toMatchObject({ messages: 30, counted: 30, mismatched: 0 });
    await makeCallMe(user.token, "s0@resync.example");

    // New mail, and mail dated well before the last sync (restored from an archive, imported): only
    // a full resync finds the latter. Then Graph forgets the sync state.
    graph.addMessages([
      // Graph dates have whole seconds: delivered a moment after connecting.
      { fromName: "Sender 0", fromAddress: "s0@resync.example", subject: "Contract signed", receivedAt: Date.now() + 2000 },
      { fromName: "Imported", fromAddress: "imported@resync.example", subject: "From last week", receivedAt: now - 7 * 24 * HOUR },
    ]);
    graph.expireDeltaTokens();

    const job = await sync(user.token);
    expect(job).toMatchObject({ status: "completed", progress: 100 });
    // The whole mailbox was listed again (32 messages), and each is stored once.
    expect(job.processed).toBe(32);
    expect(await stored(user.user.id)).toMatchObject({ messages: 32, distinct_ids: 32, counted: 32, mismatched: 0 });
    // The new mail from the call-me sender rang once; the relisted old mail did not.
    expect(await urgentCalls(user.user.id)).toBe(1);
    const senders = (await api("GET", "/api/senders?sort=email&limit=100", { token: user.token })).body.data.senders as { email: string; category: string }[];
    expect(senders.find((s) => s.email === "s0@resync.example")?.category).toBe("call-me");

    // The resync finished under a fresh delta link: the next sync is incremental again.
    graph.addMessages([{ fromName: "Sender 1", fromAddress: "s1@resync.example", subject: "After", receivedAt: Date.now() }]);
    expect(await sync(user.token)).toMatchObject({ status: "completed", processed: 1 });
    expect(await stored(user.user.id)).toMatchObject({ messages: 33, distinct_ids: 33, counted: 33, mismatched: 0 });
    expect(await urgentCalls(user.user.id)).toBe(1);
  });
});
