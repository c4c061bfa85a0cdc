import type { NextRequest } from "next/server";
import { serve } from "inngest/next";
import { inngest } from "@/lib/events/client";
import { functions } from "@/inngest/functions";
import { errorResponse } from "@/lib/api/envelope";
import { AppError } from "@/lib/errors";
import { isInngestConfigured } from "@/lib/env";

// GET/POST/PUT /api/inngest - the endpoint an Inngest server calls to sync and run the functions
const handlers = serve({ client: inngest, functions });

type RequestHandler = (req: NextRequest, context: unknown) => Promise<Response>;

// Without an Inngest server the functions run in-process and nothing may call this endpoint.
function whenInngestConfigured(handler: RequestHandler): RequestHandler {
  return async (req, context) => {
    if (isInngestConfigured()) return handler(req, context);
    return errorResponse(
      new AppError(
        "SERVICE_UNAVAILABLE",
        "No Inngest server is configured (INNGEST_DEV, INNGEST_BASE_URL or INNGEST_EVENT_KEY): workflows run embedded in the app, so this endpoint is not served",
      ),
    );
  };
}

export const GET = whenInngestConfigured(handlers.GET);
export const POST = whenInngestConfigured(handlers.POST);
export const PUT = whenInngestConfigured(handlers.PUT);
