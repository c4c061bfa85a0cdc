import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { afterAll, inject } from "vitest";
import { withDatabase } from "./global-setup";

// Every test file: its own database (fresh in-memory PGlite, or a PostgreSQL copy of the migrated
// template) and its own data dir for generated secrets.
process.env.DATA_DIR = mkdtempSync(path.join(os.tmpdir(), "pookai-test-"));
process.env.LOG_LEVEL ??= "error";
delete process.env.VERCEL;
delete process.env.INNGEST_DEV;
delete process.env.INNGEST_BASE_URL;
delete process.env.INNGEST_EVENT_KEY;

const testDbUrl = process.env.TEST_DATABASE_URL;
let dbName: string | undefined;
if (testDbUrl) {
  dbName = `pookai_t_${process.ppid}_${randomBytes(5).toString("hex")}`;
  const admin = postgres(testDbUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${dbName} template ${inject("pgTemplate")}`);
  await admin.end();
  process.env.DATABASE_URL = withDatabase(testDbUrl, dbName);
  delete process.env.PGLITE_DIR;
} else {
  delete process.env.DATABASE_URL;
  process.env.PGLITE_DIR = `memory://${randomBytes(6).toString("hex")}`;
}

afterAll(async () => {
  const { closeDb } = await import("@/lib/db");
  await closeDb();
  if (testDbUrl && dbName) {
    const admin = postgres(testDbUrl, { max: 1, onnotice: () => {} });
    await admin.unsafe(`drop database if exists ${dbName} with (force)`);
    await admin.end();
  }
});
