import { describe, expect, it, afterEach } from "vitest";
import { NextRequest } from "next/server";
import { api } from "@/tests/helpers/api";
import { proxy } from "@/proxy";
import { OPERATIONS } from "@/lib/openapi/operations";
import { missingDeploymentConfig } from "@/lib/env";

describe("probes", () => {
  it("GET /api/health answers without dependencies", async () => {
    const res = await api("GET", "/api/health");
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ success: true, data: { status: "ok", uptime_seconds: expect.any(Number), time: expect.any(String) } });
  });

  it("GET /api/ready checks the database and migrations", async () => {
    const res = await api("GET", "/api/ready");
    expect(res.status).toBe(200);
    expect(res.body.data.status).toBe("ready");
    expect(res.body.data.checks).toMatchObject({ config: { status: "ok" }, database: { status: "ok" }, migrations: { status: "ok" } });
  });

  describe("on Vercel without the required configuration", () => {
    const saved = { ...process.env };
    afterEach(() => {
      process.env = { ...saved };
    });
    it("is not ready and names what is missing instead of falling back silently", async () => {
      process.env.VERCEL = "1";
      process.env.JWT_SECRET = "x".repeat(32);
      process.env.NEXTAUTH_SECRET = "y".repeat(32);
      process.env.ENCRYPTION_KEY = "z".repeat(32);
      const res = await api("GET", "/api/ready");
      expect(res.status).toBe(503);
      expect(res.body.error.code).toBe("SERVICE_UNAVAILABLE");
      expect(res.body.error.details.checks.config.message).toContain("INNGEST_EVENT_KEY");
      expect(res.body.error.details.checks.config.message).toContain("INNGEST_SIGNING_KEY");
      // The embedded database cannot serve there either.
      delete process.env.DATABASE_URL;
      expect(missingDeploymentConfig()).toEqual(["DATABASE_URL", "INNGEST_EVENT_KEY", "INNGEST_SIGNING_KEY"]);
    });
  });
});

describe("unknown paths", () => {
  it("is a JSON 404 in the envelope for any method", async () => {
    for (const method of ["GET", "POST", "PUT", "PATCH", "DELETE"]) {
      const res = await api(method, "/api/does/not/exist");
      expect(res.status).toBe(404);
      expect(res.body).toEqual({ success: false, error: { code: "NOT_FOUND", message: `No API route for ${method} /api/does/not/exist` } });
    }
  });
});

describe("CORS", () => {
  const saved = process.env.CORS_ORIGINS;
  afterEach(() => {
    process.env.CORS_ORIGINS = saved;
  });

  function preflight(origin: string) {
    return proxy(
      new NextRequest("http://localhost:3000/api/senders", {
        method: "OPTIONS",
        headers: { origin, "access-control-request-method": "PUT", "access-control-request-headers": "authorization,content-type" },
      }),
    );
  }

  it("allows no origin by default", async () => {
    delete process.env.CORS_ORIGINS;
    const res = preflight("https://app.example.com");
    expect(res.status).toBe(204);
    expect(res.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("answers preflight and actual requests for listed origins only", async () => {
    process.env.CORS_ORIGINS = "https://app.example.com, https://admin.example.com/";
    const ok = preflight("https://admin.example.com");
    expect(ok.status).toBe(204);
    expect(ok.headers.get("access-control-allow-origin")).toBe("https://admin.example.com");
    expect(ok.headers.get("access-control-allow-methods")).toContain("PUT");
    expect(ok.headers.get("access-control-allow-headers")).toContain("Authorization");
    expect(preflight("https://evil.example.com").headers.get("access-control-allow-origin")).toBeNull();
    const actual = proxy(new NextRequest("http://localhost:3000/api/senders", { headers: { origin: "https://app.example.com" } }));
    expect(actual.headers.get("access-control-allow-origin")).toBe("https://app.example.com");
    expect(actual.headers.get("vary")).toContain("Origin");
  });
});

describe("GET /api/openapi.json", () => {
  it("is an OpenAPI 3.1 document generated from the zod schemas", async () => {
    const res = await api("GET", "/api/openapi.json");
    expect(res.status).toBe(200);
    expect(res.body.openapi).toBe("3.1.0");
    const put = res.body.paths["/api/preferences"].put;
    expect(put.requestBody.content["application/json"].schema.properties.preferred_call_time).toMatchObject({ type: "string", pattern: expect.any(String) });
    const list = res.body.paths["/api/senders"].get;
    expect(list.parameters.map((p: { name: string }) => p.name)).toEqual(expect.arrayContaining(["page", "limit", "category", "search", "sort"]));
    expect(list.responses["200"].content["application/json"].schema.required).toContain("pagination");
  });

  it("documents every route file's methods, and nothing that does not exist", async () => {
    const files = import.meta.glob<Record<string, unknown>>("/app/api/**/route.ts");
    const actual: string[] = [];
    for (const [file, load] of Object.entries(files)) {
      const path = file
        .replace(/^\/app/, "")
        .replace(/\/route\.ts$/, "")
        .replace(/\[(\w+)\]/g, "{$1}");
      // next-auth's own routes, the Inngest endpoint and the 404 catch-all are not part of the API surface.
      if (path.includes("[...") || path === "/api/inngest") continue;
      const mod = await load();
      for (const method of ["GET", "POST", "PUT", "PATCH", "DELETE"]) if (typeof mod[method] === "function") actual.push(`${method} ${path}`);
    }
    expect(OPERATIONS.map((o) => `${o.method} ${o.path}`).sort()).toEqual(actual.sort());
  });
});
