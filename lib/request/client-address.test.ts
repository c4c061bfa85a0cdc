import { afterEach, describe, expect, it } from "vitest";
import { addressRateLimitKey, clientAddress, normalizeAddress, parseTrustedProxies, walkForwardedChain } from "./client-address";
import { SOCKET_ADDRESS_HEADER, socketAddressStamp } from "./socket-address";

/** A request as the server hands it on: stamped with its socket's peer, plus what the client or proxies sent. */
function request(peer: string | null, sent: Record<string, string> = {}): Headers {
  const headers = new Headers(sent);
  if (peer) headers.set(SOCKET_ADDRESS_HEADER, socketAddressStamp(peer));
  return headers;
}

afterEach(() => {
  delete process.env.TRUSTED_PROXIES;
  delete process.env.VERCEL;
});

describe("clientAddress", () => {
  it("behind no proxy is the socket's peer, whatever forwarding headers the client sends", () => {
    const forged = { "x-forwarded-for": "6.6.6.6", "x-real-ip": "7.7.7.7", "x-vercel-forwarded-for": "8.8.8.8", forwarded: "for=9.9.9.9" };
    expect(clientAddress(request("192.0.2.7", forged))).toBe("192.0.2.7");
    expect(clientAddress(request("::ffff:192.0.2.7"))).toBe("192.0.2.7");
  });

  it("ignores a socket stamp this process did not write, and a request with none is 'unknown'", () => {
    expect(clientAddress(new Headers({ [SOCKET_ADDRESS_HEADER]: "guessed-token 192.0.2.1", "x-forwarded-for": "192.0.2.2" }))).toBe("unknown");
    expect(clientAddress(new Headers({ [SOCKET_ADDRESS_HEADER]: "192.0.2.1" }))).toBe("unknown");
    expect(clientAddress(new Headers({ "x-forwarded-for": "192.0.2.2" }))).toBe("unknown");
  });

  it("behind one trusted proxy takes the address that proxy appended, not what the client wrote before it", () => {
    process.env.TRUSTED_PROXIES = "10.0.0.5";
    // client 198.51.100.4 sent "6.6.6.6"; the proxy appended the client's address.
    expect(clientAddress(request("10.0.0.5", { "x-forwarded-for": "6.6.6.6, 198.51.100.4" }))).toBe("198.51.100.4");
    expect(clientAddress(request("10.0.0.5", { "x-forwarded-for": "198.51.100.4" }))).toBe("198.51.100.4");
    // A client that reaches the app directly (not through the proxy) cannot borrow its trust.
    expect(clientAddress(request("198.51.100.9", { "x-forwarded-for": "6.6.6.6" }))).toBe("198.51.100.9");
  });

  it("behind two trusted proxies (ranges) walks both hops from the right", () => {
    process.env.TRUSTED_PROXIES = "10.0.0.0/8, 172.16.0.0/12";
    const sent = { "x-forwarded-for": "6.6.6.6, 10.9.9.9, 198.51.100.4, 10.1.2.3" };
    // edge 10.1.2.3 saw the client; inner 172.16.0.2 saw the edge; the client forged "6.6.6.6, 10.9.9.9".
    expect(clientAddress(request("172.16.0.2", sent))).toBe("198.51.100.4");
  });

  it("with a hop count trusts that many proxies whatever their addresses", () => {
    process.env.TRUSTED_PROXIES = "2";
    expect(clientAddress(request("203.0.113.2", { "x-forwarded-for": "6.6.6.6, 198.51.100.4, 203.0.113.1" }))).toBe("198.51.100.4");
    process.env.TRUSTED_PROXIES = "1";
    expect(clientAddress(request("203.0.113.2", { "x-forwarded-for": "6.6.6.6, 198.51.100.4, 203.0.113.1" }))).toBe("203.0.113.1");
  });

  it("stops at the last trusted hop when an entry is not an address, and at the leftmost when all are trusted", () => {
    process.env.TRUSTED_PROXIES = "loopback, private";
    expect(clientAddress(request("127.0.0.1", { "x-forwarded-for": "not-an-ip, 10.0.0.3" }))).toBe("10.0.0.3");
    expect(clientAddress(request("127.0.0.1", { "x-forwarded-for": "192.168.1.4, 10.0.0.3" }))).toBe("192.168.1.4");
    expect(clientAddress(request("127.0.0.1"))).toBe("127.0.0.1");
  });

  it("on Vercel is the platform's own x-vercel-forwarded-for", () => {
    process.env.VERCEL = "1";
    expect(clientAddress(new Headers({ "x-vercel-forwarded-for": "198.51.100.4", "x-forwarded-for": "6.6.6.6" }))).toBe("198.51.100.4");
    expect(clientAddress(new Headers({ "x-real-ip": "198.51.100.5" }))).toBe("198.51.100.5");
  });
});

describe("TRUSTED_PROXIES", () => {
  it("refuses an entry it cannot read, naming it", () => {
    expect(() => parseTrustedProxies("10.0.0.0/8, proxy.internal")).toThrow(/"proxy.internal"/);
    expect(() => parseTrustedProxies("10.0.0.0/33")).toThrow(/10.0.0.0\/33/);
    expect(parseTrustedProxies(" 10.0.0.0/8 , 3 , ::1 ").hops).toBe(3);
  });

  it("matches IPv6 ranges", () => {
    const trust = parseTrustedProxies("2001:db8::/32");
    expect(walkForwardedChain(["2001:db9::1", "2001:db8::7"], trust)).toBe("2001:db9::1");
  });
});

describe("addresses", () => {
  it("normalises ports, brackets and IPv4-mapped IPv6; refuses what is not an address", () => {
    expect(normalizeAddress("[2001:DB8::1]:443")).toBe("2001:db8::1");
    expect(normalizeAddress("192.0.2.1:8080")).toBe("192.0.2.1");
    expect(normalizeAddress("::ffff:192.0.2.1")).toBe("192.0.2.1");
    expect(normalizeAddress("unknown")).toBeNull();
  });

  it("counts an IPv6 client by its /64 and an IPv4 client by its address", () => {
    expect(addressRateLimitKey("2001:db8:1:2:aaaa::1")).toBe("2001:db8:1:2::/64");
    expect(addressRateLimitKey("2001:db8:1:2:bbbb:cccc:dddd:eeee")).toBe("2001:db8:1:2::/64");
    expect(addressRateLimitKey("2001:db8::1")).toBe("2001:db8:0:0::/64");
    expect(addressRateLimitKey("192.0.2.1")).toBe("192.0.2.1");
  });
});
