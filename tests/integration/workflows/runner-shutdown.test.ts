import { spawn } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";

const SCRIPT = path.join(import.meta.dirname, "fixtures", "exit-deferral-process.ts");

/** Start the fixture, send SIGTERM once it is ready; resolves with its output and exit code. */
function terminate(env: { STOP_MS: number; MAX_MS: number }) {
  const child = spawn(process.execPath, ["--import", "tsx", SCRIPT], {
    env: { ...process.env, STOP_MS: String(env.STOP_MS), MAX_MS: String(env.MAX_MS) },
    stdio: ["ignore", "pipe", "inherit"],
  });
  let output = "";
  let signalled = false;
  child.stdout.on("data", (d) => {
    output += d;
    if (!signalled && output.includes("ready")) {
      signalled = true;
      child.kill("SIGTERM");
    }
  });
  return new Promise<{ output: string; code: number | null }>((resolve) => child.once("exit", (code) => resolve({ output, code })));
}

describe("embedded runner shutdown under a framework that exits on its own signal handler", () => {
  it("holds the framework's exit until the runner has stopped, then exits with its code", async () => {
    const { output, code } = await terminate({ STOP_MS: 600, MAX_MS: 10_000 });
    expect(output).toBe("ready\nstopped\n");
    expect(code).toBe(143);
  });

  it("exits after its bound when the stop takes longer (a step still running keeps its lease)", async () => {
    const { output, code } = await terminate({ STOP_MS: 5_000, MAX_MS: 300 });
    expect(output).toBe("ready\n");
    expect(code).toBe(143);
  });
});
