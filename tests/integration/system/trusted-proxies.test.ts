import http, { type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { registerTestUser } from "@/tests/helpers/api";
import { startAppHttpServer } from "@/tests/helpers/app-http-server";

// Real sockets on loopback addresses (Linux routes all of 127.0.0.0/8 to lo): clients, proxies and
// the app each have their own address, so the app's socket peer is whoever connected to it. The
// app is its route handlers behind a real HTTP server that stamps each request's socket peer, as
// instrumentation.ts has `next start` do (tests/e2e/security.spec.ts covers the built server).
type Endpoint = { host: string; port: number };

function listen(server: http.Server, host: string): Promise<Endpoint> {
  return new Promise((resolve) => server.listen(0, host, () => resolve({ host, port: (server.address() as AddressInfo).port })));
}

function readBody(res: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = "";
    res.setEncoding("utf8");
    res.on("data", (chunk: string) => (text += chunk));
    res.on("end", () => resolve(text));
    res.on("error", reject);
  });
}

/** A reverse proxy as nginx with `X-Forwarded-For $proxy_add_x_forwarded_for`: appends the address it was reached from. */
function reverseProxy(upstream: () => Endpoint, ownAddress: string) {
  return http.createServer((req, res) => {
    const forwarded = [req.headers["x-forwarded-for"], req.socket.remoteAddress].filter(Boolean).join(", ");
    const { host, port } = upstream();
    const onward = http.request(
      { host, port, localAddress: ownAddress, method: req.method, path: req.url, headers: { ...req.headers, "x-forwarded-for": forwarded } },
      (r) => {
        res.writeHead(r.statusCode!, r.headers);
        r.pipe(res);
      },
    );
    req.pipe(onward);
  });
}

let app: Awaited<ReturnType<typeof startAppHttpServer>>;
let appAt: Endpoint;
let oneProxy: Endpoint; // client -> 127.0.0.2 -> app
let twoProxies: Endpoint; // client -> 127.0.0.4 -> 127.0.0.3 -> app
const servers: http.Server[] = [];

beforeAll(async () => {
  app = await startAppHttpServer();
  appAt = { host: "127.0.0.1", port: Number(new URL(app.url).port) };
  const single = reverseProxy(() => appAt, "127.0.0.2");
  const inner = reverseProxy(() => appAt, "127.0.0.3");
  oneProxy = await listen(single, "127.0.0.2");
  const innerAt = await listen(inner, "127.0.0.3");
  const edge = reverseProxy(() => innerAt, "127.0.0.4");
  twoProxies = await listen(edge, "127.0.0.4");
  servers.push(single, inner, edge);
});

afterAll(async () => {
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  await app.stop();
});

afterEach(() => {
  delete process.env.TRUSTED_PROXIES;
});

/** POST JSON from a client with its own loopback address, through `entry`, with whatever headers it chooses to send. */
function send(
  entry: Endpoint,
  from: string,
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
  method = "POST",
): Promise<{ status: number; body: any }> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = http.request(
      {
        host: entry.host,
        port: entry.port,
        localAddress: from,
        method,
        path,
        headers: { ...(payload ? { "content-type": "application/json" } : {}), ...headers },
      },
      async (res) => {
        const text = await readBody(res);
        resolve({ status: res.statusCode!, body: text ? JSON.parse(text) : null });
      },
    );
    req.on("error", reject);
    req.end(payload);
  });
}

/** Sign in through `entry` and read back where the session says it was seen from. */
async function seenFrom(entry: Endpoint, from: string, headers: Record<string, string> = {}): Promise<string> {
  const { email, password } = await registerTestUser();
  const login = await send(entry, from, "/api/auth/login", { email, password }, headers);
  expect(login.status).toBe(200);
  const sessions = await send(entry, from, "/api/auth/sessions", undefined, { authorization: `Bearer ${login.body.data.access_token}` }, "GET");
  return sessions.body.data.sessions.find((s: { current: boolean }) => s.current).ip;
}

const FORGED = { "x-forwarded-for": "6.6.6.6", "x-real-ip": "7.7.7.7" };

describe("the client address over real sockets", () => {
  it("behind no proxy is the socket's peer; a proxy nobody declared is itself the client", async () => {
    expect(await seenFrom(appAt, "127.0.0.9", FORGED)).toBe("127.0.0.9");
    expect(await seenFrom(oneProxy, "127.0.0.9", FORGED)).toBe("127.0.0.2");
  });

  it("behind one trusted proxy is the address it appended; a client going around it gets no trust", async () => {
    process.env.TRUSTED_PROXIES = "127.0.0.2";
    expect(await seenFrom(oneProxy, "127.0.0.9", FORGED)).toBe("127.0.0.9");
    expect(await seenFrom(appAt, "127.0.0.10", FORGED)).toBe("127.0.0.10");
  });

  it("behind two trusted proxies, by address or by hop count", async () => {
    const forgedChain = { "x-forwarded-for": "6.6.6.6, 127.0.0.4" };
    process.env.TRUSTED_PROXIES = "127.0.0.3, 127.0.0.4";
    expect(await seenFrom(twoProxies, "127.0.0.9", forgedChain)).toBe("127.0.0.9");
    process.env.TRUSTED_PROXIES = "2";
    expect(await seenFrom(twoProxies, "127.0.0.9", forgedChain)).toBe("127.0.0.9");
    // One hop declared where there are two: the inner proxy's view (the edge proxy) is the client.
    process.env.TRUSTED_PROXIES = "1";
    expect(await seenFrom(twoProxies, "127.0.0.9", forgedChain)).toBe("127.0.0.4");
  });

  it("limits a client behind two proxies by its own address, whatever it forges", async () => {
    process.env.TRUSTED_PROXIES = "127.0.0.3, 127.0.0.4";
    const { email } = await registerTestUser();
    const statuses = [];
    for (let i = 0; i < 6; i++) {
      statuses.push((await send(twoProxies, "127.0.0.11", "/api/auth/login", { email, password: `guess-${i}` }, { "x-forwarded-for": `6.6.6.${i}` })).status);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
    expect((await send(twoProxies, "127.0.0.12", "/api/auth/login", { email, password: "guess" })).status).toBe(401);
  });
});
