import { unstable_rethrow } from "next/navigation";
import { logger } from "@/lib/logger";
import { toAppError, type ErrorCode } from "@/lib/errors";

/** What a server action hands back to the browser: the data, or an error that is safe to show. */
export type ActionResult<T> = { ok: true; data: T } | { ok: false; code: ErrorCode; error: string; fieldErrors?: Record<string, string[]> };

function isFieldErrors(details: unknown): details is Record<string, string[]> {
  return typeof details === "object" && details !== null && Object.values(details).every((v) => Array.isArray(v));
}

/**
 * The server actions' counterpart of withUser's error handling: only an AppError's message (and a
 * validation error's field messages) reaches the browser; anything else is logged and becomes
 * "Something went wrong". Next's redirect() and notFound() pass through untouched.
 */
export async function runAction<T>(name: string, action: () => Promise<T>): Promise<ActionResult<T>> {
  try {
    return { ok: true, data: await action() };
  } catch (error) {
    unstable_rethrow(error);
    const appError = toAppError(error);
    if (appError.code === "INTERNAL_ERROR") logger.error("unhandled error in server action", { action: name, error });
    const fieldErrors = appError.code === "VALIDATION_ERROR" && isFieldErrors(appError.details) ? appError.details : undefined;
    return { ok: false, code: appError.code, error: appError.message, ...(fieldErrors ? { fieldErrors } : {}) };
  }
}
