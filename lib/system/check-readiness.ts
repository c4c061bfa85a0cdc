import { readFileSync } from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import { getDb, getDbKind, queryRows } from "@/lib/db";
import { isInngestConfigured, missingDeploymentConfig } from "@/lib/env";
import { logger } from "@/lib/logger";

type Check = { status: "ok" | "error"; message?: string };

function expectedMigrations(): number {
  const journal = JSON.parse(readFileSync(path.join(process.cwd(), "drizzle", "meta", "_journal.json"), "utf8")) as { entries: unknown[] };
  return journal.entries.length;
}

/**
 * Whether this instance can serve: configuration complete for where it runs (on Vercel,
 * DATABASE_URL and the Inngest keys are required), database reachable, every migration applied.
 */
export async function checkReadiness() {
  const checks: Record<string, Check> = {};
  const missing = missingDeploymentConfig();
  checks.config = missing.length ? { status: "error", message: `Missing required environment variables: ${missing.join(", ")}` } : { status: "ok" };
  try {
    const db = await getDb();
    await db.execute(sql`select 1`);
    checks.database = { status: "ok", message: await getDbKind() };
    const [row] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from drizzle.__drizzle_migrations`);
    const expected = expectedMigrations();
    checks.migrations = Number(row!.n) >= expected ? { status: "ok" } : { status: "error", message: `${row!.n} of ${expected} migrations applied` };
  } catch (error) {
    logger.error("readiness: database check failed", { error });
    checks.database = { status: "error", message: "Database unreachable" };
  }
  checks.workflows = { status: "ok", message: isInngestConfigured() ? "inngest" : "embedded" };
  const ready = Object.values(checks).every((c) => c.status === "ok");
  return { ready, checks };
}
