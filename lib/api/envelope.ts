import { NextResponse } from "next/server";
import type { AppError } from "@/lib/errors";
import type { Pagination } from "@/lib/pagination";

/** A success body with extras: a message, a pagination object or a non-200 status. */
export class ApiResult<T = unknown> {
  constructor(
    readonly data: T,
    readonly options: { message?: string; pagination?: Pagination; status?: number; headers?: Record<string, string> } = {},
  ) {}
}

export function ok<T>(data: T, options?: ApiResult<T>["options"]): ApiResult<T> {
  return new ApiResult(data, options);
}

// Envelope answers hold personal data (or tokens) more often than not: no cache may keep any of them.
const NO_STORE = { "Cache-Control": "no-store" };

export function successResponse(result: ApiResult): NextResponse {
  const { message, pagination: p, status = 200, headers } = result.options;
  const body: Record<string, unknown> = { success: true, data: result.data };
  if (message) body.message = message;
  if (p) body.pagination = p;
  return NextResponse.json(body, { status, headers: { ...NO_STORE, ...headers } });
}

export function errorResponse(error: AppError): NextResponse {
  const body: Record<string, unknown> = { code: error.code, message: error.message };
  if (error.details !== undefined) body.details = error.details;
  const headers: Record<string, string> = { ...NO_STORE };
  if (error.retryAfter !== undefined) {
    body.retry_after = error.retryAfter;
    headers["Retry-After"] = String(error.retryAfter);
  }
  return NextResponse.json({ success: false, error: body }, { status: error.status, headers });
}
