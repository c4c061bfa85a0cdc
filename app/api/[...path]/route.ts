import type { NextRequest } from "next/server";
import { errorResponse } from "@/lib/api/envelope";
import { AppError } from "@/lib/errors";

// Any /api path no route file claims: a JSON 404 in the envelope, never Next's HTML page.
function notFound(req: NextRequest) {
  return errorResponse(new AppError("NOT_FOUND", `No API route for ${req.method} ${req.nextUrl.pathname}`));
}

export { notFound as GET, notFound as POST, notFound as PUT, notFound as PATCH, notFound as DELETE };
