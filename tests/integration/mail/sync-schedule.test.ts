import { describe, expect, it, vi } from "vitest";
import { eq, sql } from "drizzle-orm";
import { api, registerTestUser } from "@/tests/helpers/api";
import { startGmailFake } from "@/tests/fakes/gmail-server";
import { setEnv } from "@/tests/integration/providers/env-scope";
import { listRuns } from "@/tests/integration/workflows/fixtures/workflow-test-kit";
import { functions } from "@/inngest/functions";
import { MAIL_SYNC_CRON, scheduleMailboxSyncs } from "@/inngest/functions/mail/schedule-mailbox-syncs";
import { getDb, queryRows } from "@/lib/db";
import { emailSenders } from "@/lib/db/schema";
import { oauthRedirectUri } from "@/lib/integrations/connect-email-integration";
import { createWorkflowRunner } from "@/lib/workflows/embedded-runner";
import { readFunctionConfig } from "@/lib/workflows/function-config";
import { useFake } from "@/tests/helpers/use-fake";

describe("the mail sync schedule's trigger", () => {
  it("is every 10 minutes by default, MAIL_SYNC_INTERVAL_MINUTES overrides it, and nonsense falls back to 10", async () => {
    expect(MAIL_SYNC_CRON).toBe("*/10 * * * *");
    // The registry the runner and serve() read carries it.
    const registered = functions.find((f) => readFunctionConfig(f).id === "schedule-mailbox-syncs");
    expect(registered).toBe(scheduleMailboxSyncs);
    expect(readFunctionConfig(scheduleMailboxSyncs).cronTriggers).toEqual([{ cron: "*/10 * * * *", expression: "*/10 * * * *" }]);

    // The interval is read when the module loads: load it afresh under each setting.
    const cronWith = async (value: string | undefined) => {
      const restore = setEnv({ MAIL_SYNC_INTERVAL_MINUTES: value });
      try {
        vi.resetModules();
        const mod = await import("@/inngest/functions/mail/schedule-mailbox-syncs");
        expect(readFunctionConfig(mod.scheduleMailboxSyncs).cronTriggers.map((t) => t.cron)).toEqual([mod.MAIL_SYNC_CRON]);
        return mod.MAIL_SYNC_CRON;
      } finally {
        restore();
        vi.resetModules();
      }
    };
    expect(await cronWith(undefined)).toBe("*/10 * * * *");
    expect(await cronWith("15")).toBe("*/15 * * * *");
    expect(await cronWith("5")).toBe("*/5 * * * *");
    expect(await cronWith("0")).toBe("*/10 * * * *");
    expect(await cronWith("soon")).toBe("*/10 * * * *");
    expect(await cronWith("")).toBe("*/10 * * * *");
    // Only intervals that divide the hour are regular: others round down to one; an hour or more is hourly.
    expect(await cronWith("45")).toBe("*/30 * * * *");
    expect(await cronWith("7")).toBe("*/6 * * * *");
    expect(await cronWith("1")).toBe("* * * * *");
    expect(await cronWith("90")).toBe("0 * * * *");
  });
});

