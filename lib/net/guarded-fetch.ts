import http from "node:http";
import https from "node:https";
import { isIP } from "node:net";
import { assertPublicHost, isPrivateAddress, UnsafeHostError, type AssertPublicHostOptions } from "./assert-public-host";

export type GuardedFetchOptions = AssertPublicHostOptions & {
  timeoutMs?: number;
  /** Responses larger than this are cut off with an error (a hostile server cannot fill memory). */
  maxBytes?: number;
};

const DEFAULT_TIMEOUT_MS = 20_000;
const DEFAULT_MAX_BYTES = 25 * 1024 * 1024;

function headerRecord(headers: RequestInit["headers"]): Record<string, string> {
  const out: Record<string, string> = {};
  new Headers(headers ?? {}).forEach((value, key) => (out[key] = value));
  return out;
}

function bodyBuffer(body: RequestInit["body"]): Buffer | undefined {
  if (body === undefined || body === null) return undefined;
  if (typeof body === "string") return Buffer.from(body, "utf8");
  if (body instanceof URLSearchParams) return Buffer.from(body.toString(), "utf8");
  if (body instanceof ArrayBuffer) return Buffer.from(body);
  if (ArrayBuffer.isView(body)) return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  throw new TypeError("guardedFetch sends string or byte bodies only");
}

/**
 * fetch() for URLs a user gave us (a CalDAV server): the host is resolved once per request and
 * refused when it is private (unless ALLOW_PRIVATE_NETWORK=1), and the connection goes to exactly
 * the checked address, so no second DNS answer can point it at our own network. Redirects are
 * returned, never followed (the caller checks the next hop through here again). Plain http is only
 * for hosts on a private network: on the internet the credentials would travel in clear.
 */
export function createGuardedFetch(options: GuardedFetchOptions = {}): typeof fetch {
  return async (input, init = {}) => {
    const url = new URL(typeof input === "string" || input instanceof URL ? input : input.url);
    if (url.protocol !== "https:" && url.protocol !== "http:") throw new UnsafeHostError(`Only http(s) URLs are allowed, not ${url.protocol}`, url.hostname);
    const addresses = await assertPublicHost(url.href, options);
    const address = addresses[0];
    if (url.protocol === "http:" && !addresses.every(isPrivateAddress)) {
      throw new UnsafeHostError(`${url.hostname} must be reached over https: plain http would send the password in clear`, url.hostname);
    }
    const hostname = url.hostname.replace(/^\[|\]$/g, "");
    const body = bodyBuffer(init.body);
    const headers = headerRecord(init.headers);
    if (body && !headers["content-length"]) headers["content-length"] = String(body.length);
    const transport = url.protocol === "https:" ? https : http;
    const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;

    return new Promise<Response>((resolve, reject) => {
      const req = transport.request(
        {
          method: init.method ?? "GET",
          host: hostname,
          port: url.port || (url.protocol === "https:" ? 443 : 80),
          path: `${url.pathname}${url.search}`,
          headers,
          servername: isIP(hostname) ? undefined : hostname,
          // Node asks for every address when it may race families (autoSelectFamily): answer in kind.
          lookup: ((_host: string, opts: { all?: boolean }, cb: (...args: unknown[]) => void) =>
            opts.all ? cb(null, [{ address, family: isIP(address!) }]) : cb(null, address, isIP(address!))) as unknown as http.RequestOptions["lookup"],
          timeout: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
          signal: init.signal ?? undefined,
        },
        (res) => {
          const chunks: Buffer[] = [];
          let size = 0;
          res.on("data", (chunk: Buffer) => {
            size += chunk.length;
            if (size > maxBytes) {
              req.destroy(new Error(`response larger than ${maxBytes} bytes`));
              return;
            }
            chunks.push(chunk);
          });
          res.on("error", reject);
          res.on("end", () => {
            const status = res.statusCode ?? 502;
            const responseHeaders = new Headers();
            for (const [key, value] of Object.entries(res.headers)) {
              for (const v of Array.isArray(value) ? value : value === undefined ? [] : [value]) responseHeaders.append(key, v);
            }
            const empty = status === 204 || status === 205 || status === 304 || (init.method ?? "GET").toUpperCase() === "HEAD";
            const response = new Response(empty ? null : Buffer.concat(chunks), { status, statusText: res.statusMessage ?? "", headers: responseHeaders });
            Object.defineProperty(response, "url", { value: url.href });
            resolve(response);
          });
        },
      );
      req.on("timeout", () => req.destroy(new Error("timed out")));
      req.on("error", reject);
      req.end(body);
    });
  };
}
