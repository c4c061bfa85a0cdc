import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { api, registerTestUser } from "@/tests/helpers/api";
import { drainWorkflows } from "@/tests/helpers/workflows";
import { buildTestMessage, hasDovecot, startDovecot, type DovecotServer } from "@/tests/fakes/dovecot";
import { setEnv } from "@/tests/integration/providers/env-scope";
import { getDb, queryRows } from "@/lib/db";
import { closeMailProviders } from "@/lib/integrations/mail-provider-pool";
import { forgetPrefetchedPages } from "@/lib/scan/page-prefetch";
import { beginMailboxJob } from "@/lib/scan/begin-mailbox-job";
import { scanMailboxPage } from "@/lib/scan/scan-mailbox-page";

const DAY = 86_400_000;

function mail(i: number, date: Date, from = `Sender ${i % 4} <sender${i % 4}@resync.example>`) {
  return buildTestMessage({ from, subject: `Message ${i}`, date });
}

/** Stored messages of the integration and the senders' counts, as the triage view shows them. */
async function stored(userId: string) {
  const db = await getDb();
  const messages = await queryRows<{ provider_message_id: string }>(db, sql`select provider_message_id from email_messages where user_id = ${userId}`);
  const senders = await queryRows<{ email: string; email_count: number }>(
    db,
    sql`select email, email_count from email_senders where user_id = ${userId} order by email`,
  );
  const actual = await queryRows<{ email: string; n: number }>(
    db,
    sql`select s.email, count(m.id)::int as n from email_senders s left join email_messages m on m.sender_id = s.id where s.user_id = ${userId} group by s.email order by s.email`,
  );
  return { ids: messages.map((m) => m.provider_message_id), senders: senders.map((s) => [s.email, s.email_count]), actual: actual.map((a) => [a.email, a.n]) };
}

async function connectImap(token: string, credentials: object) {
  const res = await api("POST", "/api/integrations/email/connect", { token, body: { provider: "imap", ...credentials } });
  expect(res.status).toBe(201);
  return res.body.data.integration_id as string;
}

async function jobStatus(token: string, jobId: string) {
  return (await api("GET", `/api/senders/scan/${jobId}`, { token })).body.data;
}

describe.skipIf(!hasDovecot() && !process.env.CI)("IMAP UIDVALIDITY change: a full resync", () => {
  let dovecot: DovecotServer;
  let restoreEnv: () => void;
  beforeAll(async () => {
    restoreEnv = setEnv({ ALLOW_PRIVATE_NETWORK: "1" });
    dovecot = await startDovecot({
      users: [
        { username: "sync@resync.test", password: "resync-password-1" },
        { username: "scan@resync.test", password: "resync-password-2" },
      ],
    });
  });
  afterAll(async () => {
    restoreEnv?.();
    await dovecot?.stop();
  });

  it("a sync that finds new UIDs lists the mailbox again: every message once under its new id, exact counts, no second call", async () => {
    const user = await registerTestUser();
    const now = Date.now();
    await dovecot.append(
      Array.from({ length: 40 }, (_, i) => mail(i, new Date(now - (i + 1) * DAY))),
      { username: "sync@resync.test" },
    );
    const integrationId = await connectImap(user.token, dovecot.credentials("sync@resync.test"));
    await api("POST", "/api/senders/scan", { token: user.token, body: { integration_id: integrationId } });
    await drainWorkflows();

    // A call-me sender writes after connecting: one urgent call.
    const senders = (await api("GET", "/api/senders?sort=email", { token: user.token })).body.data.senders;
    const boss = senders.find((s: { email: string }) => s.email === "sender0@resync.example");
    await api("PUT", `/api/senders/${boss.id}/category`, { token: user.token, body: { category: "call-me" } });
    // Delivered a moment after connecting (IMAP dates have whole seconds).
    await dovecot.append([mail(100, new Date(Date.now() + 2000), "Sender 0 <sender0@resync.example>")], { username: "sync@resync.test" });
    await api("POST", "/api/integrations/email/sync", { token: user.token, body: { integration_id: integrationId } });
    await drainWorkflows();
    const db = await getDb();
    const calls = async () =>
      (await queryRows<{ n: number }>(db, sql`select count(*)::int as n from call_logs where user_id = ${user.user.id} and call_type = 'urgent'`))[0]!.n;
    expect(await calls()).toBe(1);

    // The server rebuilt its index: every UID is new. Two more messages arrive meanwhile.
    await dovecot.setUidValidity(777, { username: "sync@resync.test" });
    await dovecot.append([mail(200, new Date(now - 2 * 3600_000)), mail(201, new Date(now - 3600_000))], { username: "sync@resync.test" });
    const { job_id } = (await api("POST", "/api/integrations/email/sync", { token: user.token, body: { integration_id: integrationId } })).body.data;
    await drainWorkflows();
    expect(await jobStatus(user.token, job_id)).toMatchObject({ status: "completed", progress: 100 });

    const after = await stored(user.user.id);
    expect(after.ids).toHaveLength(43);
    expect(after.ids.every((id) => id.startsWith("777:"))).toBe(true);
    expect(after.senders).toEqual(after.actual);
    expect(after.senders.reduce((sum, [, n]) => sum + Number(n), 0)).toBe(43);
    // The resync lists the boss's message again, but it already rang once.
    expect(await calls()).toBe(1);
    // The boss stays call-me: choices live on senders, not on messages.
    expect((await api("GET", `/api/senders/${boss.id}`, { token: user.token })).body.data.sender.category).toBe("call-me");
    // And the cursor it finished with works: nothing new, nothing twice.
    await api("POST", "/api/integrations/email/sync", { token: user.token, body: { integration_id: integrationId } });
    await drainWorkflows();
    expect((await stored(user.user.id)).ids).toHaveLength(43);
  });

  it("a scan whose page token the server no longer honours starts over and ends with exact counts", { timeout: 120_000 }, async () => {
    const user = await registerTestUser();
    const now = Date.now();
    await dovecot.append(
      Array.from({ length: 2500 }, (_, i) => mail(i, new Date(now - (i + 1) * 3600_000))),
      { username: "scan@resync.test" },
    );
    const integrationId = await connectImap(user.token, dovecot.credentials("scan@resync.test"));
    const { job_id } = (await api("POST", "/api/senders/scan", { token: user.token, body: { integration_id: integrationId } })).body.data;
    // A process records the first page, then dies: the integration remembers where the scan stopped.
    await beginMailboxJob(job_id);
    await scanMailboxPage(job_id, null, 0);
    // Its connections and the pages it had fetched ahead die with it.
    await closeMailProviders();
    forgetPrefetchedPages();
    expect(await jobStatus(user.token, job_id)).toMatchObject({ status: "processing", processed: 2000 });

    await dovecot.setUidValidity(888, { username: "scan@resync.test" });
    // The workflow resumes from the remembered page, whose token is void now: it starts over.
    await drainWorkflows();
    expect(await jobStatus(user.token, job_id)).toMatchObject({ status: "completed", progress: 100, processed: 2500 });
    const after = await stored(user.user.id);
    expect(after.ids).toHaveLength(2500);
    expect(after.ids.every((id) => id.startsWith("888:"))).toBe(true);
    expect(after.senders).toEqual(after.actual);
  });
});
