import { beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { api, registerTestUser } from "@/tests/helpers/api";
import { OPERATIONS } from "@/lib/openapi/operations";
import { UNSAFE_TEXT_MESSAGE } from "@/lib/api/safe-text";

type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  oneOf?: JsonSchema[];
  anyOf?: JsonSchema[];
  const?: unknown;
};

/** Every string field of a request schema, each as the smallest body that puts text there (a union's branches one by one). */
function stringFields(schema: JsonSchema, path: string[] = [], base: Record<string, unknown> = {}): { path: string; body: unknown }[] {
  const branches = schema.oneOf ?? schema.anyOf;
  if (branches) return branches.flatMap((b) => stringFields(b, path, base));
  const types = [schema.type].flat();
  if (types.includes("object") && schema.properties) {
    // Keep a branch's discriminator (provider: "imap") so the probe lands in that branch.
    const consts = Object.fromEntries(Object.entries(schema.properties).flatMap(([k, s]) => (s.const !== undefined ? [[k, s.const]] : [])));
    return Object.entries(schema.properties).flatMap(([key, s]) =>
      stringFields(s, [...path, key], { ...base, ...consts }).map((f) => (path.length ? f : { ...f, body: { ...consts, ...(f.body as object) } })),
    );
  }
  if (types.includes("array") && schema.items) return stringFields(schema.items, [...path, "0"], base);
  if (types.includes("string") && schema.const === undefined) return [{ path: path.join("."), body: nest(path, "a\u0000b") }];
  return [];
}

function nest(path: string[], leaf: unknown): unknown {
  return path.reduceRight<unknown>((inner, key) => (/^\d+$/.test(key) ? [inner] : { [key]: inner }), leaf);
}

function inputSchema(schema: z.ZodType): JsonSchema {
  return z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as JsonSchema;
}

/** A concrete path for an operation ({id} becomes a well-formed id that need not exist). */
function concrete(path: string, param = "00000000-0000-4000-8000-000000000000") {
  return path.replace(/\{\w+\}/g, param);
}

let token: string;
beforeAll(async () => {
  token = (await registerTestUser()).token;
});

/**
 * The carrier's POST callbacks (withWebhook) check the Twilio signature before anything else:
 * an unsigned request, whatever its text, is a 403 that reaches no service.
 */
const isSignedCallback = (op: (typeof OPERATIONS)[number]) => op.tag === "voice callbacks" && op.method === "POST";

function expectRefused(op: (typeof OPERATIONS)[number], res: { status: number; body: any }, field: string) {
  if (!isSignedCallback(op)) {
    expectUnsafeText(res, field);
    return;
  }
  expect(res.status).toBe(403);
  expect(res.body.error.code).toBe("FORBIDDEN");
}

function expectUnsafeText(res: { status: number; body: any }, field: string) {
  expect(res.status).toBe(400);
  expect(res.body.error.code).toBe("VALIDATION_ERROR");
  expect(res.body.error.details[field]).toEqual([UNSAFE_TEXT_MESSAGE]);
}

describe("NUL and invalid UTF-8 in any text input are a 400, never a database error", () => {
  it("GET /api/senders?search=%00%FF (found by fuzzing) is a VALIDATION_ERROR; real text still searches", async () => {
    expectUnsafeText(await api("GET", "/api/senders?search=%00%FF", { token }), "search");
    expectUnsafeText(await api("GET", "/api/senders?search=%FF", { token }), "search");
    expect((await api("GET", "/api/senders?search=caf%C3%A9+100%25", { token })).status).toBe(200);
    // A lone % is a literal percent sign, as URLSearchParams reads it.
    expect((await api("GET", "/api/senders?search=100%", { token })).status).toBe(200);
  });

  const queryCases = OPERATIONS.flatMap((op) =>
    op.query ? Object.keys(inputSchema(op.query).properties ?? {}).map((name) => [`${op.method} ${op.path}?${name}`, op, name] as const) : [],
  );
  it.each(queryCases)("%s", async (_label, op, name) => {
    for (const value of ["%00", "a%FFb", "%ED%A0%80"]) {
      expectRefused(op, await api(op.method, `${concrete(op.path)}?${name}=${value}`, { token, ...(op.body ? { body: {} } : {}) }), name);
    }
  });

  const bodyCases = OPERATIONS.flatMap((op) =>
    op.body ? stringFields(inputSchema(op.body)).map((f) => [`${op.method} ${op.path} body.${f.path}`, op, f.path, f.body] as const) : [],
  );
  it.each(bodyCases)("%s", async (_label, op, path, body) => {
    expectRefused(op, await api(op.method, concrete(op.path), { token, body }), path);
  });

  it("covers every operation's text inputs: each one with a query or a body has cases above", () => {
    const covered = new Set([...queryCases.map(([, op]) => op), ...bodyCases.map(([, op]) => op)]);
    expect(OPERATIONS.filter((op) => (op.query || op.body) && !covered.has(op)).map((op) => `${op.method} ${op.path}`)).toEqual([]);
    expect(bodyCases.length).toBeGreaterThan(20);
  });

  const pathCases = OPERATIONS.filter((op) => op.path.includes("{")).map((op) => [`${op.method} ${op.path}`, op] as const);
  it.each(pathCases)("%s with NUL in its path parameter", async (_label, op) => {
    const res = await api(op.method, concrete(op.path, "%00"), { token, ...(op.body ? { body: {} } : {}) });
    expect(res.status).toBe(isSignedCallback(op) ? 403 : 400);
    expect(res.body.error.code).toBe(isSignedCallback(op) ? "FORBIDDEN" : "VALIDATION_ERROR");
  });

  it("a body with invalid UTF-8 bytes, an unpaired surrogate, or NUL in a key", async () => {
    const bad = new Uint8Array([...new TextEncoder().encode('{"name":"'), 0xff, 0xfe, ...new TextEncoder().encode('"}')]);
    const raw = await api("PUT", "/api/users/profile", { token, rawBody: bad, headers: { "content-type": "application/json" } });
    expect(raw.status).toBe(400);
    expect(raw.body.error).toMatchObject({ code: "VALIDATION_ERROR", details: { _root: ["Body is not valid UTF-8"] } });
    expectUnsafeText(await api("PUT", "/api/users/profile", { token, rawBody: '{"name":"\\ud800"}', headers: { "content-type": "application/json" } }), "name");
    expectUnsafeText(await api("POST", "/api/senders/bulk-update", { token, body: { "up\u0000dates": [] } }), "up\u0000dates");
    // Nothing changed.
    expect((await api("GET", "/api/users/profile", { token })).body.data.user.name).not.toContain("\u0000");
  });
});
