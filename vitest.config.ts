import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { alias: { "@": path.resolve(import.meta.dirname) } },
  test: {
    include: ["tests/integration/**/*.test.ts", "lib/**/*.test.ts", "inngest/**/*.test.ts"],
    globalSetup: ["tests/helpers/global-setup.ts"],
    setupFiles: ["tests/helpers/setup.ts"],
    pool: "forks",
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Two cores on CI: more workers than that only thrash.
    maxWorkers: Number(process.env.VITEST_MAX_WORKERS ?? 2),
    env: { NODE_ENV: "test", NEXT_TELEMETRY_DISABLED: "1" },
  },
});
