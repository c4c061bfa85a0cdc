import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // PGlite ships wasm and must not be bundled; argon2 is a native addon.
  serverExternalPackages: ["@electric-sql/pglite", "@node-rs/argon2", "imapflow", "twilio"],
  // Separate build dirs let a test server and a dev server coexist in one checkout.
  distDir: process.env.NEXT_DIST_DIR || ".next",
  poweredByHeader: false,
  typedRoutes: false,
};

export default nextConfig;
