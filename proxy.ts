import { NextResponse, type NextRequest } from "next/server";
import { pageContentSecurityPolicy } from "@/lib/api/security-headers";
import { corsOrigins } from "@/lib/env";

const ALLOWED_METHODS = "GET, POST, PUT, PATCH, DELETE, OPTIONS";
const ALLOWED_HEADERS = "Authorization, Content-Type, Idempotency-Key";

function corsHeaders(origin: string): Record<string, string> {
  return {
    "Access-Control-Allow-Origin": origin,
    "Access-Control-Allow-Credentials": "true",
    "Access-Control-Expose-Headers": "Retry-After",
    Vary: "Origin",
  };
}

/**
 * CORS for the /api surface: only the origins listed in CORS_ORIGINS (none by default), preflight
 * included. A disallowed origin gets no CORS headers, so the browser blocks the call.
 */
function cors(req: NextRequest) {
  const origin = req.headers.get("origin");
  const allowed = origin !== null && corsOrigins().includes(origin);
  if (req.method === "OPTIONS" && req.headers.has("access-control-request-method")) {
    if (!allowed) return new NextResponse(null, { status: 204, headers: { Vary: "Origin" } });
    return new NextResponse(null, {
      status: 204,
      headers: {
        ...corsHeaders(origin),
        "Access-Control-Allow-Methods": ALLOWED_METHODS,
        "Access-Control-Allow-Headers": ALLOWED_HEADERS,
        "Access-Control-Max-Age": "600",
      },
    });
  }
  const res = NextResponse.next();
  if (allowed) for (const [k, v] of Object.entries(corsHeaders(origin))) res.headers.set(k, v);
  else res.headers.append("Vary", "Origin");
  return res;
}

/**
 * A page's Content-Security-Policy with a fresh nonce: set on the request too, where Next.js reads
 * the nonce and puts it on its scripts (which is why every page renders per request).
 */
function pageSecurityPolicy(req: NextRequest) {
  const nonce = btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(18))));
  const https = req.nextUrl.protocol === "https:" || req.headers.get("x-forwarded-proto")?.split(",")[0]?.trim() === "https";
  const policy = pageContentSecurityPolicy(nonce, { dev: process.env.NODE_ENV === "development", https });
  const headers = new Headers(req.headers);
  headers.set("content-security-policy", policy);
  headers.set("x-nonce", nonce);
  const res = NextResponse.next({ request: { headers } });
  res.headers.set("Content-Security-Policy", policy);
  return res;
}

export function proxy(req: NextRequest) {
  return req.nextUrl.pathname.startsWith("/api/") ? cors(req) : pageSecurityPolicy(req);
}

export const config = {
  matcher: [
    // Only API requests that carry an Origin header can need CORS (browsers send it on every
    // preflight and cross-origin call); API clients skip the proxy and its cost entirely.
    { source: "/api/:path*", has: [{ type: "header", key: "origin" }] },
    // Every page (not static files, not the API: next.config.ts gives those a fixed policy).
    // Prefetches are not documents: they need no policy and keep their cheaper path.
    {
      source: "/((?!api/|_next/static|_next/image|favicon\\.svg|robots\\.txt).*)",
      missing: [
        { type: "header", key: "next-router-prefetch" },
        { type: "header", key: "purpose", value: "prefetch" },
      ],
    },
  ],
};
