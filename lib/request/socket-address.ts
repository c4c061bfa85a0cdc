import { randomBytes } from "node:crypto";
import http, { type IncomingMessage } from "node:http";
import https from "node:https";
import { safeEqual } from "@/lib/crypto";

/**
 * The request header that carries the connection's own peer address to route handlers, server
 * actions and next-auth. Next.js 16 hands them a Request built from the headers alone (NextRequest
 * has had no `ip` since 15), and the only trace of the socket it leaves is
 * `x-forwarded-for ??= socket.remoteAddress` in base-server: a client that sends its own
 * X-Forwarded-For replaces it. So the server stamps the peer address itself, before Next sees the
 * request, and signs the stamp with a token only this process knows: a client that sends the header
 * is overwritten, and a stamp that did not come from this process is ignored.
 */
export const SOCKET_ADDRESS_HEADER = "x-pookai-socket-address";

type StampState = { token: string; installed: boolean };
// On globalThis: Next bundles instrumentation.ts and each route into separate module graphs.
const STATE = Symbol.for("pookai.socket-address-stamp");

function stampState(): StampState {
  const holder = globalThis as { [STATE]?: StampState };
  return (holder[STATE] ??= { token: randomBytes(18).toString("base64url"), installed: false });
}

/** The header value that says "this request's socket peer is `address`", valid in this process only. */
export function socketAddressStamp(address: string): string {
  return `${stampState().token} ${address}`;
}

/** The peer address this process stamped on the request, or null (no stamp, or a forged one). */
export function readSocketAddress(headers: Headers): string | null {
  const value = headers.get(SOCKET_ADDRESS_HEADER);
  const space = value?.indexOf(" ") ?? -1;
  if (!value || space < 1) return null;
  return safeEqual(value.slice(0, space), stampState().token) ? value.slice(space + 1) : null;
}

/** Stamp one incoming request with its socket's peer address (whatever the client sent is dropped). */
export function stampSocketAddress(req: IncomingMessage): void {
  // A request replayed by a framework (or a test) may come without a socket.
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition
  const address = req.socket?.remoteAddress;
  if (address) req.headers[SOCKET_ADDRESS_HEADER] = socketAddressStamp(address);
  else Reflect.deleteProperty(req.headers, SOCKET_ADDRESS_HEADER);
}

/**
 * Stamp every request that reaches an HTTP(S) server of this process: `next start`, `next dev` and
 * a standalone server.js all create theirs with node:http, and emit "request" before Next's router
 * runs. Called from instrumentation.ts; requests that arrive while the server is still starting
 * were emitted before this runs and carry no stamp (their address is "unknown": counted together).
 */
export function installSocketAddressStamp(): void {
  const state = stampState();
  if (state.installed) return;
  state.installed = true;
  for (const Server of [http.Server, https.Server]) {
    // Called below with apply(this, …): its `this` is the server that emits.
    // eslint-disable-next-line @typescript-eslint/unbound-method
    const emit = Server.prototype.emit;
    Server.prototype.emit = function emitWithStamp(this: http.Server, event: string | symbol, ...args: unknown[]) {
      if (event === "request") stampSocketAddress(args[0] as IncomingMessage);
      return emit.apply(this, [event, ...args] as Parameters<typeof emit>);
    } as typeof emit;
  }
}
