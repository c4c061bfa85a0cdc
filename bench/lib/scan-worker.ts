// A process that only scans: connects the given IMAP mailbox, runs one full scan through the app's
// workflow and prints {seconds, processed, peak_rss}. The RSS benchmark measures exactly this.
import { inProcessApp } from "./in-process-app";

const credentials = JSON.parse(process.env.SCAN_WORKER_IMAP!);
const app = await inProcessApp(process.env.SCAN_WORKER_DB!, { ALLOW_PRIVATE_NETWORK: "1" });
let peak = process.memoryUsage().rss;
const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
const user = await app.newUser();
const { integration_id } = await app.connect(user!.id, { provider: "imap", ...credentials });
const start = performance.now();
const job = await app.scan(user!.id, integration_id);
clearInterval(sampler);
peak = Math.max(peak, process.memoryUsage().rss);
await app.close();
process.stdout.write(
  `\n${JSON.stringify({ seconds: (performance.now() - start) / 1000, processed: job.processed, status: job.status, error: job.error, peak_rss: peak })}\n`,
);
process.exit(0);
