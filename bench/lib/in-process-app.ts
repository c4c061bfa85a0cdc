import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { freshDatabase } from "./app-server";

/**
 * The app's own services and workflows in this process, on a fresh PostgreSQL database: what a
 * scan really does (provider, workflow steps, database writes), without HTTP in front.
 */
export async function inProcessApp(dbName: string, env: Record<string, string> = {}) {
  process.env.DATABASE_URL = await freshDatabase(dbName);
  process.env.DATA_DIR = mkdtempSync(path.join(os.tmpdir(), "pookai-bench-"));
  process.env.LOG_LEVEL = "error";
  Object.assign(process.env, env);
  const { createUserAccount } = await import("@/lib/auth/register-user");
  const { connectEmailIntegration } = await import("@/lib/integrations/connect-email-integration");
  const { startMailboxJob } = await import("@/lib/scan/start-mailbox-job");
  const { getScanJob } = await import("@/lib/scan/get-scan-job");
  const { functions } = await import("@/inngest/functions");
  const { createWorkflowRunner } = await import("@/lib/workflows/embedded-runner");
  const { closeDb } = await import("@/lib/db");
  let n = 0;
  return {
    async newUser() {
      n += 1;
      return createUserAccount({ email: `bench${n}.${Date.now()}@pookai.dev`, name: "Bench", password: "benchmark-password" });
    },
    connect: connectEmailIntegration,
    /** Run one full scan to completion; returns the job. */
    async scan(userId: string, integrationId: string) {
      const { job_id } = await startMailboxJob(userId, "scan", { integration_id: integrationId });
      await createWorkflowRunner({ functions, backoff: () => 100 }).drain();
      return getScanJob(userId, job_id);
    },
    close: closeDb,
  };
}
