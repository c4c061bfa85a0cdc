import { clientAddress } from "./client-address";

/** What a session records of the client that opened it. */
export type ClientMeta = { userAgent?: string | null; ip?: string | null };

export type ClientInfo = ClientMeta & { ip: string };

/** The caller's address (lib/request/client-address.ts: never a header the client can forge) and user agent. */
export function clientMetaFromHeaders(headers: Headers): ClientInfo {
  return { ip: clientAddress(headers).slice(0, 64), userAgent: headers.get("user-agent") };
}

/** clientMetaFromHeaders for a route handler's request. */
export function clientMeta(req: Request): ClientInfo {
  return clientMetaFromHeaders(req.headers);
}
