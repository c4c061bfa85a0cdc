import { describe, expect, it } from "vitest";
import { assertPublicHost, isPrivateAddress, UnsafeHostError } from "./assert-public-host";

describe("isPrivateAddress", () => {
  it.each([
    "127.0.0.1",
    "10.1.2.3",
    "172.16.0.1",
    "192.168.1.1",
    "169.254.169.254",
    "100.64.0.1",
    "0.0.0.0",
    "::1",
    "::",
    "fe80::1",
    "fd00::1",
    "::ffff:127.0.0.1",
    "::ffff:a9fe:a9fe",
    "64:ff9b::10.0.0.1",
  ])("refuses %s", (ip) => expect(isPrivateAddress(ip)).toBe(true));
  it.each(["8.8.8.8", "142.250.74.110", "2606:4700:4700::1111", "::ffff:8.8.8.8"])("accepts %s", (ip) => expect(isPrivateAddress(ip)).toBe(false));
});

describe("assertPublicHost", () => {
  const resolveTo = (addresses: string[]) => async () => addresses;

  it("returns the addresses of a public host", async () => {
    await expect(assertPublicHost("imap.example.com", { allowPrivate: false, resolve: resolveTo(["93.184.216.34"]) })).resolves.toEqual(["93.184.216.34"]);
  });
  it("refuses a host when any of its addresses is private", async () => {
    await expect(assertPublicHost("mixed.example.com", { allowPrivate: false, resolve: resolveTo(["93.184.216.34", "10.0.0.5"]) })).rejects.toBeInstanceOf(
      UnsafeHostError,
    );
  });
  it("takes http(s) URLs and IP literals", async () => {
    await expect(assertPublicHost("https://127.0.0.1:8443/unsubscribe", { allowPrivate: false })).rejects.toThrow(/private or reserved/);
    await expect(assertPublicHost("http://[::1]/x", { allowPrivate: false })).rejects.toThrow(UnsafeHostError);
    await expect(assertPublicHost("localhost", { allowPrivate: false })).rejects.toThrow(UnsafeHostError);
  });
  it("allows private hosts when configured", async () => {
    await expect(assertPublicHost("127.0.0.1", { allowPrivate: true })).resolves.toEqual(["127.0.0.1"]);
    process.env.ALLOW_PRIVATE_NETWORK = "1";
    try {
      await expect(assertPublicHost("127.0.0.1")).resolves.toEqual(["127.0.0.1"]);
    } finally {
      delete process.env.ALLOW_PRIVATE_NETWORK;
    }
  });
  it("refuses unresolvable hosts", async () => {
    await expect(
      assertPublicHost("nowhere.invalid", {
        allowPrivate: false,
        resolve: async () => {
          throw new Error("ENOTFOUND");
        },
      }),
    ).rejects.toMatchObject({ reason: "unresolvable" });
    await expect(assertPublicHost("10.0.0.1", { allowPrivate: false })).rejects.toMatchObject({ reason: "private" });
  });
});
