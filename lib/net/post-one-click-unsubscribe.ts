import https from "node:https";
import { isIP } from "node:net";
import { assertPublicHost } from "./assert-public-host";

const TIMEOUT_MS = 10_000;

export type OneClickResult = { ok: true; status: number } | { ok: false; status: number | null; reason: string };

/**
 * RFC 8058 one-click unsubscribe: POST "List-Unsubscribe=One-Click" to the https URL from
 * List-Unsubscribe, with no cookies or credentials. The host is resolved once and checked to be
 * public, and the connection goes to exactly that address (no second DNS answer can redirect it to
 * our own network). Redirects are not followed: RFC 8058 senders must answer the POST directly.
 */
export async function postOneClickUnsubscribe(url: string): Promise<OneClickResult> {
  const target = new URL(url);
  if (target.protocol !== "https:") return { ok: false, status: null, reason: "One-click unsubscribe needs an https link" };
  const [address] = await assertPublicHost(url);
  const hostname = target.hostname.replace(/^\[|\]$/g, "");
  const body = "List-Unsubscribe=One-Click";
  return new Promise((resolve) => {
    const req = https.request(
      {
        method: "POST",
        host: hostname,
        port: target.port || 443,
        path: `${target.pathname}${target.search}`,
        servername: isIP(hostname) ? undefined : hostname,
        lookup: (_host, _opts, cb) => cb(null, address!, isIP(address!)),
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          "content-length": Buffer.byteLength(body),
          "user-agent": "PookAi-Unsubscribe/1.0 (+RFC 8058)",
        },
        timeout: TIMEOUT_MS,
      },
      (res) => {
        res.resume();
        const status = res.statusCode ?? 0;
        if (status >= 200 && status < 300) resolve({ ok: true, status });
        else resolve({ ok: false, status, reason: `The sender's unsubscribe endpoint answered HTTP ${status}` });
      },
    );
    req.on("timeout", () => req.destroy(new Error("timed out")));
    req.on("error", (error) => resolve({ ok: false, status: null, reason: `The sender's unsubscribe endpoint could not be reached (${error.message})` }));
    req.end(body);
  });
}
