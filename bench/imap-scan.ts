// Issue 3 benchmark: scanning a real Dovecot mailbox through the whole pipeline (provider, workflow
// steps, database) vs a bare imapflow fetch of the same headers; and a 100,000-message scan's peak RSS.
import { spawn } from "node:child_process";
import { build } from "esbuild";
import { ImapFlow } from "imapflow";
import { buildTestMessage, startDovecot } from "../tests/fakes/dovecot";
import { IMAP_FETCH_QUERY } from "../lib/providers/mail/imap";
import { inProcessApp } from "./lib/in-process-app";
import { verdict } from "./lib/stats";

function messages(count: number, offset = 0) {
  const now = Date.now();
  return Array.from({ length: count }, (_, k) => {
    const i = k + offset;
    const list = i % 4 === 0;
    return buildTestMessage({
      from: `Sender ${i % 900} <sender${i % 900}@domain${i % 300}.example>`,
      subject: `Message ${i} about the quarterly plan`,
      date: new Date(now - i * 60_000),
      headers: list ? { "List-Unsubscribe": `<https://domain${i % 300}.example/u/${i}>`, "List-Id": `<list${i % 300}.example>` } : {},
      body: "Hello,\r\n\r\nA short body that the scan never reads.\r\n",
    });
  });
}

async function bareFetch(credentials: { host: string; port: number; username: string; password: string }) {
  const client = new ImapFlow({
    host: credentials.host,
    port: credentials.port,
    secure: false,
    auth: { user: credentials.username, pass: credentials.password },
    logger: false,
  });
  await client.connect();
  await client.mailboxOpen("INBOX", { readOnly: true });
  const start = performance.now();
  let n = 0;
  for await (const msg of client.fetch("1:*", { ...IMAP_FETCH_QUERY, headers: [...IMAP_FETCH_QUERY.headers] }, { uid: true })) {
    if (msg.uid) n += 1;
  }
  const seconds = (performance.now() - start) / 1000;
  await client.logout();
  return { n, seconds };
}

/**
 * The large scan runs in a process of its own, so its RSS is the scan's and nothing else's. The
 * worker is bundled to plain JavaScript first, as `next build` bundles the app: run through tsx, the
 * process would also hold tsx's TypeScript loader (its own thread and heap, ~30 MB), which no
 * deployment runs.
 */
async function runScanWorker(credentials: object): Promise<{ seconds: number; processed: number; status: string; error: string | null; peak_rss: number }> {
  const outfile = ".bench/scan-worker.mjs";
  await build({ entryPoints: ["bench/lib/scan-worker.ts"], bundle: true, platform: "node", format: "esm", packages: "external", outfile, logLevel: "warning" });
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [outfile], {
      env: { ...process.env, SCAN_WORKER_IMAP: JSON.stringify(credentials), SCAN_WORKER_DB: "pookai_bench_imap_large" },
      stdio: ["ignore", "pipe", "inherit"],
    });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.on("exit", (code) => {
      const line = out.trim().split("\n").pop() ?? "";
      if (code === 0 && line.startsWith("{")) resolve(JSON.parse(line));
      else reject(new Error(`scan worker exited ${code}: ${out.slice(-500)}`));
    });
  });
}

export async function benchImapScan() {
  const SMALL = 20_000;
  const LARGE = Number(process.env.BENCH_IMAP_LARGE ?? 100_000);
  console.log(`\n## IMAP scan on a real Dovecot: ${SMALL.toLocaleString()} messages (rate) and ${LARGE.toLocaleString()} (peak RSS)`);
  const dovecot = await startDovecot({
    users: [
      { username: "small@bench.test", password: "bench-pass-1" },
      { username: "large@bench.test", password: "bench-pass-2" },
    ],
  });
  const results = [];
  try {
    console.log(
      `     seeding ${SMALL.toLocaleString()} messages: ${(await dovecot.append(messages(SMALL), { username: "small@bench.test", connections: 4 })) | 0} ms`,
    );
    const app = await inProcessApp("pookai_bench_imap", { ALLOW_PRIVATE_NETWORK: "1" });
    const small = dovecot.credentials("small@bench.test");
    const bare = await bareFetch(small);

    const user = await app.newUser();
    const { integration_id } = await app.connect(user!.id, { provider: "imap", ...small });
    const start = performance.now();
    const job = await app.scan(user!.id, integration_id);
    const seconds = (performance.now() - start) / 1000;
    if (job.status !== "completed" || job.processed !== SMALL) throw new Error(`scan ended ${job.status} with ${job.processed} messages: ${job.error}`);
    const projectRate = SMALL / seconds;
    const bareRate = bare.n / bare.seconds;
    console.log(`     bare imapflow header fetch: ${bare.n} messages in ${bare.seconds.toFixed(2)} s = ${bareRate.toFixed(0)} msg/s`);
    console.log(`     PookAi scan (provider + workflow steps + PostgreSQL): ${SMALL} messages in ${seconds.toFixed(2)} s = ${projectRate.toFixed(0)} msg/s`);
    results.push(
      verdict(
        `IMAP scan rate vs bare imapflow (${SMALL.toLocaleString()} msgs)`,
        `${(projectRate / bareRate).toFixed(2)}x`,
        ">= 0.8x",
        projectRate / bareRate >= 0.8,
      ),
    );

    console.log(
      `     seeding ${LARGE.toLocaleString()} messages: ${(await dovecot.append(messages(LARGE), { username: "large@bench.test", connections: 4 })) | 0} ms`,
    );
    const worker = await runScanWorker(dovecot.credentials("large@bench.test"));
    if (worker.status !== "completed" || worker.processed !== LARGE)
      throw new Error(`large scan ended ${worker.status} with ${worker.processed}: ${worker.error}`);
    const mb = worker.peak_rss / 2 ** 20;
    console.log(
      `     ${LARGE.toLocaleString()}-message scan in its own process: ${worker.seconds.toFixed(1)} s (${(LARGE / worker.seconds).toFixed(0)} msg/s), peak RSS ${mb.toFixed(0)} MB`,
    );
    results.push(verdict(`IMAP ${LARGE.toLocaleString()}-message scan peak RSS`, `${mb.toFixed(0)} MB`, "< 300 MB", mb < 300));
    await app.close();
  } finally {
    await dovecot.stop();
  }
  return results;
}
