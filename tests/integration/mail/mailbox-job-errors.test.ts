import { describe, expect, it } from "vitest";
import { and, eq, sql } from "drizzle-orm";
import { api, registerTestUser } from "@/tests/helpers/api";
import { drainWorkflows } from "@/tests/helpers/workflows";
import { startGmailFake } from "@/tests/fakes/gmail-server";
import { useFake } from "@/tests/helpers/use-fake";
import { getDb } from "@/lib/db";
import { emailIntegrations, workflowRuns } from "@/lib/db/schema";
import { oauthRedirectUri } from "@/lib/integrations/connect-email-integration";

// lib/scan's typed errors end a job at once (the workflow maps them to NonRetriableError): no retry,
// the job failed with the reason, what was scanned kept, the mailbox's status telling the user why.
describe("a mailbox job that cannot go on ends at once, with a reason", () => {
  const gmail = useFake(() => startGmailFake());

  async function connectGmail(email: string, messages: number) {
    const user = await registerTestUser();
    gmail.addUser(email);
    gmail.addMessages(
      email,
      Array.from({ length: messages }, (_, i) => ({
        from: `Sender ${i} <s${i}@refused.example>`,
        subject: `Message ${i}`,
        snippet: "",
        date: Date.now() - (i + 1) * 3600_000,
      })),
    );
    const code = gmail.issueAuthCode(email, oauthRedirectUri("google"));
    const connected = await api("POST", "/api/integrations/email/connect", { token: user.token, body: { provider: "gmail", auth_token: code } });
    expect(connected.status).toBe(201);
    return { user, integrationId: connected.body.data.integration_id as string };
  }

  async function integration(id: string) {
    const db = await getDb();
    const [row] = await db.select().from(emailIntegrations).where(eq(emailIntegrations.id, id));
    return row;
  }

  /** The job's workflow run: failed on its first attempt, by an error the workflow may not retry. */
  async function expectEndedAtOnce(jobId: string) {
    const db = await getDb();
    const [run] = await db
      .select()
      .from(workflowRuns)
      .where(and(eq(workflowRuns.function_id, "sync-mailbox"), eq(workflowRuns.handler, "main"), sql`${workflowRuns.event} -> 'data' ->> 'job_id' = ${jobId}`));
    expect(run).toMatchObject({ status: "failed", attempt: 0, error: expect.objectContaining({ name: "NonRetriableError" }) });
  }

  it("refused credentials: one attempt, the job failed and the mailbox in error until it is connected again", async () => {
    const { user, integrationId } = await connectGmail("refused@gmail.example", 3);
    const { job_id } = (await api("POST", "/api/senders/scan", { token: user.token })).body.data;
    const before = Object.values(gmail.stats.requests).reduce((n, c) => n + c, 0);
    // Every call is refused (403 without a rate-limit reason: Google's "forbidden").
    gmail.failNext(1_000, { status: 403, reason: "forbidden", message: "Access revoked" });
    await drainWorkflows();
    const calls = Object.values(gmail.stats.requests).reduce((n, c) => n + c, 0) - before;
    gmail.clearFaults();
    const job = (await api("GET", `/api/senders/scan/${job_id}`, { token: user.token })).body.data;
    expect(job).toMatchObject({ status: "failed", error: expect.stringMatching(/^The mailbox refused our credentials \(.*\); connect it again$/) });
    // The workflow retries 4 times what may pass; this was tried once.
    expect(calls).toBe(1);
    await expectEndedAtOnce(job_id);
    expect(await integration(integrationId)).toMatchObject({ status: "error", last_error: job.error });
    const status = (await api("GET", "/api/integrations/email/status", { token: user.token })).body.data.integrations[0];
    expect(status).toMatchObject({ status: "error", last_error: job.error });
  });

  it("a mailbox disconnected while its job waits: the job fails saying so, the mailbox stays disconnected", async () => {
    const { user, integrationId } = await connectGmail("leaving@gmail.example", 3);
    const { job_id } = (await api("POST", "/api/senders/scan", { token: user.token })).body.data;
    // The user disconnects after asking for the scan, before its workflow runs.
    expect((await api("DELETE", `/api/integrations/email/${integrationId}`, { token: user.token })).status).toBe(200);
    await drainWorkflows();
    const job = (await api("GET", `/api/senders/scan/${job_id}`, { token: user.token })).body.data;
    expect(job).toMatchObject({ status: "failed", error: "The mailbox was disconnected during the scan; what was scanned is kept" });
    await expectEndedAtOnce(job_id);
    expect(await integration(integrationId)).toMatchObject({ status: "disconnected" });
  });
});
