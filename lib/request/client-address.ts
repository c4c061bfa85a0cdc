import { BlockList, isIP } from "node:net";
import { env } from "@/lib/env";
import { logger } from "@/lib/logger";
import { readSocketAddress } from "./socket-address";

/** What a request's address is when it cannot be known (no stamp): such requests share one budget. */
export const UNKNOWN_ADDRESS = "unknown";

type TrustedProxies = { hops: number; ranges: BlockList; source: string };

const NAMED_RANGES: Record<string, string[]> = {
  loopback: ["127.0.0.0/8", "::1/128"],
  private: ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7"],
};

let cachedTrust: TrustedProxies | undefined;

/**
 * TRUSTED_PROXIES: the proxies in front of the app, as a comma-separated list of addresses, CIDR
 * ranges, the words "loopback" / "private", and/or one number (the hop count: that many proxies,
 * whatever their addresses). Empty: no proxy, the socket's peer is the client.
 */
export function parseTrustedProxies(value: string | undefined): TrustedProxies {
  const ranges = new BlockList();
  let hops = 0;
  for (const raw of (value ?? "").split(",")) {
    const item = raw.trim().toLowerCase();
    if (!item) continue;
    if (/^\d+$/.test(item)) {
      hops = Number(item);
      continue;
    }
    for (const entry of NAMED_RANGES[item] ?? [item]) {
      const [address, prefix, extra] = entry.split("/");
      const family = isIP(address ?? "");
      const bits = prefix === undefined ? (family === 4 ? 32 : 128) : Number(prefix);
      if (!family || extra !== undefined || !Number.isInteger(bits) || bits < 0 || bits > (family === 4 ? 32 : 128) || prefix === "") {
        throw new Error(`TRUSTED_PROXIES: "${raw.trim()}" is not an address, a CIDR range, "loopback", "private" or a hop count`);
      }
      ranges.addSubnet(address!, bits, family === 4 ? "ipv4" : "ipv6");
    }
  }
  return { hops, ranges, source: value ?? "" };
}

function trustedProxies(): TrustedProxies {
  const value = env().TRUSTED_PROXIES;
  if (cachedTrust?.source !== (value ?? "")) cachedTrust = parseTrustedProxies(value);
  return cachedTrust;
}

/**
 * One address as written by a socket or a proxy, in one canonical form: "[::1]:443" and
 * "::ffff:192.0.2.1" become "::1" and "192.0.2.1", a port after an IPv4 address is dropped.
 * Null for anything that is not an IP address.
 */
export function normalizeAddress(value: string): string | null {
  let v = value.trim().toLowerCase();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(v);
  if (bracketed) v = bracketed[1]!;
  else if (/^[\d.]+:\d+$/.test(v)) v = v.slice(0, v.indexOf(":"));
  v = v.replace(/%.*$/, "");
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(v);
  if (mapped) v = mapped[1]!;
  return isIP(v) ? v : null;
}

function isTrusted(address: string, trust: TrustedProxies): boolean {
  return trust.ranges.check(address, isIP(address) === 4 ? "ipv4" : "ipv6");
}

/**
 * The client's address, walked from the right of [...X-Forwarded-For, socket peer]: each hop the
 * deployment trusts (one of TRUSTED_PROXIES' ranges, or within its hop count) is skipped, and the
 * first hop it does not trust is the client. Entries left of that were written by the client and
 * are never read. An entry that is not an address stops the walk at the last trusted hop.
 */
export function walkForwardedChain(chain: string[], trust: TrustedProxies): string {
  let index = chain.length - 1;
  let client = normalizeAddress(chain[index] ?? "");
  if (!client) return UNKNOWN_ADDRESS;
  let skipped = 0;
  while (index > 0 && (skipped < trust.hops || isTrusted(client, trust))) {
    const next = normalizeAddress(chain[index - 1]!);
    if (!next) break;
    client = next;
    index -= 1;
    skipped += 1;
  }
  return client;
}

let warnedUnstamped = false;

/**
 * The address of the client behind a request, one function for every rate limit and for the
 * sessions' "last seen from". On Vercel: the platform's own x-vercel-forwarded-for (Vercel
 * overwrites it at its edge). Elsewhere: the socket's peer as stamped by this process
 * (lib/request/socket-address.ts), then X-Forwarded-For only as far as TRUSTED_PROXIES vouches for it.
 * A header the client forges never moves the address.
 */
export function clientAddress(headers: Headers): string {
  if (env().VERCEL) {
    const platform = headers.get("x-vercel-forwarded-for")?.split(",")[0] ?? headers.get("x-real-ip") ?? "";
    return normalizeAddress(platform) ?? UNKNOWN_ADDRESS;
  }
  const peer = readSocketAddress(headers);
  if (!peer) {
    if (!warnedUnstamped && env().NODE_ENV !== "test") {
      warnedUnstamped = true;
      logger.warn("a request reached the app without this process's socket-address stamp: its client address is unknown (see lib/request/socket-address.ts)");
    }
    return UNKNOWN_ADDRESS;
  }
  const socket = normalizeAddress(peer);
  if (!socket) return UNKNOWN_ADDRESS;
  const trust = trustedProxies();
  // Behind no trusted proxy (the default) X-Forwarded-For is not even read.
  if (!trust.hops && !isTrusted(socket, trust)) return socket;
  const forwarded = (headers.get("x-forwarded-for") ?? "").split(",").filter((part) => part.trim() !== "");
  return walkForwardedChain([...forwarded, socket], trust);
}

/**
 * The key a rate limit counts an address under: an IPv6 client usually holds a whole /64, so all
 * of it is one client; an IPv4 address is itself.
 */
export function addressRateLimitKey(address: string): string {
  if (isIP(address) !== 6) return address;
  const [head = "", tail = ""] = address.split("::");
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const groups = address.includes("::") ? [...left, ...Array<string>(8 - left.length - right.length).fill("0"), ...right] : left;
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ""))
    .join(":")}::/64`;
}
