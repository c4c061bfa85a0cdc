import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { inngest } from "@/lib/events/client";
import { getDb, queryRows } from "@/lib/db";
import { CRASH_LOG_TABLE } from "./fixtures/crash-test-function";
import { listRuns, listSteps } from "./fixtures/workflow-test-kit";

const LEASE_MS = 3000;
const SCRIPT = path.join(import.meta.dirname, "fixtures", "crash-runner-process.ts");
const children: ChildProcess[] = [];

/** Start an app process running the embedded runner on this test file's PostgreSQL database. */
function startRunnerProcess(env: Record<string, string>) {
  const child = spawn(process.execPath, ["--import", "tsx", SCRIPT], {
    cwd: process.cwd(),
    env: { ...process.env, WORKFLOW_LEASE_MS: String(LEASE_MS), ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (d) => (output += d));
  child.stderr.on("data", (d) => (output += d));
  const exited = new Promise<number | string | null>((resolve) => child.once("exit", (code, signal) => resolve(signal ?? code)));
  children.push(child);
  return { child, exited, output: () => output };
}

async function crashLog() {
  const db = await getDb();
  const rows = await queryRows<{ entry: string; pid: number }>(db, sql`select entry, pid from workflow_crash_log order by entry`);
  const counts: Record<string, number> = {};
  for (const r of rows) counts[r.entry] = (counts[r.entry] ?? 0) + 1;
  return { counts, pidOf: (entry: string) => rows.filter((r) => r.entry === entry).map((r) => r.pid) };
}

afterAll(() => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
});

// PGlite is an in-memory database inside one process: a second process cannot open it. The
// single-process equivalent (a runner killed mid-step, a new runner resuming) is in runner-steps.test.ts.
describe.skipIf(!process.env.TEST_DATABASE_URL)("embedded runner: a real process killed with SIGKILL (PostgreSQL only)", () => {
  it("resumes in another process after the lease expires, running each finished step exactly once", { timeout: 120_000 }, async () => {
    const db = await getDb();
    await db.execute(CRASH_LOG_TABLE);
    await inngest.send({ name: "test/crash", data: {} });

    const doomed = startRunnerProcess({ CRASH_HOLD_STEP_THREE: "1" });
    await expect.poll(async () => (await crashLog()).counts["three-entered"] ?? 0, { timeout: 60_000, interval: 200 }).toBe(1);
    doomed.child.kill("SIGKILL");
    expect(await doomed.exited).toBe("SIGKILL");

    const [orphan] = await listRuns("crash-test");
    expect(orphan!.status).toBe("running");
    expect(await listSteps(orphan!.id)).toEqual({ one: "data", two: "data" });

    const successor = startRunnerProcess({ CRASH_HOLD_STEP_THREE: "0" });
    await expect.poll(async () => (await listRuns("crash-test"))[0]!.status, { timeout: 60_000, interval: 200 }).toBe("completed");
    successor.child.kill("SIGTERM");
    expect(await successor.exited).toBe(0);

    const log = await crashLog();
    expect(log.counts).toEqual({ one: 1, two: 1, "three-entered": 2, three: 1 });
    expect(log.pidOf("three")).toEqual([successor.child.pid]);
    expect(log.pidOf("one")).toEqual([doomed.child.pid]);
    const [done] = await listRuns("crash-test");
    expect(done).toMatchObject({ status: "completed", result: { one: 1, two: 2, three: 3 }, locked_by: null });
    expect(done!.locked_until).toBeNull();
  });
});
