import { randomUUID } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { PURGE_BATCH_SIZE, purgeDeletedAccounts } from "@/inngest/functions/account/purge-deleted-accounts";
import { functions } from "@/inngest/functions";
import { getDb, queryRows } from "@/lib/db";
import * as schema from "@/lib/db/schema";
import { createWorkflowRunner } from "@/lib/workflows/embedded-runner";
import { sendEvent } from "@/lib/events/send-event";
import { createTestClock, listRuns, listSteps } from "./fixtures/workflow-test-kit";

const DAY = 86_400_000;

/** A user with one row in every table that belongs to a user. Returns the tables it wrote to. */
async function seedUser(label: string, deletion: { deleted_at: Date; purge_after: Date } | null) {
  const db = await getDb();
  const [user] = await db
    .insert(schema.users)
    .values({ email: `${label}.${randomUUID()}@example.com`, name: label, ...(deletion ?? {}) })
    .returning({ id: schema.users.id });
  const user_id = user!.id;
  const soon = new Date(Date.now() + DAY);
  await db.insert(schema.authSessions).values({ user_id, expires_at: soon });
  await db.insert(schema.emailVerificationTokens).values({ user_id, token_hash: randomUUID(), expires_at: soon });
  const [sender] = await db
    .insert(schema.emailSenders)
    .values({ user_id, email: "news@shop.example", domain: "shop.example" })
    .returning({ id: schema.emailSenders.id });
  await db.insert(schema.senderRules).values({ user_id, match_type: "domain", match_value: "shop.example", category: "keep-quiet" });
  await db.insert(schema.userPreferences).values({ user_id });
  await db.insert(schema.preferenceAuditLogs).values({ user_id, source: "api", changes: { voice_preference: { from: "alloy", to: "echo" } } });
  const [call] = await db.insert(schema.callLogs).values({ user_id, call_type: "digest", scheduled_at: new Date() }).returning({ id: schema.callLogs.id });
  await db.insert(schema.callAttempts).values({ call_id: call!.id, user_id, attempt: 1, carrier: "console", dial_started_at: new Date() });
  await db.insert(schema.callAudio).values({ user_id, hash: randomUUID(), content_type: "audio/mpeg", content: Buffer.from("ID3"), bytes: 3 });
  await db
    .insert(schema.phoneConfirmations)
    .values({ user_id, phone_number: "+15550001111", code_ciphertext: "v1.x.y.z", call_id: call!.id, expires_at: new Date() });
  const [integration] = await db
    .insert(schema.emailIntegrations)
    .values({ user_id, provider: "demo", account_email: `${label}@example.com` })
    .returning({ id: schema.emailIntegrations.id });
  await db.insert(schema.calendarIntegrations).values({ user_id, provider: "demo" });
  await db.insert(schema.emailMessages).values({
    user_id,
    integration_id: integration!.id,
    sender_id: sender!.id,
    provider_message_id: randomUUID(),
    from_email: "news@shop.example",
    received_at: new Date(),
  });
  await db.insert(schema.scanJobs).values({ user_id, integration_id: integration!.id });
  await db.insert(schema.notifications).values({ user_id, type: "info", title: "hello" });
  return user_id;
}

const SEEDED_TABLES = [
  "auth_sessions",
  "calendar_integrations",
  "call_attempts",
  "call_audio",
  "call_logs",
  "email_integrations",
  "email_messages",
  "email_senders",
  "email_verification_tokens",
  "notifications",
  "phone_confirmations",
  "preference_audit_logs",
  "scan_jobs",
  // Filled by the email_senders triggers when the sender above is inserted.
  "sender_category_counts",
  "sender_rules",
  "user_preferences",
];

/** Tables holding a foreign key to users, with its ON DELETE action ("c" is cascade). */
async function tablesReferencingUsers() {
  const db = await getDb();
  return queryRows<{ table_name: string; on_delete: string }>(
    db,
    sql`select conrelid::regclass::text as table_name, confdeltype::text as on_delete
        from pg_constraint where contype = 'f' and confrelid = 'users'::regclass order by 1`,
  );
}

