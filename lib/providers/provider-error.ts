export type ProviderErrorKind = "auth" | "rate_limit" | "unavailable" | "invalid_request";

/**
 * A provider (mailbox, calendar) refused or failed; `retryAfterSeconds` when it said when to come
 * back. Each provider family throws its own subclass so callers can tell them apart by name.
 */
export class ProviderError extends Error {
  /** The provider's HTTP status, where it answered with one (404: the thing is gone). */
  httpStatus?: number;
  constructor(
    message: string,
    readonly kind: ProviderErrorKind,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = "ProviderError";
  }
}

/** The error class a provider family throws (MailProviderError, CalendarProviderError). */
export type ProviderErrorClass = new (message: string, kind: ProviderErrorKind, retryAfterSeconds?: number) => ProviderError;
