import type { OAuthApp } from "../oauth-app";
import { parseRetryAfter } from "../shared/retry-after";
import type { ProviderError } from "../provider-error";

export type GoogleErrorInfo = {
  status: number | null;
  /** Google's `errors[0].reason` (rateLimitExceeded, notFound ...) or the token endpoint's `error`. */
  reason: string;
  retryable: boolean;
  retryAfterMs: number | null;
  error: ProviderError;
};

const NETWORK_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ENOTFOUND", "EAI_AGAIN", "ETIMEDOUT", "EHOSTUNREACH", "ENETUNREACH", "EPIPE"]);
const RATE_REASONS = new Set(["rateLimitExceeded", "userRateLimitExceeded", "RESOURCE_EXHAUSTED", "concurrentLimitExceeded"]);

function headerOf(headers: unknown, name: string): string | null {
  if (!headers) return null;
  if (typeof (headers as Headers).get === "function") return (headers as Headers).get(name);
  const value = (headers as Record<string, unknown>)[name];
  return typeof value === "string" ? value : null;
}

/**
 * Classify a gaxios / google-auth-library failure: what it means for us and whether to retry, as
 * an error of the calling app's provider family naming its service ("Gmail", "Google Calendar").
 */
export function classifyGoogleError(err: unknown, nowMs: number, app: Pick<OAuthApp, "label" | "Error">): GoogleErrorInfo {
  const { label, Error: Failure } = app;
  const e = err as {
    response?: { status?: number; headers?: unknown; data?: { error?: unknown } };
    code?: unknown;
    cause?: { code?: unknown };
    message?: string;
  };
  const status = e.response?.status ?? null;
  if (status === null) {
    const rawCode = e.code ?? e.cause?.code;
    const code = typeof rawCode === "string" || typeof rawCode === "number" ? String(rawCode) : "";
    if (NETWORK_CODES.has(code) || /fetch failed|socket hang up|network/i.test(e.message ?? "")) {
      return { status, reason: code, retryable: true, retryAfterMs: null, error: new Failure(`${label} could not be reached`, "unavailable") };
    }
    if (/refresh token|no access/i.test(e.message ?? "")) {
      return {
        status,
        reason: "no_token",
        retryable: false,
        retryAfterMs: null,
        error: new Failure(`${label} credentials are missing a refresh token`, "auth"),
      };
    }
    return {
      status,
      reason: code,
      retryable: false,
      retryAfterMs: null,
      error: new Failure(`${label} request failed: ${e.message ?? "unknown error"}`, "unavailable"),
    };
  }
  const data = e.response?.data?.error;
  const reason =
    typeof data === "string"
      ? data
      : String(
          (data as { errors?: { reason?: string }[]; status?: string } | undefined)?.errors?.[0]?.reason ??
            (data as { status?: string } | undefined)?.status ??
            "",
        );
  const retryAfterMs = parseRetryAfter(headerOf(e.response?.headers, "retry-after"), nowMs);
  const seconds = retryAfterMs === null ? undefined : Math.ceil(retryAfterMs / 1000);
  if (status === 429 || (status === 403 && RATE_REASONS.has(reason))) {
    return { status, reason, retryable: true, retryAfterMs, error: new Failure(`${label} rate limit exceeded`, "rate_limit", seconds) };
  }
  if (status === 401 || status === 403 || reason === "invalid_grant" || reason === "invalid_client" || reason === "unauthorized_client") {
    return {
      status,
      reason,
      retryable: false,
      retryAfterMs,
      error: new Failure(`${label} refused the credentials (${reason || status}): reconnect the account`, "auth"),
    };
  }
  if (status >= 500) {
    return { status, reason, retryable: true, retryAfterMs, error: new Failure(`${label} is unavailable (HTTP ${status})`, "unavailable", seconds) };
  }
  return { status, reason, retryable: false, retryAfterMs, error: new Failure(`${label} rejected the request (HTTP ${status} ${reason})`, "invalid_request") };
}
