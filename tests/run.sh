#!/usr/bin/env bash
# npm test: the Vitest suite on embedded PGlite, again on real PostgreSQL when TEST_DATABASE_URL is
# set, then the Playwright journeys in Chromium against the built app. Ends with "N passed, N failed".
set -u
cd "$(dirname "$0")/.."
export NO_COLOR=1 NEXT_TELEMETRY_DISABLED=1
reports=.test-reports
rm -rf "$reports" && mkdir -p "$reports"
status=0

echo "== Vitest on PGlite"
env -u TEST_DATABASE_URL -u DATABASE_URL npx vitest run --reporter=default --reporter=json --outputFile.json="$reports/vitest-pglite.json" || status=1

if [ -n "${TEST_DATABASE_URL:-}" ]; then
  echo "== Vitest on PostgreSQL ($(node -e 'const u=new URL(process.argv[1]);console.log(u.host+u.pathname)' "$TEST_DATABASE_URL"))"
  # tests/integration/providers and architecture never touch the database: they ran in the first pass.
  env -u DATABASE_URL npx vitest run --exclude 'tests/integration/providers/**' --exclude 'tests/integration/architecture/**' --exclude 'lib/**' \
    --reporter=default --reporter=json --outputFile.json="$reports/vitest-postgres.json" || status=1
else
  echo "== Vitest on PostgreSQL skipped: set TEST_DATABASE_URL=postgres://user@host:5432/db to run the suite there too"
fi

if [ -n "$(ls tests/e2e/*.spec.ts 2>/dev/null)" ]; then
  chromium="${CHROMIUM_PATH:-/usr/bin/chromium}"
  if [ -x "$chromium" ]; then
    echo "== Playwright (Chromium at $chromium)"
    PLAYWRIGHT_JSON_OUTPUT_NAME="$reports/playwright.json" npx playwright test --reporter=list,json || status=1
  else
    echo "== Playwright skipped: Chromium not found at $chromium. Install it with 'sudo apt-get install chromium'"
    echo "   (or set CHROMIUM_PATH); never 'npx playwright install', which downloads a browser."
    [ -n "${CI:-}" ] && status=1
  fi
fi

node tests/summarize-reports.mjs "$reports"
exit $status
