/*
 * Triage UI benchmark (not a test): 5,000 senders for one user, the built app, Debian's Chromium.
 *   npx tsx bench/triage-ui.ts   (BENCH_SKIP_BUILD=1 reuses the last build; BENCH_DIST_DIR picks it, default .next-ui)
 * Prints, with its target and ratio (figure / target, < 1 is good):
 *   - time to interactive of /senders: navigation start -> the list answers keys (hydrated)
 *   - key press -> the row's new category in the DOM (and in the next frame)
 *   - the category server action's round trip as the browser sees it
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { chromium, type Page } from "@playwright/test";

const SENDERS = 5_000;
const PORT = Number(process.env.BENCH_PORT ?? 3101);
const DIST_DIR = process.env.BENCH_DIST_DIR ?? ".next-ui";
const ROOT = path.resolve(import.meta.dirname, "..");
const ORIGIN = `http://127.0.0.1:${PORT}`;
const TTI_RUNS = 7;
const KEY_PRESSES = 30;
const TARGETS = { tti: 1500, key: 100, action: 300 };

const dir = mkdtempSync(path.join(tmpdir(), "pookai-bench-"));
process.env.PGLITE_DIR = path.join(dir, "pglite");
process.env.DATA_DIR = path.join(dir, "data");
delete process.env.DATABASE_URL;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.95))];

/** One user with 5,000 senders, written straight into the server's (not yet opened) PGlite dir. */
async function seed() {
  const { createUserAccount } = await import("@/lib/auth/register-user");
  const { closeDb, getDb } = await import("@/lib/db");
  const { emailSenders } = await import("@/lib/db/schema");
  const { SENDER_TYPES } = await import("@/lib/schemas/enums");
  const email = `bench-${Date.now()}@example.com`;
  const password = "bench password 123";
  const user = await createUserAccount({ email, password, name: "Bench User", timezone: "Europe/London" });
  const db = await getDb();
  const topics = [
    "Your weekly summary",
    "Invoice #",
    "New sign-in to your account",
    "Re: lunch next week",
    "Release notes",
    "Flash sale ends tonight",
    "Standup notes",
    "Your receipt",
  ];
  const now = Date.now();
  for (let start = 0; start < SENDERS; start += 1000) {
    await db.insert(emailSenders).values(
      Array.from({ length: Math.min(1000, SENDERS - start) }, (_, k) => {
        const i = start + k;
        const domain = `company${i % 900}.example`;
        return {
          user_id: user!.id,
          email: `sender${i}@${domain}`,
          domain,
          name: `Sender ${i}`,
          // Mostly undecided, as after a first scan; a few already filed.
          category: i % 10 === 0 ? ("keep-quiet" as const) : ("unassigned" as const),
          suggested_category: "remind-me" as const,
          sender_type: SENDER_TYPES[i % SENDER_TYPES.length],
          email_count: 1 + ((i * 7919) % 400),
          latest_subject: `${topics[i % topics.length]} ${i}`,
          latest_preview: `A short preview of message ${i} so the row has realistic text in it.`,
          latest_date: new Date(now - i * 3_600_000),
        };
      }),
    );
  }
  await closeDb();
  return { email, password };
}

function build() {
  if (process.env.BENCH_SKIP_BUILD === "1") return;
  console.log(`building into ${DIST_DIR} …`);
  const r = spawnSync(path.join(ROOT, "node_modules/.bin/next"), ["build"], {
    cwd: ROOT,
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, NEXT_DIST_DIR: DIST_DIR, NEXT_TELEMETRY_DISABLED: "1", NODE_ENV: "production" },
  });
  if (r.status !== 0) throw new Error("next build failed");
}

