import { NextResponse } from "next/server";
import { withPublic } from "@/lib/api/with-user";
import { buildOpenApiDocument } from "@/lib/openapi/build-document";

// GET /api/openapi.json - the OpenAPI 3.1 document (plain JSON, not enveloped: tools read it as is)
export const GET = withPublic(async () => NextResponse.json(buildOpenApiDocument()), { rateLimit: false });
