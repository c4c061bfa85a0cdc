import type { NextRequest } from "next/server";
import { appUrl } from "@/lib/env";
import { logger } from "@/lib/logger";
import { ApiResult, errorResponse, ok, successResponse } from "./envelope";
import { AppError, toAppError } from "@/lib/errors";
import { readBodyText } from "./read-body";
import { assertSafeQuery, assertSafeText } from "./safe-text";

type RouteContext = { params: Promise<Record<string, string | string[] | undefined>> };

/** What a provider callback carries: the raw body (for signatures), its parsed fields and the public URL it was sent to. */
export type WebhookRequest = {
  req: NextRequest;
  params: Record<string, string>;
  searchParams: URLSearchParams;
  /** The body exactly as received. */
  rawBody: string;
  /** Form fields (application/x-www-form-urlencoded) or a JSON object's string fields; {} otherwise. */
  fields: Record<string, string>;
  /** The URL the provider was told to call: APP_URL + path + query, never the request's own Host (proxies rewrite it). */
  publicUrl: string;
  headers: Headers;
};

export type WebhookVerifier = (request: WebhookRequest) => boolean | Promise<boolean>;

// Provider callbacks are small (Twilio's are a few hundred bytes); anything larger is not one.
const MAX_WEBHOOK_BYTES = 64 * 1024;

function parseFields(raw: string, contentType: string): Record<string, string> {
  if (contentType.includes("application/x-www-form-urlencoded")) {
    const fields: Record<string, string> = {};
    // Repeated keys keep their first value (Twilio never repeats one in a callback).
    for (const [k, v] of new URLSearchParams(raw)) if (!(k in fields)) fields[k] = v;
    return fields;
  }
  if (contentType.includes("application/json") && raw.trim()) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      throw new AppError("VALIDATION_ERROR", "Malformed JSON body", { _root: ["Body is not valid JSON"] });
    }
    if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) {
      return Object.fromEntries(Object.entries(parsed).flatMap(([k, v]) => (typeof v === "string" ? [[k, v]] : [])));
    }
  }
  return {};
}

/**
 * The door for provider callbacks (carrier status, TwiML fetches, gather results): the raw body is kept
 * for the signature, form-encoded bodies are parsed, and `verify` runs before anything else — an
 * unsigned or wrongly signed request gets 403 in the envelope and reaches no service. Errors thrown by
 * the handler become the envelope; a handler returns a Response (TwiML) or envelope data.
 */
export function withWebhook(verify: WebhookVerifier, handler: (request: WebhookRequest) => Promise<Response | ApiResult | Record<string, unknown> | null>) {
  return async (req: NextRequest, routeContext?: RouteContext) => {
    try {
      const raw = (await routeContext?.params) ?? {};
      const params = Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, Array.isArray(v) ? v.join("/") : (v ?? "")]));
      const rawBody = req.method === "GET" || req.method === "HEAD" ? "" : await readBodyText(req, MAX_WEBHOOK_BYTES);
      const request: WebhookRequest = {
        req,
        params,
        searchParams: req.nextUrl.searchParams,
        rawBody,
        fields: parseFields(rawBody, req.headers.get("content-type") ?? ""),
        publicUrl: `${appUrl()}${req.nextUrl.pathname}${req.nextUrl.search}`,
        headers: req.headers,
      };
      if (!(await verify(request))) throw new AppError("FORBIDDEN", "The request's signature is missing or does not match");
      // Signed, but still text the database must be able to hold.
      assertSafeQuery(req.nextUrl.search);
      assertSafeText({ ...params, ...request.fields });
      const result = await handler(request);
      if (result instanceof Response) return result;
      return successResponse(result instanceof ApiResult ? result : ok(result));
    } catch (error) {
      const appError = toAppError(error);
      if (appError.code === "INTERNAL_ERROR") logger.error("unhandled error in webhook", { method: req.method, path: req.nextUrl.pathname, error });
      return errorResponse(appError);
    }
  };
}
