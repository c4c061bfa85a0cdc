import { expect, test } from "@playwright/test";

// CORS on the built app: the proxy runs only for requests that carry an Origin header.
test.describe("CORS for other frontends", () => {
  test("answers a preflight from a listed origin and decorates its actual requests", async ({ request }) => {
    const preflight = await request.fetch("/api/senders", {
      method: "OPTIONS",
      headers: {
        origin: "https://frontend.example.test",
        "access-control-request-method": "PUT",
        "access-control-request-headers": "authorization,content-type",
      },
    });
    expect(preflight.status()).toBe(204);
    expect(preflight.headers()["access-control-allow-origin"]).toBe("https://frontend.example.test");
    expect(preflight.headers()["access-control-allow-methods"]).toContain("PUT");
    const actual = await request.get("/api/health", { headers: { origin: "https://frontend.example.test" } });
    expect(actual.status()).toBe(200);
    expect(actual.headers()["access-control-allow-origin"]).toBe("https://frontend.example.test");
  });

  test("gives an unlisted origin nothing, and a request without Origin a plain answer", async ({ request }) => {
    const evil = await request.fetch("/api/senders", {
      method: "OPTIONS",
      headers: { origin: "https://evil.example", "access-control-request-method": "GET" },
    });
    expect(evil.headers()["access-control-allow-origin"]).toBeUndefined();
    const plain = await request.get("/api/health");
    expect(plain.status()).toBe(200);
    expect(plain.headers()["access-control-allow-origin"]).toBeUndefined();
    expect(await plain.json()).toMatchObject({ success: true, data: { status: "ok" } });
  });
});
