import type { MAIL_PROVIDERS } from "@/lib/schemas/enums";
import { ProviderError, type ProviderErrorKind } from "../provider-error";

export type MailProviderName = (typeof MAIL_PROVIDERS)[number];

/** Header metadata of one message: never a body. Header names are lower-case. */
export type MailMessageMeta = {
  /** Stable per mailbox: Gmail message id, Graph message id, IMAP "<uidvalidity>:<uid>", demo id. */
  provider_message_id: string;
  thread_id: string | null;
  from_email: string;
  from_name: string;
  to: string;
  subject: string;
  /** The provider's short plain-text snippet (Gmail snippet, Graph bodyPreview); "" where none. */
  snippet: string;
  date: Date;
  /**
   * The headers PookAi classifies by, when present: list-unsubscribe, list-unsubscribe-post,
   * list-id, precedence, auto-submitted, content-type, reply-to, x-mailer, return-path,
   * x-campaign / x-mailgun-tag / x-sg-eid / feedback-id style ESP signatures.
   */
  headers: Record<string, string>;
  /** True when the message carries a text/calendar part or is an invitation. */
  has_calendar: boolean;
};

/** Opaque per-provider incremental-sync state, stored as JSON on the integration. */
export type SyncCursor = Record<string, unknown>;

export type MailPage = {
  messages: MailMessageMeta[];
  /** Pass back to get the next page; null when the listing is complete. */
  next_page_token: string | null;
  /** Best estimate of the mailbox size (for progress), if the provider knows it. */
  estimated_total: number | null;
};

export type MailChanges = {
  /** New messages since the cursor (deletions are not needed by PookAi). */
  messages: MailMessageMeta[];
  next_page_token: string | null;
  /** Set on the last page: the cursor to store for next time. */
  cursor: SyncCursor | null;
};

export interface MailProvider {
  readonly name: MailProviderName;
  /** Check the credentials work (a real round trip) and return the mailbox's address. */
  verify(): Promise<{ account_email: string }>;
  /** Full listing, newest first where the provider allows, one page per call. */
  listPage(pageToken: string | null, options?: { pageSize?: number; since?: Date }): Promise<MailPage>;
  /** The cursor that marks "now", taken before a full scan so nothing arriving during it is missed. */
  currentCursor(): Promise<SyncCursor>;
  /**
   * Changes since `cursor`. Throws CursorExpiredError when the provider can no longer answer from
   * it (Gmail history 404, Graph delta 410, IMAP UIDVALIDITY change): the caller then catches up
   * or resyncs, as the error says.
   */
  listChanges(cursor: SyncCursor, pageToken: string | null): Promise<MailChanges>;
  /** Revoke the provider grant where the provider allows it (best effort, on disconnect). */
  revoke?(): Promise<void>;
  /** Release connections (IMAP). */
  close?(): Promise<void>;
}

/**
 * The stored cursor (or a listing's page token) can no longer be used. What follows depends on the
 * provider's own contract:
 * - by default, catch up by date (Gmail history 404: `messages.list q=after:`), never silently skipping mail;
 * - `fullResync`: list the whole mailbox again (Graph delta 410 syncStateNotFound: "restart the
 *   synchronization from the beginning"); stored messages keep their ids, so nothing is counted twice;
 * - `idsChanged` (implies a full resync): every message id the provider gave before is void (IMAP
 *   UIDVALIDITY, RFC 9051 2.3.1.1), so stored messages are forgotten and listed again.
 */
export class CursorExpiredError extends Error {
  readonly idsChanged: boolean;
  readonly fullResync: boolean;
  constructor(message = "Sync cursor expired", options: { idsChanged?: boolean; fullResync?: boolean } = {}) {
    super(message);
    this.name = "CursorExpiredError";
    this.idsChanged = options.idsChanged ?? false;
    this.fullResync = this.idsChanged || (options.fullResync ?? false);
  }
}

/** The mail provider refused or failed; `retryAfterSeconds` when it said when to come back. */
export class MailProviderError extends ProviderError {
  constructor(message: string, kind: ProviderErrorKind, retryAfterSeconds?: number) {
    super(message, kind, retryAfterSeconds);
    this.name = "MailProviderError";
  }
}
