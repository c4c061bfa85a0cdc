// Playwright's webServer: build the app into its own dist dir, then `next start` it with a fresh
// PGlite database and data dir in a temp dir (a PGlite dir must never be shared between processes).
// Playwright signals the whole process group on teardown; the temp dir is removed once next exits.
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "../..");
const port = process.env.E2E_PORT ?? "3100";
const distDir = process.env.E2E_DIST_DIR ?? ".next-e2e";
const next = path.join(root, "node_modules/.bin/next");
const dir = mkdtempSync(path.join(tmpdir(), "pookai-e2e-"));
const origin = `http://127.0.0.1:${port}`;

const env = { ...process.env, NEXT_DIST_DIR: distDir, NEXT_TELEMETRY_DISABLED: "1" };
// The journeys need the embedded defaults only: no external database, provider, LLM or phone.
for (const key of Object.keys(env)) {
  if (/^(DATABASE_URL|TEST_DATABASE_URL|VERCEL.*|INNGEST_.*|OPENAI_.*|TWILIO_.*|GOOGLE_.*|GMAIL_.*|MICROSOFT_.*|OUTLOOK_.*|NODE_ENV|PORT)$/.test(key))
    delete env[key];
}

if (process.env.E2E_SKIP_BUILD !== "1") {
  const build = spawnSync(next, ["build"], { cwd: root, env, stdio: "inherit" });
  if (build.status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    process.exit(build.status ?? 1);
  }
}

const server = spawn(next, ["start", "-p", port, "-H", "127.0.0.1"], {
  cwd: root,
  stdio: "inherit",
  env: {
    ...env,
    PGLITE_DIR: path.join(dir, "pglite"),
    DATA_DIR: path.join(dir, "data"),
    APP_URL: origin,
    NEXTAUTH_URL: origin,
    NEXTAUTH_SECRET: randomBytes(32).toString("base64"),
    // Another frontend allowed to call the API (tests/e2e/cors.spec.ts).
    CORS_ORIGINS: "https://frontend.example.test",
    // As behind a reverse proxy on the same host: the journeys name their client in X-Forwarded-For
    // (tests/e2e/helpers.ts actAsClient); a connection from any other address is its own client.
    TRUSTED_PROXIES: "127.0.0.1",
    LOG_LEVEL: process.env.LOG_LEVEL ?? "warn",
  },
});

const stop = (signal) => server.exitCode === null && server.kill(signal);
process.on("SIGTERM", () => stop("SIGTERM"));
process.on("SIGINT", () => stop("SIGINT"));
server.on("exit", (code, signal) => {
  rmSync(dir, { recursive: true, force: true });
  process.exit(code ?? (signal ? 0 : 1));
});
