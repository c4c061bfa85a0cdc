// Every security header the app sends, in one place. next.config.ts puts the fixed ones on every
// response (pages, API, static files); proxy.ts adds each page's Content-Security-Policy, which
// carries a fresh nonce per request. Imported by next.config.ts: no path aliases here.

export type Header = { key: string; value: string };

/** On every response. X-Frame-Options backs up frame-ancestors for browsers that predate CSP 2. */
export const SECURITY_HEADERS: Header[] = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  // The browser phone needs the microphone, for this origin only; nothing else is granted.
  { key: "Permissions-Policy", value: "microphone=(self), camera=(), geolocation=(), payment=(), usb=(), browsing-topics=()" },
  { key: "X-Frame-Options", value: "DENY" },
];

/** Only over HTTPS (a browser ignores it over plain HTTP anyway): two years, subdomains included. */
export const HSTS_HEADER: Header = { key: "Strict-Transport-Security", value: "max-age=63072000; includeSubDomains" };

/** API answers and files are never documents to run: nothing may load, run or frame them. */
export const API_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/**
 * A page's policy: scripts only with this response's nonce (Next.js puts it on its own scripts and
 * inline styles when it finds it in the request's Content-Security-Policy) or loaded by them
 * ('strict-dynamic'); never 'unsafe-inline' for scripts. Style attributes (progress bars, charts)
 * are allowed, <style> elements need the nonce. Development adds what React's dev tooling needs.
 */
export function pageContentSecurityPolicy(nonce: string, options: { dev: boolean; https: boolean }): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${options.dev ? " 'unsafe-eval'" : ""}`,
    options.dev ? "style-src 'self' 'unsafe-inline'" : `style-src 'self' 'nonce-${nonce}'`,
    ...(options.dev ? [] : [`style-src-elem 'self' 'nonce-${nonce}'`, "style-src-attr 'unsafe-inline'"]),
    "img-src 'self' blob: data:",
    "font-src 'self'",
    `connect-src 'self'${options.dev ? " ws: wss:" : ""}`,
    "media-src 'self' blob:",
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(options.https ? ["upgrade-insecure-requests"] : []),
  ].join("; ");
}
