import { AppError } from "@/lib/errors";
import { UnsafeHostError } from "@/lib/net/assert-public-host";
import { ProviderError } from "@/lib/providers/provider-error";

/**
 * A provider failure (mailbox or calendar) as the API reports it: refused credentials or a bad
 * request are the caller's to fix (400), an unreachable or throttling provider is a 502. `label`
 * names the service ("Gmail", "The CalDAV server"). Anything else is returned as is.
 */
export function providerErrorToAppError(error: unknown, label: string): unknown {
  if (error instanceof AppError) return error;
  if (error instanceof UnsafeHostError) {
    return new AppError("VALIDATION_ERROR", error.message, { host: [error.message] });
  }
  if (error instanceof ProviderError) {
    switch (error.kind) {
      case "auth":
        return new AppError("VALIDATION_ERROR", `${label} rejected the credentials: ${error.message}`, { credentials: [error.message] });
      case "invalid_request":
        return new AppError("VALIDATION_ERROR", `${label}: ${error.message}`);
      case "rate_limit":
        return new AppError("PROVIDER_ERROR", `${label} is rate limiting requests: ${error.message}`, undefined, error.retryAfterSeconds);
      default:
        return new AppError("PROVIDER_ERROR", `${label} could not be reached: ${error.message}`);
    }
  }
  return error;
}
