import { lookup } from "node:dns/promises";
import { BlockList, isIP } from "node:net";
import { env } from "@/lib/env";

/** The host resolves to an address we must not connect to on a user's behalf (SSRF guard). */
export class UnsafeHostError extends Error {
  constructor(
    message: string,
    readonly host: string,
    /** "unresolvable": DNS gave nothing (maybe transient); "private": it points somewhere we refuse. */
    readonly reason: "unresolvable" | "private" = "private",
  ) {
    super(message);
    this.name = "UnsafeHostError";
  }
}

// Special-purpose ranges (IANA IPv4/IPv6 special registries) that are not the public internet.
const BLOCKED = new BlockList();
for (const [net, prefix] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.0.2.0", 24],
  ["192.88.99.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["198.51.100.0", 24],
  ["203.0.113.0", 24],
  ["224.0.0.0", 4],
  ["240.0.0.0", 4],
] as const) {
  BLOCKED.addSubnet(net, prefix, "ipv4");
}
for (const [net, prefix] of [
  ["::", 128],
  ["::1", 128],
  ["100::", 64],
  ["2001::", 23],
  ["2001:db8::", 32],
  ["fc00::", 7],
  ["fe80::", 10],
  ["fec0::", 10],
  ["ff00::", 8],
] as const) {
  BLOCKED.addSubnet(net, prefix, "ipv6");
}

/** The IPv4 address embedded in an IPv4-mapped, IPv4-compatible or NAT64 IPv6 address, if any. */
function embeddedIPv4(address: string): string | null {
  const lower = address.toLowerCase();
  const dotted = lower.match(/^(?:::ffff:|::|64:ff9b::)(\d+\.\d+\.\d+\.\d+)$/);
  if (dotted) return dotted[1]!;
  const hex = lower.match(/^(?:::ffff:|64:ff9b::)([0-9a-f]{1,4}):([0-9a-f]{1,4})$/);
  if (!hex) return null;
  const hi = parseInt(hex[1]!, 16);
  const lo = parseInt(hex[2]!, 16);
  return `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
}

/** True when `address` (an IP literal) is loopback, private, link-local or otherwise not public. */
export function isPrivateAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return BLOCKED.check(address, "ipv4");
  if (family !== 6) return true;
  const v4 = embeddedIPv4(address);
  if (v4) return BLOCKED.check(v4, "ipv4");
  return BLOCKED.check(address, "ipv6");
}

export type AssertPublicHostOptions = {
  /** Overrides env ALLOW_PRIVATE_NETWORK=1 (tests and self-hosted setups talking to a LAN server). */
  allowPrivate?: boolean;
  /** DNS resolution, injectable for tests. */
  resolve?: (host: string) => Promise<string[]>;
};

async function resolveAll(host: string): Promise<string[]> {
  const records = await lookup(host, { all: true, verbatim: true });
  return records.map((r) => r.address);
}

/**
 * Resolve `hostOrUrl` (a host name, an IP literal or an http(s)/imap URL) and refuse it when any of
 * its addresses is not public, so a user-supplied IMAP host or unsubscribe link cannot reach our
 * own network. Returns the resolved addresses: connect to one of them rather than resolving again,
 * otherwise a second DNS answer could point somewhere else (DNS rebinding).
 */
export async function assertPublicHost(hostOrUrl: string, options: AssertPublicHostOptions = {}): Promise<string[]> {
  const host = hostOf(hostOrUrl);
  if (!host) throw new UnsafeHostError("No host given", hostOrUrl, "unresolvable");
  const literal = isIP(host) ? [host] : null;
  let addresses: string[];
  try {
    addresses = literal ?? (await (options.resolve ?? resolveAll)(host));
  } catch {
    throw new UnsafeHostError(`Cannot resolve host ${host}`, host, "unresolvable");
  }
  if (addresses.length === 0) throw new UnsafeHostError(`Cannot resolve host ${host}`, host, "unresolvable");
  const allowPrivate = options.allowPrivate ?? env().ALLOW_PRIVATE_NETWORK === "1";
  if (!allowPrivate) {
    const bad = addresses.find(isPrivateAddress);
    if (bad) throw new UnsafeHostError(`Host ${host} resolves to a private or reserved address (${bad})`, host);
  }
  return addresses;
}

function hostOf(hostOrUrl: string): string {
  const trimmed = hostOrUrl.trim();
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed)) {
    try {
      return new URL(trimmed).hostname.replace(/^\[|\]$/g, "").toLowerCase();
    } catch {
      return "";
    }
  }
  return trimmed
    .replace(/^\[|\]$/g, "")
    .replace(/\.$/, "")
    .toLowerCase();
}
