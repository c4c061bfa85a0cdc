import type { ClientMeta } from "@/lib/auth/create-session";
import { clientAddress } from "./client-address";

export type ClientInfo = ClientMeta & { ip: string };

/** The caller's address (lib/api/client-address.ts: never a header the client can forge) and user agent. */
export function clientMetaFromHeaders(headers: Headers): ClientInfo {
  return { ip: clientAddress(headers).slice(0, 64), userAgent: headers.get("user-agent") };
}

/** clientMetaFromHeaders for a route handler's request. */
export function clientMeta(req: Request): ClientInfo {
  return clientMetaFromHeaders(req.headers);
}
