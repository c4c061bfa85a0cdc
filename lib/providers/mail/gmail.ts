import { gmail, type gmail_v1 } from "@googleapis/gmail";
import { z } from "zod";
import { systemClock, type Clock } from "../shared/clock";
import { classifyGoogleError } from "../google/google-api-error";
import { GoogleAuth } from "../google/google-auth";
import { GMAIL_OAUTH_APP, googleEndpoints, gmailCredentialsSchema, type GmailCredentials } from "./google-oauth";
import { sharedPerMailbox } from "../shared/mailbox-registry";
import { QuotaThrottle } from "./quota-throttle";
import { GMAIL_BATCH_LIMIT, GMAIL_BATCH_SIZE } from "./gmail-batch";
import { backOff, batchGetMessageMeta, MESSAGES_GET_UNITS } from "./gmail-batch-get";
import { CursorExpiredError, type MailChanges, type MailMessageMeta, type MailPage, type MailProvider, type SyncCursor } from "./types";

/** Gmail's per-user quota and what each call costs (developers.google.com/gmail/api/reference/quota). */
export const GMAIL_UNITS_PER_MINUTE = 15_000;
const COST = { getProfile: 1, messagesList: 5, messagesGet: MESSAGES_GET_UNITS, historyList: 2, revoke: 0 } as const;
// Stay a little under the published limit: our clock and Google's never agree to the millisecond.
const SAFETY = 0.95;
// Mail the user wrote or never sent is not "mail from a sender".
const LIST_QUERY = "-in:sent -in:drafts -in:chats";
const SKIP_LABELS = new Set(["DRAFT", "SPAM", "TRASH", "CHAT"]);

/** Gmail answered 404: an expired history id, or a message deleted since it was listed. */
class GmailNotFoundError extends Error {}

const cursorSchema = z.object({ history_id: z.string().regex(/^\d+$/) });
const throttles = new Map<string, QuotaThrottle>();

export type GmailProviderOptions = {
  credentials: GmailCredentials;
  /** Called with the merged credentials whenever Google issues new tokens: persist them encrypted. */
  onCredentialsUpdate?: (credentials: GmailCredentials) => void | Promise<void>;
  /** Shares the per-user quota between provider instances of one mailbox (the integration id). */
  mailboxKey?: string;
  clock?: Clock;
  /** Batch requests in flight at once, each carrying up to `batchSize` messages.get calls. */
  concurrency?: number;
  /** messages.get calls per batch request (Google allows 100 and advises at most 50). */
  batchSize?: number;
  unitsPerMinute?: number;
  maxRetries?: number;
};

/**
 * Gmail through the official @googleapis/gmail client (profile, messages.list, history.list) and
 * Google's batch endpoint for messages.get: headers only (format=metadata).
 */
export class GmailMailProvider implements MailProvider {
  readonly name = "gmail" as const;
  private readonly api: gmail_v1.Gmail;
  private readonly auth: GoogleAuth;
  private readonly clock: Clock;
  private readonly throttle: QuotaThrottle;
  private readonly concurrency: number;
  private readonly batchSize: number;
  private readonly maxRetries: number;
  private readonly rootUrl: string;

  constructor(options: GmailProviderOptions) {
    this.clock = options.clock ?? systemClock;
    // Three batches of 50 in flight ask for 750 units per round trip, three times what the quota
    // grants a second: the throttle, not the round trips, sets the pace, without piling up the
    // concurrent calls Gmail also limits per user.
    this.concurrency = options.concurrency ?? 3;
    this.maxRetries = options.maxRetries ?? 8;
    const units = Math.floor((options.unitsPerMinute ?? GMAIL_UNITS_PER_MINUTE) * SAFETY);
    // A batch reserves the quota of all its calls at once, so it must fit the budget.
    this.batchSize = Math.max(1, Math.min(options.batchSize ?? GMAIL_BATCH_SIZE, GMAIL_BATCH_LIMIT, Math.floor(units / COST.messagesGet)));
    this.rootUrl = googleEndpoints().apiRootUrl;
    this.throttle = sharedPerMailbox(throttles, options.mailboxKey && `gmail:${options.mailboxKey}`, () => new QuotaThrottle(this.clock, units));
    this.auth = new GoogleAuth(GMAIL_OAUTH_APP, gmailCredentialsSchema.parse(options.credentials), options.onCredentialsUpdate);
    // retry:false: gaxios ignores Retry-After and our quota throttle must see every attempt.
    // The cast: googleapis-common pins its own google-auth-library copy whose OAuth2Client type has
    // separate private members; at run time it only calls the client's request(), which ours has.
    this.api = gmail({ version: "v1", auth: this.auth.client as unknown as gmail_v1.Options["auth"], rootUrl: this.rootUrl, retry: false });
  }

