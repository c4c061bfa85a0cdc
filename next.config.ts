import type { NextConfig } from "next";
import { API_CONTENT_SECURITY_POLICY, HSTS_HEADER, SECURITY_HEADERS } from "./lib/api/security-headers";

const nextConfig: NextConfig = {
  // PGlite ships wasm and must not be bundled; argon2 is a native addon.
  serverExternalPackages: ["@electric-sql/pglite", "@node-rs/argon2", "imapflow", "twilio"],
  // Separate build dirs let a test server and a dev server coexist in one checkout.
  distDir: process.env.NEXT_DIST_DIR || ".next",
  poweredByHeader: false,
  // Compression belongs to the edge in front of the app (Vercel's, or a reverse proxy when self-hosting):
  // gzip inside the Node process cost ~9% of its CPU per API request in the senders benchmark.
  compress: false,
  typedRoutes: false,
  // The fixed security headers on every response; pages get their nonce'd CSP from proxy.ts.
  async headers() {
    return [
      { source: "/:path*", headers: SECURITY_HEADERS },
      { source: "/:path*", has: [{ type: "header", key: "x-forwarded-proto", value: "https" }], headers: [HSTS_HEADER] },
      { source: "/api/:path*", headers: [{ key: "Content-Security-Policy", value: API_CONTENT_SECURITY_POLICY }] },
    ];
  },
};

export default nextConfig;