async function startServer(): Promise<ChildProcess> {
  // Its own process group, so that stopping it also stops next-server (see STACK-NOTES, Build).
  const server = spawn(path.join(ROOT, "node_modules/.bin/next"), ["start", "-p", String(PORT), "-H", "127.0.0.1"], {
    cwd: ROOT,
    detached: true,
    stdio: ["ignore", "ignore", "inherit"],
    env: {
      ...process.env,
      NEXT_DIST_DIR: DIST_DIR,
      NEXT_TELEMETRY_DISABLED: "1",
      NODE_ENV: "production",
      APP_URL: ORIGIN,
      NEXTAUTH_URL: ORIGIN,
      NEXTAUTH_SECRET: randomBytes(32).toString("base64"),
      LOG_LEVEL: "warn",
    },
  });
  for (let i = 0; i < 240; i++) {
    const ok = await fetch(`${ORIGIN}/api/ready`)
      .then((r) => r.ok)
      .catch(() => false);
    if (ok) return server;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error("the server did not become ready");
}

async function signIn(page: Page, email: string, password: string) {
  await page.goto(`${ORIGIN}/login`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(`${ORIGIN}/`);
}

async function timeToInteractive(page: Page): Promise<number[]> {
  const runs: number[] = [];
  // One warm-up load: the first request of a fresh server compiles nothing but does warm caches.
  for (let i = 0; i <= TTI_RUNS; i++) {
    await page.goto(`${ORIGIN}/senders`, { waitUntil: "commit" });
    await page.waitForSelector('[data-testid="sender-list"][data-ready="true"]');
    const at = await page.evaluate(() => (window as unknown as { __triageReadyAt: number }).__triageReadyAt);
    if (i > 0) runs.push(at);
  }
  return runs;
}

async function keyToCategory(page: Page): Promise<{ dom: number[]; frame: number[]; action: number[] }> {
  await page.goto(`${ORIGIN}/senders`);
  await page.waitForSelector('[data-testid="sender-list"][data-ready="true"]');
  const unassignedBefore = Number((await page.getByTestId("tab-count-unassigned").innerText()).replace(/,/g, ""));
  await page.evaluate(() => {
    performance.clearResourceTimings();
    const w = window as unknown as { __lastKey: number; __samples: { dom: number; frame: number }[] };
    w.__samples = [];
    window.addEventListener("keydown", (e) => (w.__lastKey = e.timeStamp), true);
    new MutationObserver((records) => {
      if (!records.some((r) => r.attributeName === "data-category")) return;
      const key = w.__lastKey;
      const dom = performance.now() - key;
      requestAnimationFrame(() => requestAnimationFrame(() => w.__samples.push({ dom, frame: performance.now() - key })));
    }).observe(document.querySelector('[data-testid="sender-list"]')!, { subtree: true, attributes: true, attributeFilter: ["data-category"] });
  });
  const keys = ["3", "2", "4", "1", "3"];
  for (let i = 0; i < KEY_PRESSES; i++) {
    await page.keyboard.press(keys[i % keys.length]!);
    await page.waitForFunction((n) => (window as unknown as { __samples: unknown[] }).__samples.length >= n, i + 1);
    // A person reads the next row before pressing again; the action queue drains meanwhile.
    await page.waitForSelector('[data-testid="sender-list"]:not([aria-busy="true"])');
  }
  const samples = await page.evaluate(() => (window as unknown as { __samples: { dom: number; frame: number }[] }).__samples);
  // Server actions are fetch POSTs to the page's own URL (RSC fetches carry ?_rsc): their resource timing is the round trip.
  const action = await page.evaluate(() =>
    (performance.getEntriesByType("resource") as PerformanceResourceTiming[])
      .filter((e) => e.initiatorType === "fetch" && new URL(e.name).pathname === "/senders" && !new URL(e.name).search)
      .map((e) => e.responseEnd - e.startTime),
  );
  // The choices must have reached the database, or the timings measured nothing.
  await page.reload();
  await page.waitForSelector('[data-testid="sender-list"][data-ready="true"]');
  const left = Number((await page.getByTestId("tab-count-unassigned").innerText()).replace(/,/g, ""));
  if (left !== unassignedBefore - KEY_PRESSES) throw new Error(`expected ${unassignedBefore - KEY_PRESSES} unassigned senders after the run, found ${left}`);
  return { dom: samples.map((s) => s.dom), frame: samples.map((s) => s.frame), action };
}

function line(label: string, value: number, target: number, extra = "") {
  const ratio = value / target;
  console.log(
    `${label.padEnd(44)} ${`${value.toFixed(0)} ms`.padStart(8)}   target < ${`${target} ms`.padEnd(8)} ratio ${ratio.toFixed(2)} ${ratio < 1 ? "✓" : "✗"}${extra ? `   ${extra}` : ""}`,
  );
  return { value_ms: Math.round(value), target_ms: target, ratio: Math.round(ratio * 100) / 100 };
}

async function main() {
  let server: ChildProcess | undefined;
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      "--disable-quic",
    ],
  });
  try {
    console.log(`seeding ${SENDERS.toLocaleString("en-US")} senders …`);
    const account = await seed();
    build();
    server = await startServer();
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    await signIn(page, account.email, account.password);
    const tti = await timeToInteractive(page);
    const keys = await keyToCategory(page);
    console.log(`\nTriage UI, ${SENDERS.toLocaleString("en-US")} senders, median of ${TTI_RUNS} loads / ${KEY_PRESSES} key presses (p95 in brackets)`);
    const result = {
      senders: SENDERS,
      time_to_interactive: line("time to interactive of /senders", median(tti)!, TARGETS.tti, `(p95 ${p95(tti)!.toFixed(0)} ms)`),
      key_to_category: line(
        "key press -> new category shown (DOM)",
        median(keys.dom)!,
        TARGETS.key,
        `(p95 ${p95(keys.dom)!.toFixed(0)} ms; next frame ${median(keys.frame)!.toFixed(0)} ms)`,
      ),
      action_round_trip: line(
        "server action round trip",
        median(keys.action)!,
        TARGETS.action,
        `(p95 ${p95(keys.action)!.toFixed(0)} ms, ${keys.action.length} calls)`,
      ),
    };
    mkdirSync(path.join(ROOT, ".bench"), { recursive: true });
    writeFileSync(path.join(ROOT, ".bench/triage-ui.json"), JSON.stringify(result, null, 2));
  } finally {
    await browser.close();
    if (server?.pid) {
      try {
        process.kill(-server.pid, "SIGTERM");
      } catch {
        // already gone
      }
      await new Promise((r) => server!.once("exit", r));
    }
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