  async verify(): Promise<{ account_email: string }> {
    const profile = await this.call(COST.getProfile, () => this.api.users.getProfile({ userId: "me" }));
    return { account_email: (profile.emailAddress ?? "").toLowerCase() };
  }

  async currentCursor(): Promise<SyncCursor> {
    const profile = await this.call(COST.getProfile, () => this.api.users.getProfile({ userId: "me" }));
    return { history_id: String(profile.historyId) };
  }

  async listPage(pageToken: string | null, options: { pageSize?: number; since?: Date } = {}): Promise<MailPage> {
    const q = options.since ? `${LIST_QUERY} after:${Math.floor(options.since.getTime() / 1000)}` : LIST_QUERY;
    const page = await this.call(COST.messagesList, () =>
      this.api.users.messages.list({ userId: "me", q, maxResults: Math.min(500, options.pageSize ?? 100), pageToken: pageToken ?? undefined }),
    );
    const ids = (page.messages ?? []).map((m) => m.id).filter((id): id is string => Boolean(id));
    return {
      messages: await this.fetchMetadata(ids),
      next_page_token: page.nextPageToken ?? null,
      estimated_total: page.resultSizeEstimate ?? null,
    };
  }

  async listChanges(cursor: SyncCursor, pageToken: string | null): Promise<MailChanges> {
    const parsed = cursorSchema.safeParse(cursor);
    if (!parsed.success) throw new CursorExpiredError("Gmail cursor has no history id");
    let page: gmail_v1.Schema$ListHistoryResponse;
    try {
      page = await this.call(COST.historyList, () =>
        this.api.users.history.list({
          userId: "me",
          startHistoryId: parsed.data.history_id,
          historyTypes: ["messageAdded"],
          maxResults: 500,
          pageToken: pageToken ?? undefined,
        }),
      );
    } catch (err) {
      // 404: the history id is older than Gmail keeps (about a week): catch up with q=after:.
      if (err instanceof GmailNotFoundError) throw new CursorExpiredError("Gmail history id expired");
      throw err;
    }
    const ids = new Set<string>();
    for (const record of page.history ?? []) {
      for (const added of record.messagesAdded ?? []) {
        const labels = added.message?.labelIds ?? [];
        if (!added.message?.id || labels.some((l) => SKIP_LABELS.has(l))) continue;
        if (labels.includes("SENT") && !labels.includes("INBOX")) continue;
        ids.add(added.message.id);
      }
    }
    const next = page.nextPageToken ?? null;
    return {
      messages: await this.fetchMetadata([...ids]),
      next_page_token: next,
      cursor: next ? null : { history_id: String(page.historyId ?? parsed.data.history_id) },
    };
  }

  async revoke(): Promise<void> {
    await this.auth.revoke(this.clock.now());
  }

  /** messages.get (format=metadata) for `ids`, batched; messages deleted since listing are left out. */
  private fetchMetadata(ids: string[]): Promise<MailMessageMeta[]> {
    return batchGetMessageMeta(ids, {
      client: this.auth.client,
      rootUrl: this.rootUrl,
      throttle: this.throttle,
      clock: this.clock,
      batchSize: this.batchSize,
      concurrency: this.concurrency,
      maxRetries: this.maxRetries,
    });
  }

  /** One API call under the quota throttle; 429 / rateLimitExceeded / 5xx are retried after Retry-After. */
  private async call<T>(units: number, request: () => Promise<{ data: T }>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      await this.throttle.acquire(units);
      try {
        return (await request()).data;
      } catch (err) {
        const info = classifyGoogleError(err, this.clock.now(), GMAIL_OAUTH_APP);
        if (info.status === 404) throw new GmailNotFoundError(info.error.message);
        if (!info.retryable || attempt >= this.maxRetries) throw info.error;
        await backOff(info, attempt, this.throttle, this.clock);
      }
    }
  }
}