describe("the mail sync schedule fired by the embedded runner's cron", () => {
  const gmail = useFake(() => startGmailFake());

  // The runner's clock: real time shifted to a chosen instant, so work still flows (retries, leases)
  // while the test decides which cron slot it is. Every drain in this file uses it.
  let offset = 0;
  const runnerNow = () => new Date(Date.now() + offset);
  const at = (iso: string) => {
    offset = Date.parse(iso) - Date.now();
  };
  const drain = () => createWorkflowRunner({ functions, now: runnerNow, backoff: () => 10, pollIntervalMs: 50 }).drain();

  async function connectGmail(token: string, email: string, options: { scan: boolean }) {
    gmail.addUser(email);
    gmail.addMessages(email, [{ from: `Old friend <friend@${email.split("@")[0]}.example>`, subject: "Hello", date: Date.now() - 86_400_000 }]);
    const code = gmail.issueAuthCode(email, oauthRedirectUri("google"));
    const connect = await api("POST", "/api/integrations/email/connect", { token, body: { provider: "gmail", auth_token: code } });
    expect(connect.status).toBe(201);
    if (options.scan) {
      await api("POST", "/api/senders/scan", { token });
      await drain();
    }
    return connect.body.data.integration_id as string;
  }

  async function syncJobs() {
    const db = await getDb();
    return queryRows<{ integration_id: string; status: string }>(db, sql`select integration_id, status from scan_jobs where kind = 'sync' order by created_at`);
  }

  it("every 10-minute slot creates and runs one sync job per connected, scanned, idle mailbox, and none for the others", async () => {
    at("2030-01-01T00:00:30Z");
    // The first pass only records that the schedule exists: nothing fires for slots before the start.
    await drain();
    expect(await listRuns("schedule-mailbox-syncs")).toEqual([]);

    const due = await registerTestUser();
    const dueId = await connectGmail(due.token, "due@gmail.example", { scan: true });
    const unscanned = await registerTestUser();
    await connectGmail(unscanned.token, "unscanned@gmail.example", { scan: false });
    const gone = await registerTestUser();
    const goneId = await connectGmail(gone.token, "gone@gmail.example", { scan: true });
    expect((await api("DELETE", `/api/integrations/email/${goneId}`, { token: gone.token })).status).toBe(200);
    const deleted = await registerTestUser();
    await connectGmail(deleted.token, "deleted@gmail.example", { scan: true });
    expect((await api("DELETE", "/api/users/account", { token: deleted.token })).status).toBe(200);
    expect(await syncJobs()).toEqual([]);

    // Just before the slot: nothing.
    at("2030-01-01T00:09:59Z");
    await drain();
    expect(await listRuns("schedule-mailbox-syncs")).toEqual([]);

    // New mail waits in the due mailbox; the 00:10 slot syncs it in.
    gmail.addMessages("due@gmail.example", [{ from: "Newcomer <new@arrivals.example>", subject: "Fresh", date: Date.now() - 60_000 }]);
    at("2030-01-01T00:10:00Z");
    await drain();
    let runs = await listRuns("schedule-mailbox-syncs");
    expect(runs.map((r) => [r.event_id, r.status, r.result])).toEqual([
      ["cron:schedule-mailbox-syncs:2030-01-01T00:10:00.000Z", "completed", { scheduled: 1 }],
    ]);
    expect(await syncJobs()).toEqual([{ integration_id: dueId, status: "completed" }]);
    const db = await getDb();
    expect((await db.select().from(emailSenders).where(eq(emailSenders.user_id, due.user.id))).map((s) => s.email).sort()).toEqual([
      "friend@due.example",
      "new@arrivals.example",
    ]);
    expect((await api("GET", "/api/integrations/email/status", { token: due.token })).body.data.integrations[0].last_error).toBeNull();

    // Between slots nothing fires, draining again does not fire the same slot twice.
    at("2030-01-01T00:15:00Z");
    await drain();
    await drain();
    expect(await listRuns("schedule-mailbox-syncs")).toHaveLength(1);

    // The next slot syncs the same mailbox again (the one synced at 00:10 is idle by now).
    at("2030-01-01T00:20:00Z");
    await drain();
    runs = await listRuns("schedule-mailbox-syncs");
    expect(runs.map((r) => r.event_id)).toEqual([
      "cron:schedule-mailbox-syncs:2030-01-01T00:10:00.000Z",
      "cron:schedule-mailbox-syncs:2030-01-01T00:20:00.000Z",
    ]);
    expect(runs[1]!.result).toEqual({ scheduled: 1 });
    expect(await syncJobs()).toEqual([
      { integration_id: dueId, status: "completed" },
      { integration_id: dueId, status: "completed" },
    ]);
  });
});
