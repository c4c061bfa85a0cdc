// Sum the JSON reports of every runner into the one plain line CI reads: "N passed, N failed".
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";

const dir = process.argv[2] ?? ".test-reports";
let passed = 0;
let failed = 0;
let skipped = 0;
for (const file of existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith(".json")) : []) {
  const report = JSON.parse(readFileSync(path.join(dir, file), "utf8"));
  if (typeof report.numPassedTests === "number") {
    // Vitest: a file that failed to load counts as a failure even with no test inside.
    passed += report.numPassedTests;
    failed += report.numFailedTests + (report.testResults ?? []).filter((r) => r.status === "failed" && !r.assertionResults?.length).length;
    skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  } else if (report.stats && typeof report.stats.expected === "number") {
    // Playwright
    passed += report.stats.expected + (report.stats.flaky ?? 0);
    failed += report.stats.unexpected;
    skipped += report.stats.skipped ?? 0;
  } else if (typeof report.passed === "number" && typeof report.failed === "number") {
    // Our own checks (.ci/run's smoke test)
    passed += report.passed;
    failed += report.failed;
  }
}
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
