import { NextRequest } from "next/server";
import { SOCKET_ADDRESS_HEADER, socketAddressStamp } from "@/lib/request/socket-address";
import { resolveRoute, routeHandler } from "./app-routes";

let ipCounter = 0;

export type ApiResponse<T = any> = { status: number; body: T; headers: Headers };

export type ApiOptions = {
  token?: string;
  body?: unknown;
  rawBody?: string | Uint8Array;
  headers?: Record<string, string>;
  /** The address of the connection the request arrives on (a proxy's, behind one), as the server stamps it. */
  ip?: string;
};

/** Call the real route handler for `METHOD path` as Next.js would, and read its JSON. */
export async function api<T = any>(method: string, path: string, options: ApiOptions = {}): Promise<ApiResponse<T>> {
  const url = new URL(path, "http://localhost:3000");
  const route = await resolveRoute(url.pathname);
  if (!route) throw new Error(`No route file matches ${url.pathname}`);
  const { params } = route;
  const handler = routeHandler(route.module, method);
  if (!handler) return { status: 405, body: null as T, headers: new Headers() };
  const headers = new Headers(options.headers);
  // A distinct client per call unless the test pins one (rate-limit tests do). Set as the socket
  // stamp lib/request/socket-address.ts puts on every request a real server receives; headers the
  // test passes (X-Forwarded-For …) arrive as a client or proxy would send them.
  headers.set(SOCKET_ADDRESS_HEADER, socketAddressStamp(options.ip ?? `203.0.113.${(ipCounter = (ipCounter + 1) % 250)}`));
  if (options.token) headers.set("authorization", `Bearer ${options.token}`);
  let body: BodyInit | undefined;
  if (options.rawBody !== undefined) body = options.rawBody as BodyInit;
  else if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers.set("content-type", "application/json");
  }
  const req = new NextRequest(url, { method, headers, body, duplex: "half" });
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
