// Issue 10 benchmark: a call-me sender's message found by a mailbox sync -> calls.create received by the
// carrier, on the built app (next start, embedded runner, real PostgreSQL) with Gmail and Twilio as
// loopback fakes; and signed status callbacks handled per second at 50 in flight.
import postgres from "postgres";
import twilio from "twilio";
import { startGmailFake } from "../tests/fakes/gmail-server";
import { startTwilioFake } from "../tests/fakes/twilio-server";
import { buildApp, freshDatabase, startApp } from "./lib/app-server";
import { ms, runConcurrent, summarize, verdict } from "./lib/stats";

const RUNS = Number(process.env.BENCH_CALL_RUNS ?? 100);
const CALLBACKS = Number(process.env.BENCH_CALLBACKS ?? 3000);
const IN_FLIGHT = 50;
const PORT = 3199;
const PHONE = "+15550709001";

export async function benchCalls() {
  console.log(`\n## Urgent call latency: mail found by a sync -> calls.create at the carrier, ${RUNS} runs; status callbacks at ${IN_FLIGHT} in flight`);
  const gmail = await startGmailFake({ latencyMs: 2 });
  const carrier = await startTwilioFake();
  const dbUrl = await freshDatabase("pookai_bench_calls");
  await buildApp();
  const appUrl = `http://127.0.0.1:${PORT}`;
  const app = await startApp(PORT, {
    DATABASE_URL: dbUrl,
    APP_URL: appUrl,
    ...gmail.env,
    GMAIL_CLIENT_ID: gmail.clientId,
    GMAIL_CLIENT_SECRET: gmail.clientSecret,
    ...carrier.env,
    RATE_LIMIT_API_PER_MINUTE: "1000000000",
    RATE_LIMIT_AUTH_PER_MINUTE: "1000",
  });
  const sql = postgres(dbUrl, { max: 4, onnotice: () => {} });
  const results = [];
  try {
    const reg = await fetch(`${app.url}/api/auth/register`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: "bench@pookai.dev", password: "benchmark-password", name: "Bench User", timezone: "UTC" }),
    }).then((r) => r.json());
    const token = reg.data.access_token as string;
    const userId = reg.data.user.id as string;
    const call = (method: string, path: string, body?: unknown) =>
      fetch(`${app.url}${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body ? { "content-type": "application/json" } : {}) },
        body: body ? JSON.stringify(body) : undefined,
      }).then((r) => r.json());
    await sql`update users set phone_number = ${PHONE}, phone_confirmed_at = now() where id = ${userId}`;
    await call("PUT", "/api/preferences", { quiet_hours_start: "00:00", quiet_hours_end: "00:00" });
    // The callee answers and says goodbye at once: each run's call is over before the next mail.
    carrier.setScenario(PHONE, { answer: "human", inputs: [{ digits: "0" }] });

    const inbox = "bench@gmail.example";
    gmail.addUser(inbox);
    gmail.addMessages(inbox, [{ from: "Ops Pager <pager@ops.example>", subject: "Welcome", date: Date.now() - 86_400_000 }]);
    const code = gmail.issueAuthCode(inbox, `${appUrl}/api/integrations/email/google/callback`);
    await call("POST", "/api/integrations/email/connect", { provider: "gmail", auth_token: code });
    const waitJob = async (jobId: string) => {
      for (;;) {
        const [job] = await sql<{ status: string }[]>`select status from scan_jobs where id = ${jobId}`;
        if (job && job.status !== "processing") return job.status;
        await new Promise((r) => setTimeout(r, 20));
      }
    };
    await waitJob((await call("POST", "/api/senders/scan")).data.job_id);
    const [sender] = await sql<{ id: string }[]>`select id from email_senders where user_id = ${userId} and email = 'pager@ops.example'`;
    await call("PUT", `/api/senders/${sender!.id}/category`, { category: "call-me" });

    const latencies: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const before = carrier.calls().length;
      gmail.addMessages(inbox, [{ from: "Ops Pager <pager@ops.example>", subject: `Alert ${i}: error rate above 5%`, date: Date.now() }]);
      const start = performance.now();
      await call("POST", "/api/integrations/email/sync");
      while (carrier.calls().length === before) await new Promise((r) => setImmediate(r));
      latencies.push(performance.now() - start);
      const placed = carrier.calls().at(-1);
      if (placed) await carrier.waitForCall(placed.sid);
      // The call's ending is recorded before the next mail (a call still speaking would make it wait).
      for (;;) {
        const [open] = await sql<{ n: number }[]>`select count(*)::int as n from call_attempts where user_id = ${userId} and ended_at is null`;
        if (!open || open.n === 0) break;
        await new Promise((r) => setTimeout(r, 10));
      }
    }
    const s = summarize(latencies);
    console.log(
      `     mail synced -> calls.create: p50 ${ms(s.p50)}, p95 ${ms(s.p95)}, max ${ms(s.max)} over ${s.n} runs (${carrier.calls().length} calls placed)`,
    );
    results.push(
      verdict(
        "mail found by a sync -> calls.create, p95",
        ms(s.p95),
        "< 2000 ms",
        s.p95 < 2000,
        `p50 ${ms(s.p50)}; ${(s.p95 / 2000).toFixed(2)}x of the target`,
      ),
    );

    // Status callbacks: the carrier's duplicates of real callbacks, signed, at 50 in flight.
    const attempts = await sql<
      { call_id: string; provider_call_id: string }[]
    >`select call_id, provider_call_id from call_attempts where user_id = ${userId} and provider_call_id is not null`;
    const statuses = ["ringing", "in-progress", "completed"];
    const started = performance.now();
    const latency = await runConcurrent(CALLBACKS, IN_FLIGHT, async (i) => {
      const attempt = attempts[i % attempts.length]!;
      const url = `${appUrl}/api/calls/${attempt.call_id}/status?attempt=1`;
      const params = { CallSid: attempt.provider_call_id, AccountSid: carrier.accountSid, CallStatus: statuses[i % 3]!, CallDuration: "12" };
      const res = await fetch(url, {
        method: "POST",
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          "x-twilio-signature": twilio.getExpectedTwilioSignature(carrier.authToken, url, params),
        },
        body: new URLSearchParams(params).toString(),
      });
      if (res.status !== 200) throw new Error(`status callback answered ${res.status}`);
      await res.arrayBuffer();
    });
    const perSecond = CALLBACKS / ((performance.now() - started) / 1000);
    const cs = summarize(latency);
    console.log(`     ${CALLBACKS} status callbacks: ${perSecond.toFixed(0)}/s, p50 ${ms(cs.p50)}, p95 ${ms(cs.p95)}`);
    results.push(verdict("status callbacks handled per second, 50 in flight", `${perSecond.toFixed(0)}/s`, "(measured)", true, `p95 ${ms(cs.p95)}`));
  } finally {
    await sql.end();
    await app.stop();
    await carrier.stop();
    await gmail.stop();
  }
  return results;
}
