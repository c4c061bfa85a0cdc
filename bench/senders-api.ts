// Issue 2 benchmark: GET /api/senders on 50,000 senders (real PostgreSQL, built app, 50 in flight)
// against the very same queries as bare SQL, and a 5,000-sender bulk update.
import postgres from "postgres";
import { buildApp, freshDatabase, startApp } from "./lib/app-server";
import { ms, runConcurrent, summarize, verdict } from "./lib/stats";

const SENDERS = 50_000;
const CONCURRENCY = 50;
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 4000);
const PAGES = 20;

export async function benchSendersApi() {
  console.log(`\n## Senders API: ${SENDERS.toLocaleString()} senders, page of 50, ${CONCURRENCY} in flight, ${REQUESTS} requests per case`);
  const dbUrl = await freshDatabase("pookai_bench_api");
  await buildApp();
  const app = await startApp(3198, { DATABASE_URL: dbUrl, RATE_LIMIT_API_PER_MINUTE: "1000000000", RATE_LIMIT_AUTH_PER_MINUTE: "1000" });
  const sql = postgres(dbUrl, { max: 10, onnotice: () => {} });
  const results = [];
  try {
    const reg = await fetch(`${app.url}/api/auth/register`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: "bench@pookai.dev", password: "benchmark-password", name: "Bench" }),
    }).then((r) => r.json());
    const token = reg.data.access_token as string;
    const userId = reg.data.user.id as string;
    const categories = ["unassigned", "call-me", "remind-me", "keep-quiet", "why-did-i-signup", "dont-tell-anyone"];
    const types = ["newsletter", "tool", "meeting", "promotional", "personal"];
    await sql`
      insert into email_senders (user_id, email, domain, name, category, sender_type, email_count, latest_subject, latest_preview, latest_date)
      select ${userId}, 'sender' || i || '@domain' || (i % 5000) || '.example', 'domain' || (i % 5000) || '.example', 'Sender ' || i,
             (${categories}::text[])[1 + (i * 7) % 6]::sender_category, (${types}::text[])[1 + (i * 3) % 5]::sender_type,
             1 + (i * 7919) % 500, 'Subject line number ' || i, 'A preview of the latest message from sender ' || i,
             now() - ((i::bigint * 104729) % 7776000) * interval '1 second'
        from generate_series(1, ${SENDERS}) as i`;
    await sql`vacuum analyze email_senders`;
    const auth = { authorization: `Bearer ${token}` };

    for (const [label, category] of [
      ["no filter", null],
      ["category=remind-me", "remind-me"],
    ] as const) {
      const qs = (i: number) => `limit=50&page=${1 + (i % PAGES)}${category ? `&category=${category}` : ""}`;
      await runConcurrent(300, CONCURRENCY, async (i) => {
        await (await fetch(`${app.url}/api/senders?${qs(i)}`, { headers: auth })).arrayBuffer();
      });
      const api = await runConcurrent(REQUESTS, CONCURRENCY, async (i) => {
        const res = await fetch(`${app.url}/api/senders?${qs(i)}`, { headers: auth });
        if (res.status !== 200) throw new Error(`GET /api/senders answered ${res.status}`);
        await res.arrayBuffer();
      });
      // Bare SQL: the two statements the service runs (the page, and its total from the category
      // counters), on a pool the size of the app's.
      const bare = await runConcurrent(REQUESTS, CONCURRENCY, async (i) => {
        const offset = (i % PAGES) * 50;
        const filter = category ? sql`and category = ${category}` : sql``;
        await Promise.all([
          sql`select * from email_senders where user_id = ${userId} ${filter} order by email_count desc nulls last, id asc limit 50 offset ${offset}`,
          sql`select category, count from sender_category_counts where user_id = ${userId}`,
        ]);
      });
      const a = summarize(api);
      const b = summarize(bare);
      console.log(`     ${label}: API p50 ${ms(a.p50)} p95 ${ms(a.p95)} | bare SQL p50 ${ms(b.p50)} p95 ${ms(b.p95)}`);
      results.push(verdict(`GET /api/senders (${label}) p95 vs bare SQL`, `${(a.p95 / b.p95).toFixed(2)}x`, "<= 1.5x", a.p95 <= 1.5 * b.p95));
      results.push(verdict(`GET /api/senders (${label}) p95`, ms(a.p95), "< 20 ms", a.p95 < 20));
    }

    // The framework's floor on this machine: a route that touches nothing, at the same concurrency.
    const floor = summarize(
      await runConcurrent(REQUESTS, CONCURRENCY, async () => {
        await (await fetch(`${app.url}/api/health`)).arrayBuffer();
      }),
    );
    console.log(`     floor: GET /api/health (no database, no auth) p50 ${ms(floor.p50)} p95 ${ms(floor.p95)} at ${CONCURRENCY} in flight`);

    const ids = await sql<{ id: string }[]>`select id from email_senders where user_id = ${userId} order by id limit 5000`;
    // A change this wide refreshes the other senders' suggestions in a workflow after answering:
    // wait for it (and time it) before the next round, so rounds measure the request, not a queue.
    const refreshSettled = async () => {
      const start = performance.now();
      for (;;) {
        const [{ n }] = await sql<[{ n: number }]>`
          select ((select count(*) from workflow_events where name = 'senders/suggestions.refresh-requested' and dispatched_at is null)
               + (select count(*) from workflow_runs where function_id = 'refresh-sender-suggestions' and status in ('queued', 'running')))::int as n`;
        if (!n) return performance.now() - start;
        await new Promise((r) => setTimeout(r, 20));
      }
    };
    const times: number[] = [];
    const refreshes: number[] = [];
    for (let round = -1; round < 5; round++) {
      const category = round % 2 ? "keep-quiet" : "remind-me";
      // What autovacuum does between rounds on a normal server (this machine's PostgreSQL runs with
      // autovacuum off): reclaim the previous round's dead tuples and refresh statistics. Untimed.
      await sql`vacuum analyze email_senders`;
      const start = performance.now();
      const res = await fetch(`${app.url}/api/senders/bulk-update`, {
        method: "POST",
        headers: { ...auth, "content-type": "application/json" },
        body: JSON.stringify({ updates: ids.map((r) => ({ sender_id: r.id, category })) }),
      });
      const body = await res.json();
      const elapsed = performance.now() - start;
      if (body.data?.updated_count !== 5000) throw new Error(`bulk update answered ${res.status} ${JSON.stringify(body).slice(0, 200)}`);
      const refresh = await refreshSettled();
      // Round -1 warms the server's code paths up, as the GET cases' first 300 requests do.
      if (round >= 0) {
        times.push(elapsed);
        refreshes.push(elapsed + refresh);
      }
    }
    const bulk = summarize(times);
    results.push(verdict("POST /api/senders/bulk-update, 5,000 senders (median of 5)", ms(bulk.p50), "< 250 ms", bulk.p50 < 250, `max ${ms(bulk.max)}`));
    console.log(
      `     then the suggestion refresh for the 5,000 domains touched (a workflow, after the response) settles ${ms(summarize(refreshes).p50)} after the request began (median)`,
    );
  } finally {
    await sql.end();
    await app.stop();
  }
  return results;
}
