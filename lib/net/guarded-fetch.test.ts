import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { UnsafeHostError } from "./assert-public-host";
import { createGuardedFetch } from "./guarded-fetch";

let server: Server;
let base: string;
const seen: { method: string; body: string; host: string }[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString()));
    req.on("end", () => {
      seen.push({ method: req.method ?? "", body, host: req.headers.host ?? "" });
      if (req.url === "/.well-known/caldav") {
        res.writeHead(301, { location: "/dav/" });
        return res.end();
      }
      res.writeHead(207, { "content-type": "application/xml; charset=utf-8", "set-cookie": ["a=1", "b=2"] });
      res.end(`<multistatus>${req.method}:${body}</multistatus>`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe("createGuardedFetch", () => {
  it("refuses a loopback host unless private networks are allowed, before connecting", async () => {
    const before = seen.length;
    await expect(createGuardedFetch({ allowPrivate: false })(`${base}/dav/`)).rejects.toBeInstanceOf(UnsafeHostError);
    expect(seen.length).toBe(before);
  });

  it("sends WebDAV methods with their body and hands back status, headers and body", async () => {
    const res = await createGuardedFetch({ allowPrivate: true })(`${base}/dav/`, { method: "PROPFIND", headers: { depth: "0" }, body: "<propfind/>" });
    expect(res.status).toBe(207);
    expect(res.url).toBe(`${base}/dav/`);
    expect(res.headers.get("content-type")).toContain("xml");
    expect(await res.text()).toBe("<multistatus>PROPFIND:<propfind/></multistatus>");
  });

  it("returns a redirect instead of following it", async () => {
    const before = seen.length;
    const res = await createGuardedFetch({ allowPrivate: true })(`${base}/.well-known/caldav`, { method: "PROPFIND", redirect: "manual" });
    expect(res.status).toBe(301);
    expect(res.headers.get("location")).toBe("/dav/");
    expect(seen.length).toBe(before + 1);
  });

  it("connects to the address it checked, and refuses plain http to a public address", async () => {
    // The name resolves to loopback (allowed here): the request must reach our server under that name.
    const port = new URL(base).port;
    const res = await createGuardedFetch({ allowPrivate: true, resolve: async () => ["127.0.0.1"] })(`http://calendar.example.test:${port}/dav/`);
    expect(res.status).toBe(207);
    expect(seen.at(-1)!.host).toBe(`calendar.example.test:${port}`);
    await expect(createGuardedFetch({ resolve: async () => ["93.184.216.34"] })("http://calendar.example.com/dav/")).rejects.toThrow(
      /must be reached over https/,
    );
    await expect(createGuardedFetch({ allowPrivate: true })("ftp://127.0.0.1/x")).rejects.toThrow(/Only http\(s\)/);
  });
});
