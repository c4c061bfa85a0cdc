import { NextRequest } from "next/server";

type RouteModule = Record<string, unknown>;
type Route = { pattern: string[]; load: () => Promise<RouteModule> };

// Every route.ts under app/api, matched the way the App Router does: static beats [param] beats [...catchAll].
const files = import.meta.glob<RouteModule>("/app/api/**/route.ts");
const routes: Route[] = Object.entries(files)
  .map(([file, load]) => ({
    pattern: file
      .replace(/^\/app/, "")
      .replace(/\/route\.ts$/, "")
      .split("/")
      .filter(Boolean),
    load,
  }))
  .sort((a, b) => score(b.pattern) - score(a.pattern));

function score(pattern: string[]): number {
  // Longer and more static patterns first.
  return pattern.reduce((s, seg) => s * 4 + (seg.startsWith("[...") ? 1 : seg.startsWith("[") ? 2 : 3), 0) * 100 + pattern.length;
}

function match(pattern: string[], segments: string[]): Record<string, string | string[]> | null {
  const params: Record<string, string | string[]> = {};
  for (let i = 0; i < pattern.length; i++) {
    const seg = pattern[i];
    if (seg.startsWith("[...")) {
      const rest = segments.slice(i);
      if (!rest.length) return null;
      params[seg.slice(4, -1)] = rest;
      return params;
    }
    if (i >= segments.length) return null;
    if (seg.startsWith("[")) params[seg.slice(1, -1)] = decodeURIComponent(segments[i]);
    else if (seg !== segments[i]) return null;
  }
  return pattern.length === segments.length ? params : null;
}

let ipCounter = 0;

export type ApiResponse<T = any> = { status: number; body: T; headers: Headers };

export type ApiOptions = {
  token?: string;
  body?: unknown;
  rawBody?: string | Uint8Array;
  headers?: Record<string, string>;
  ip?: string;
};

/** Call the real route handler for `METHOD path` as Next.js would, and read its JSON. */
export async function api<T = any>(method: string, path: string, options: ApiOptions = {}): Promise<ApiResponse<T>> {
  const url = new URL(path, "http://localhost:3000");
  const segments = url.pathname.split("/").filter(Boolean);
  const route = routes.find((r) => match(r.pattern, segments));
  if (!route) throw new Error(`No route file matches ${url.pathname}`);
  const params = match(route.pattern, segments)!;
  const mod = await route.load();
  const handler = mod[method] as ((req: NextRequest, ctx: unknown) => Promise<Response>) | undefined;
  if (!handler) return { status: 405, body: null as T, headers: new Headers() };
  const headers = new Headers(options.headers);
  // A distinct client per call unless the test pins one (rate-limit tests do).
  headers.set("x-forwarded-for", options.ip ?? `203.0.113.${(ipCounter = (ipCounter + 1) % 250)}`);
  if (options.token) headers.set("authorization", `Bearer ${options.token}`);
  let body: BodyInit | undefined;
  if (options.rawBody !== undefined) body = options.rawBody as BodyInit;
  else if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers.set("content-type", "application/json");
  }
  const req = new NextRequest(url, { method, headers, body, duplex: "half" } as ConstructorParameters<typeof NextRequest>[1]);
  const res = await handler(req, { params: Promise.resolve(params) });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    /* non-JSON body (e.g. TwiML, HTML redirect) stays text */
  }
  return { status: res.status, body: parsed as T, headers: res.headers };
}

let counter = 0;

/** Register a fresh user through the API and return its tokens. */
export async function registerTestUser(overrides: Partial<{ email: string; password: string; name: string; timezone: string }> = {}) {
  counter += 1;
  const email = overrides.email ?? `user${counter}.${Date.now()}@example.com`;
  const password = overrides.password ?? "correct horse battery";
  const res = await api("POST", "/api/auth/register", {
    body: { email, password, name: overrides.name ?? `User ${counter}`, ...(overrides.timezone ? { timezone: overrides.timezone } : {}) },
    ip: `198.51.100.${counter % 250}`,
  });
  if (res.status !== 201) throw new Error(`register failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { email, password, token: res.body.data.access_token as string, refreshToken: res.body.data.refresh_token as string, user: res.body.data.user };
}
