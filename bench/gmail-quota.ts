// Issue 3 benchmark: a 10,000-message Gmail mailbox behind the loopback fake enforcing 15,000 quota
// units per minute, scanned through the real SDK and the whole pipeline: achieved rate vs the ceiling.
import { startGmailFake } from "../tests/fakes/gmail-server";
import { inProcessApp } from "./lib/in-process-app";
import { verdict } from "./lib/stats";

const UNITS_PER_MINUTE = 15_000;
// messages.get costs 5 per message, messages.list 5 per page of 100.
const UNITS_PER_MESSAGE = 5 + 5 / 100;

export async function benchGmailQuota() {
  const COUNT = Number(process.env.BENCH_GMAIL_MESSAGES ?? 10_000);
  const ceiling = UNITS_PER_MINUTE / UNITS_PER_MESSAGE;
  console.log(
    `\n## Gmail scan under the quota: ${COUNT.toLocaleString()} messages, ceiling ${ceiling.toFixed(0)} msg/min (takes about ${(COUNT / ceiling).toFixed(1)} min)`,
  );
  const gmail = await startGmailFake({ unitsPerMinute: UNITS_PER_MINUTE, latencyMs: 5 });
  const results = [];
  try {
    const app = await inProcessApp("pookai_bench_gmail", { ...gmail.env, GMAIL_CLIENT_ID: gmail.clientId, GMAIL_CLIENT_SECRET: gmail.clientSecret });
    const { refreshToken } = gmail.addUser("bench@gmail.example");
    const now = Date.now();
    gmail.addMessages(
      "bench@gmail.example",
      Array.from({ length: COUNT }, (_, i) => ({
        from: `Sender ${i % 400} <s${i % 400}@d${i % 150}.example>`,
        subject: `Message ${i}`,
        snippet: `Snippet ${i}`,
        date: now - i * 60_000,
      })),
    );
    const user = await app.newUser();
    const { integration_id } = await app.connect(user!.id, { provider: "gmail", auth_token: refreshToken, token_type: "refresh_token" });
    const start = performance.now();
    const job = await app.scan(user!.id, integration_id);
    const minutes = (performance.now() - start) / 60_000;
    if (job.status !== "completed" || job.processed !== COUNT) throw new Error(`scan ended ${job.status} with ${job.processed}: ${job.error}`);
    const rate = COUNT / minutes;
    console.log(
      `     ${COUNT} messages in ${(minutes * 60).toFixed(1)} s = ${rate.toFixed(0)} msg/min; 429s answered by the fake: ${gmail.stats.rateLimited}; max units in any minute: ${gmail.stats.maxUnitsInWindow}`,
    );
    results.push(
      verdict("Gmail scan rate vs quota ceiling", `${(rate / ceiling).toFixed(2)}x`, ">= 0.9x", rate / ceiling >= 0.9, `${gmail.stats.rateLimited} x 429`),
    );
    await app.close();
  } finally {
    await gmail.stop();
  }
  return results;
}
