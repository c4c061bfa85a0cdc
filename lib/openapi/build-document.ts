import { z } from "zod";
import { ERROR_STATUS } from "@/lib/errors";
import { OPERATIONS, type Operation } from "./operations";

function jsonSchema(schema: z.ZodType, io: "input" | "output") {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { target: "draft-2020-12", io, unrepresentable: "any" }) as Record<string, unknown>;
  return rest;
}

function queryParameters(schema: z.ZodType) {
  const full = jsonSchema(schema, "input") as { properties?: Record<string, unknown>; required?: string[] };
  return Object.entries(full.properties ?? {}).map(([name, s]) => ({ name, in: "query", required: full.required?.includes(name) ?? false, schema: s }));
}

function pathParameters(path: string) {
  return [...path.matchAll(/\{(\w+)\}/g)].map(([, name]) => ({ name, in: "path", required: true, schema: { type: "string" } }));
}

function successSchema(op: Operation) {
  const properties: Record<string, unknown> = {
    success: { const: true },
    data: op.response ? jsonSchema(op.response, "output") : {},
    message: { type: "string" },
  };
  if (op.paginated) properties.pagination = { $ref: "#/components/schemas/Pagination" };
  return { type: "object", properties, required: ["success", "data", ...(op.paginated ? ["pagination"] : [])] };
}

const errorRef = (description: string) => ({ description, content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } } });

/** The OpenAPI 3.1 document, generated from the same zod schemas the handlers parse with. */
export function buildOpenApiDocument() {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of OPERATIONS) {
    const responses: Record<string, unknown> = {
      [String(op.status ?? 200)]: { description: op.summary, content: { "application/json": { schema: successSchema(op) } } },
      "429": errorRef("Rate limit exceeded (see retry_after and the Retry-After header)"),
      "500": errorRef("Unexpected error"),
    };
    if (op.body || op.query) responses["400"] = errorRef("Validation error: details map each failing field to its messages");
    if (op.body) responses["413"] = errorRef("Body larger than 1 MB");
    if (op.auth) responses["401"] = errorRef("Missing, invalid or revoked credentials");
    if (op.path.includes("{")) responses["404"] = errorRef("Not found (also for another user's resource)");
    paths[op.path] ??= {};
    paths[op.path]![op.method.toLowerCase()] = {
      summary: op.summary,
      tags: [op.tag],
      operationId: `${op.method.toLowerCase()}${op.path.replace(/\{(\w+)\}/g, "By_$1").replace(/[^a-zA-Z0-9]+(.)?/g, (_, c: string | undefined) => (c ? c.toUpperCase() : ""))}`,
      security: op.auth ? [{ bearerAuth: [] }, { sessionCookie: [] }] : [],
      parameters: [...pathParameters(op.path), ...(op.query ? queryParameters(op.query) : [])],
      ...(op.body ? { requestBody: { required: true, content: { "application/json": { schema: jsonSchema(op.body, "input") } } } } : {}),
      responses,
    };
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "PookAi API",
      version: "1.0.0",
      description:
        "Voice concierge for the inbox. Every response uses the envelope {success, data, message?, pagination?} or {success:false, error:{code, message, details?}}.",
    },
    servers: [{ url: "/" }],
    paths,
    components: {
      securitySchemes: {
        bearerAuth: { type: "http", scheme: "bearer", bearerFormat: "JWT" },
        sessionCookie: { type: "apiKey", in: "cookie", name: "next-auth.session-token" },
      },
      schemas: {
        Pagination: {
          type: "object",
          properties: { page: { type: "integer" }, limit: { type: "integer" }, total: { type: "integer" }, pages: { type: "integer" } },
          required: ["page", "limit", "total", "pages"],
        },
        Error: {
          type: "object",
          properties: {
            success: { const: false },
            error: {
              type: "object",
              properties: {
                code: { enum: Object.keys(ERROR_STATUS) },
                message: { type: "string" },
                details: {},
                retry_after: { type: "integer" },
              },
              required: ["code", "message"],
            },
          },
          required: ["success", "error"],
        },
      },
    },
  };
}
