import { NextResponse, type NextRequest } from "next/server";
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
export function proxy(req: NextRequest) {
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

// Only requests that carry an Origin header can need CORS (browsers send it on every preflight and
// cross-origin call); API clients and same-origin page loads skip the proxy and its cost entirely.
export const config = { matcher: [{ source: "/api/:path*", has: [{ type: "header", key: "origin" }] }] };
