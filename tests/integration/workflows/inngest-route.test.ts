import { afterEach, describe, expect, it, vi } from "vitest";
import { api } from "@/tests/helpers/api";

describe("/api/inngest", () => {
  afterEach(() => {
    delete process.env.INNGEST_DEV;
    vi.resetModules();
  });

  it("answers 503 SERVICE_UNAVAILABLE in the envelope when workflows run embedded", async () => {
    for (const method of ["GET", "POST", "PUT"]) {
      const res = await api(method, "/api/inngest");
      expect(res.status).toBe(503);
      expect(res.body).toEqual({ success: false, error: { code: "SERVICE_UNAVAILABLE", message: expect.stringMatching(/embedded/) } });
    }
  });

  it("serves the functions with serve() when an Inngest server is configured", async () => {
    process.env.INNGEST_DEV = "1";
    vi.resetModules();
    const { functions } = await import("@/inngest/functions");
    const res = await api("GET", "/api/inngest");
    expect(res.status).toBe(200);
    // Inngest counts an onFailure handler as a function of its own.
    const withFailureHandlers = functions.reduce((n, f) => n + (f.opts.onFailure ? 2 : 1), 0);
    expect(res.body).toMatchObject({ function_count: withFailureHandlers, mode: "dev" });
  });
});
