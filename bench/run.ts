// npm run bench [-- senders imap gmail ui calls] - benchmarks with their targets; figures go in README.
import { spawn } from "node:child_process";
import { benchCalls } from "./calls";
import { benchGmailQuota } from "./gmail-quota";
import { benchImapScan } from "./imap-scan";
import { benchSendersApi } from "./senders-api";

/** The triage UI benchmark is its own script (Playwright + a built app): run it as a child. */
function benchTriageUi(): Promise<unknown[]> {
  return new Promise((resolve, reject) => {
    const child = spawn("node_modules/.bin/tsx", ["bench/triage-ui.ts"], { stdio: "inherit" });
    child.on("exit", (code) => (code === 0 ? resolve([]) : reject(new Error(`bench/triage-ui.ts exited ${code}`))));
  });
}

const BENCHES: Record<string, () => Promise<unknown[]>> = {
  senders: benchSendersApi,
  imap: benchImapScan,
  gmail: benchGmailQuota,
  ui: benchTriageUi,
  calls: benchCalls,
};

const wanted = process.argv.slice(2).filter((a) => a in BENCHES);
const selected = wanted.length ? wanted : Object.keys(BENCHES);
console.log(`PookAi benchmarks (${selected.join(", ")}) on ${process.platform} ${process.arch}, node ${process.version}`);
for (const name of selected) {
  try {
    await BENCHES[name]!();
  } catch (error) {
    console.error(`bench ${name} failed:`, error);
    process.exitCode = 1;
  }
}
process.exit(process.exitCode ?? 0);