/** Rows of `userId` in every seeded table (all of them have a user_id column). */
async function rowCounts(userId: string) {
  const db = await getDb();
  const counts: Record<string, number> = {};
  for (const table of ["users", ...SEEDED_TABLES]) {
    const column = table === "users" ? "id" : "user_id";
    const [row] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from ${sql.identifier(table)} where ${sql.identifier(column)} = ${userId}`);
    counts[table] = row!.n;
  }
  return counts;
}

const everyTable = (n: number) => Object.fromEntries(["users", ...SEEDED_TABLES].map((t) => [t, n]));

describe("purge-deleted-accounts workflow", () => {
  it("every table that references users does so ON DELETE CASCADE, and this test seeds each of them", async () => {
    const tables = await tablesReferencingUsers();
    // A new user-owned table must cascade, and be seeded above so the purge is proven to reach it.
    expect([...new Set(tables.map((t) => t.table_name))].sort()).toEqual(SEEDED_TABLES);
    expect(tables.filter((t) => t.on_delete !== "c")).toEqual([]);
  });

  it("the daily cron purges every row of users past their grace period, and nothing of anyone else", async () => {
    const now = Date.now();
    const expired = await seedUser("expired", { deleted_at: new Date(now - 31 * DAY), purge_after: new Date(now - DAY) });
    const inGrace = await seedUser("in-grace", { deleted_at: new Date(now - DAY), purge_after: new Date(now + 29 * DAY) });
    const active = await seedUser("active", null);
    expect(await rowCounts(expired)).toEqual(everyTable(1));

    // The cron is "TZ=UTC 0 3 * * *": start the runner just before a 03:00 UTC slot, then pass it.
    const clock = createTestClock("2030-05-01T02:59:00Z");
    const runner = createWorkflowRunner({ functions, now: clock.now });
    await runner.drain();
    clock.set("2030-05-01T03:00:05Z");
    await runner.drain();

    const [run] = await listRuns("purge-deleted-accounts");
    expect(run).toMatchObject({ event_id: "cron:purge-deleted-accounts:2030-05-01T03:00:00.000Z", status: "completed", result: { purged: 1 } });
    expect(await rowCounts(expired)).toEqual(everyTable(0));
    expect(await rowCounts(inGrace)).toEqual(everyTable(1));
    expect(await rowCounts(active)).toEqual(everyTable(1));
  });

  it("on account/deleted it sleeps until that user's purge_after, then purges the account", async () => {
    const db = await getDb();
    const now = Date.now();
    const purgeAfter = new Date(now + 30 * DAY);
    const leaving = await seedUser("leaving", { deleted_at: new Date(now), purge_after: purgeAfter });
    const staying = await seedUser("staying", null);
    const clock = createTestClock(new Date(now));
    const runner = createWorkflowRunner({ functions: [purgeDeletedAccounts], now: clock.now });

    await sendEvent({ name: "account/deleted", data: { user_id: leaving } });
    await runner.drain();
    const [sleeping] = (await listRuns("purge-deleted-accounts")).filter((r) => r.event.name === "account/deleted");
    expect(sleeping!.status).toBe("sleeping");
    expect(sleeping!.run_at).toBe(purgeAfter.getTime());
    expect(await rowCounts(leaving)).toEqual(everyTable(1));

    // The grace period passes (the purge compares purge_after with the real time, so move it back).
    await db
      .update(schema.users)
      .set({ purge_after: new Date(now - 1000) })
      .where(eq(schema.users.id, leaving));
    clock.set(purgeAfter);
    await runner.drain();

    const [done] = (await listRuns("purge-deleted-accounts")).filter((r) => r.event.name === "account/deleted");
    expect(done).toMatchObject({ status: "completed", result: { purged: 1 } });
    expect(await rowCounts(leaving)).toEqual(everyTable(0));
    expect(await rowCounts(staying)).toEqual(everyTable(1));
  });

  it("leaves a user who restored the account during the grace period", async () => {
    const db = await getDb();
    const now = Date.now();
    const restored = await seedUser("restored", { deleted_at: new Date(now - 40 * DAY), purge_after: new Date(now - DAY) });
    await db.update(schema.users).set({ deleted_at: null, purge_after: null }).where(eq(schema.users.id, restored));
    const runner = createWorkflowRunner({ functions: [purgeDeletedAccounts] });
    await sendEvent({ name: "account/deleted", data: { user_id: restored } });
    await runner.drain();

    const runs = (await listRuns("purge-deleted-accounts")).filter((r) => r.event.name === "account/deleted");
    expect(runs.at(-1)).toMatchObject({ status: "completed", result: { purged: 0 } });
    expect(await rowCounts(restored)).toEqual(everyTable(1));
  });

  it("purges in batches of PURGE_BATCH_SIZE users, one stored step per batch", async () => {
    const db = await getDb();
    const now = Date.now();
    await db.insert(schema.users).values(
      Array.from({ length: PURGE_BATCH_SIZE + 1 }, (_, i) => ({
        email: `batch${i}.${randomUUID()}@example.com`,
        deleted_at: new Date(now - 40 * DAY),
        purge_after: new Date(now - DAY),
      })),
    );
    // Forget the schedule an earlier test moved, so the first pass only notes the time.
    await db.execute(sql`delete from workflow_cron_state`);
    const clock = createTestClock("2030-06-01T02:59:00Z");
    const runner = createWorkflowRunner({ functions: [purgeDeletedAccounts], now: clock.now });
    await runner.drain();
    clock.set("2030-06-01T03:00:00Z");
    await runner.drain();

    const [run] = (await listRuns("purge-deleted-accounts")).filter((r) => r.event_id.startsWith("cron:purge-deleted-accounts:2030-06-01"));
    expect(run).toMatchObject({ status: "completed", result: { purged: PURGE_BATCH_SIZE + 1 } });
    expect(await listSteps(run!.id)).toEqual({ "purge-batch-0": "data", "purge-batch-1": "data" });
    const [left] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from users where deleted_at is not null and purge_after <= now()`);
    expect(left!.n).toBe(0);
  });
});
