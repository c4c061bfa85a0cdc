import http from "node:http";
import type { AddressInfo } from "node:net";
import twilio from "twilio";

export type TwimlRequest = { method: string; path: string; url: string; params: Record<string, string>; signature: string | null; validSignature: boolean };
export type TwimlAnswer = { status?: number; contentType?: string; body: string | Buffer };
export type TwimlRoute = (req: TwimlRequest) => TwimlAnswer | string | Promise<TwimlAnswer | string>;

/**
 * A small loopback web app that Twilio (the fake) calls: it serves TwiML and media per path and
 * records every request, checking each signature with twilio's own validateRequest against the URL
 * it was called on. A string answer is TwiML (text/xml).
 */
export async function startTwimlTestApp(authToken: () => string, routes: Record<string, TwimlRoute> = {}) {
  const table = new Map(Object.entries(routes));
  const requests: TwimlRequest[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", async () => {
      const url = `${base}${req.url ?? "/"}`;
      const parsed = new URL(url);
      const isForm = (req.headers["content-type"] ?? "").startsWith("application/x-www-form-urlencoded");
      const params = isForm ? Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString("utf8"))) : {};
      const signature = (req.headers["x-twilio-signature"] as string | undefined) ?? null;
      const entry: TwimlRequest = {
        method: req.method ?? "",
        path: parsed.pathname,
        url,
        params: req.method === "GET" ? Object.fromEntries(parsed.searchParams) : params,
        signature,
        validSignature: signature !== null && twilio.validateRequest(authToken(), signature, url, req.method === "GET" ? {} : params),
      };
      requests.push(entry);
      const route = table.get(parsed.pathname);
      if (!route) {
        res.writeHead(404, { "content-type": "text/plain" });
        return res.end("not found");
      }
      const answer = await route(entry);
      const { status = 200, contentType = "text/xml", body } = typeof answer === "string" ? { body: answer } : answer;
      res.writeHead(status, { "content-type": contentType });
      res.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: (path: string) => `${base}${path}`,
    requests,
    route: (path: string, handler: TwimlRoute) => void table.set(path, handler),
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A TwiML document from its verbs. */
export function twiml(...verbs: string[]): string {
  return `<?xml version="1.0" encoding="UTF-8"?><Response>${verbs.join("")}</Response>`;
}
