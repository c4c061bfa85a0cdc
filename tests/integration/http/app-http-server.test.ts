import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api } from "@/tests/helpers/api";
import { startAppHttpServer } from "@/tests/helpers/app-http-server";

let server: Awaited<ReturnType<typeof startAppHttpServer>>;
beforeAll(async () => {
  server = await startAppHttpServer();
});
afterAll(async () => {
  await server.stop();
});

describe("the app's route handlers behind a real loopback HTTP server", () => {
  it("serves a route with its status, headers and JSON body", async () => {
    const res = await fetch(`${server.url}/api/health`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("application/json");
    expect(await res.json()).toMatchObject({ success: true, data: { status: "ok" } });
  });

  it("passes the raw body and every header through, byte for byte", async () => {
    const email = `http.${Date.now()}@example.com`;
    const name = "Zoë Ångström 漢字";
    const register = await fetch(`${server.url}/api/auth/register`, {
      method: "POST",
      headers: { "content-type": "application/json; charset=utf-8", "x-forwarded-for": "198.51.100.77" },
      body: JSON.stringify({ email, password: "correct horse battery", name }),
    });
    expect(register.status).toBe(201);
    const { data } = (await register.json()) as { data: { access_token: string } };
    const me = await fetch(`${server.url}/api/auth/me`, { headers: { authorization: `Bearer ${data.access_token}` } });
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ success: true, data: { user: { email, name } } });
    const anonymous = await fetch(`${server.url}/api/auth/me`);
    expect(anonymous.status).toBe(401);
  });

  it("routes exactly as api() does: params, the catch-all, and 405 for a method a route does not export", async () => {
    const id = "00000000-0000-4000-8000-000000000000";
    const viaHttp = await fetch(`${server.url}/api/calls/${id}`);
    const direct = await api("GET", `/api/calls/${id}`);
    expect(viaHttp.status).toBe(direct.status);
    expect(await viaHttp.json()).toEqual(direct.body);

    const unknown = await fetch(`${server.url}/api/no/such/route`, { method: "POST", body: "x" });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ success: false, error: { code: "NOT_FOUND", message: "No API route for POST /api/no/such/route" } });

    const notApi = await fetch(`${server.url}/not-an-api-path`);
    expect(notApi.status).toBe(404);

    const wrongMethod = await fetch(`${server.url}/api/health`, { method: "DELETE" });
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get("allow")).toContain("GET");
    expect(server.requests.map((r) => [r.method, new URL(r.url).pathname, r.status]).at(-1)).toEqual(["DELETE", "/api/health", 405]);
  });
});
