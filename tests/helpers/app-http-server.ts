import http, { type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { NextRequest } from "next/server";
import { SOCKET_ADDRESS_HEADER, stampSocketAddress } from "@/lib/request/socket-address";
import { resolveRoute, routeHandler } from "./app-routes";

export type AppHttpRequest = { method: string; url: string; status: number };

/**
 * The app's route handlers behind a real HTTP server on 127.0.0.1, so that something outside the
 * test (the fake Twilio) can fetch TwiML and post callbacks exactly as it would to a deployment.
 * Routing is api()'s (tests/helpers/app-routes.ts); each request reaches its handler as a
 * NextRequest with the method, the full URL, every header and the raw body, plus the x-forwarded-*
 * headers `next start` adds and the socket-address stamp the app's instrumentation adds (a client's
 * own copy of that header is dropped, as there); the Response goes back with its status, headers and bytes.
 */
export async function startAppHttpServer(options: { port?: number } = {}) {
  const requests: AppHttpRequest[] = [];
  const server = http.createServer((req, res) => {
    // What instrumentation.ts has the real server do to every request: its socket's peer address.
    stampSocketAddress(req);
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      serve(req, res, Buffer.concat(chunks)).catch((error: unknown) => {
        // A handler that throws is a 500, as in Next.js; the test sees it in `requests`.
        if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" });
        res.end(`Internal Server Error: ${(error as Error).message}`);
      });
    });
  });

  async function serve(req: IncomingMessage, res: ServerResponse, body: Buffer) {
    const method = (req.method ?? "GET").toUpperCase();
    const url = new URL(req.url ?? "/", base);
    const record: AppHttpRequest = { method, url: url.toString(), status: 0 };
    requests.push(record);
    const route = await resolveRoute(url.pathname);
    if (!route) return write(res, record, new Response("Not Found", { status: 404, headers: { "content-type": "text/plain" } }));
    const handler = routeHandler(route.module, method);
    if (!handler) {
      const allow = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"].filter((m) => routeHandler(route.module, m));
      return write(res, record, new Response(null, { status: 405, headers: { allow: allow.join(", ") } }));
    }
    const headers = new Headers();
    for (let i = 0; i < req.rawHeaders.length; i += 2) {
      if (req.rawHeaders[i]!.toLowerCase() !== SOCKET_ADDRESS_HEADER) headers.append(req.rawHeaders[i]!, req.rawHeaders[i + 1]!);
    }
    const stamp = req.headers[SOCKET_ADDRESS_HEADER];
    if (typeof stamp === "string") headers.set(SOCKET_ADDRESS_HEADER, stamp);
    const socket = req.socket;
    if (!headers.has("x-forwarded-host")) headers.set("x-forwarded-host", req.headers.host ?? url.host);
    if (!headers.has("x-forwarded-port")) headers.set("x-forwarded-port", String(socket.localPort ?? ""));
    if (!headers.has("x-forwarded-proto")) headers.set("x-forwarded-proto", "http");
    if (!headers.has("x-forwarded-for") && socket.remoteAddress) headers.set("x-forwarded-for", socket.remoteAddress);
    const hasBody = method !== "GET" && method !== "HEAD";
    const request = new NextRequest(url, { method, headers, body: hasBody ? new Uint8Array(body) : undefined, duplex: "half" });
    await write(res, record, await handler(request, { params: Promise.resolve(route.params) }));
  }

  async function write(res: ServerResponse, record: AppHttpRequest, response: Response) {
    record.status = response.status;
    const bytes = Buffer.from(await response.arrayBuffer());
    const headers: Record<string, string | string[]> = {};
    response.headers.forEach((value, key) => {
      if (key !== "set-cookie") headers[key] = value;
    });
    const cookies = response.headers.getSetCookie();
    if (cookies.length) headers["set-cookie"] = cookies;
    // The body is sent whole; any framing the handler chose no longer applies.
    delete headers["content-length"];
    delete headers["transfer-encoding"];
    res.writeHead(response.status, { ...headers, "content-length": String(bytes.length) });
    res.end(record.method === "HEAD" ? undefined : bytes);
  }

  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    /** The base URL (set APP_URL to it so callbacks are signed and checked against this address). */
    url: base,
    /** Every request served, with its answer's status. */
    requests,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
