import { readFileSync } from "node:fs";
import https from "node:https";
import type { AddressInfo } from "node:net";

export type UnsubscribeHit = { method: string; path: string; body: string; contentType: string | undefined; cookie: string | undefined };

/**
 * A sender's RFC 8058 endpoint on loopback HTTPS (certificate from the test global setup): records
 * each request and answers with the configured status.
 */
export async function startUnsubscribeServer(options: { status?: number } = {}) {
  const hits: UnsubscribeHit[] = [];
  let status = options.status ?? 200;
  const server = https.createServer({ key: readFileSync(process.env.TEST_TLS_KEY!), cert: readFileSync(process.env.TEST_TLS_CERT!) }, (req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      hits.push({ method: req.method ?? "", path: req.url ?? "", body, contentType: req.headers["content-type"], cookie: req.headers.cookie });
      res.statusCode = status;
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: (path: string) => `https://127.0.0.1:${port}${path}`,
    hits,
    setStatus: (s: number) => (status = s),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
