import { gmail, type gmail_v1 } from "@googleapis/gmail";
import { z } from "zod";
import { logger } from "@/lib/logger";
import { CLASSIFY_HEADERS, hasCalendarSignal, pickClassifyHeaders } from "@/lib/mail/classify-headers";
import { decodeHeaderText, parseAddress } from "@/lib/mail/parse-address";
import { systemClock, type Clock } from "../shared/clock";
import { mapConcurrent } from "../shared/concurrency-limiter";
import { classifyGoogleError } from "../google/google-api-error";
import { GoogleAuth } from "../google/google-auth";
import { GMAIL_OAUTH_APP, googleEndpoints, gmailCredentialsSchema, type GmailCredentials } from "./google-oauth";
import { sharedPerMailbox } from "../shared/mailbox-registry";
import { QuotaThrottle } from "./quota-throttle";
import { backoffMs } from "../shared/retry-after";
import { CursorExpiredError, type MailChanges, type MailMessageMeta, type MailPage, type MailProvider, type SyncCursor } from "./types";

/** Gmail's per-user quota and what each call costs (developers.google.com/gmail/api/reference/quota). */
export const GMAIL_UNITS_PER_MINUTE = 15_000;
const COST = { getProfile: 1, messagesList: 5, messagesGet: 5, historyList: 2, revoke: 0 } as const;
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
  /** messages.get calls in flight at once. */
  concurrency?: number;
  unitsPerMinute?: number;
  maxRetries?: number;
};

/** Gmail through the official @googleapis/gmail client: headers only (format=metadata). */
export class GmailMailProvider implements MailProvider {
  readonly name = "gmail" as const;
  private readonly api: gmail_v1.Gmail;
  private readonly auth: GoogleAuth;
  private readonly clock: Clock;
  private readonly throttle: QuotaThrottle;
  private readonly concurrency: number;
  private readonly maxRetries: number;

  constructor(options: GmailProviderOptions) {
    this.clock = options.clock ?? systemClock;
    this.concurrency = options.concurrency ?? 20;
    this.maxRetries = options.maxRetries ?? 8;
    const units = Math.floor((options.unitsPerMinute ?? GMAIL_UNITS_PER_MINUTE) * SAFETY);
    this.throttle = sharedPerMailbox(throttles, options.mailboxKey && `gmail:${options.mailboxKey}`, () => new QuotaThrottle(this.clock, units));
    this.auth = new GoogleAuth(GMAIL_OAUTH_APP, gmailCredentialsSchema.parse(options.credentials), options.onCredentialsUpdate);
    // retry:false: gaxios ignores Retry-After and our quota throttle must see every attempt.
    // The cast: googleapis-common pins its own google-auth-library copy whose OAuth2Client type has
    // separate private members; at run time it only calls the client's request(), which ours has.
    this.api = gmail({ version: "v1", auth: this.auth.client as unknown as gmail_v1.Options["auth"], rootUrl: googleEndpoints().apiRootUrl, retry: false });
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

  private async fetchMetadata(ids: string[]): Promise<MailMessageMeta[]> {
    const metas = await mapConcurrent(ids, this.concurrency, async (id) => {
      try {
        const msg = await this.call(COST.messagesGet, () =>
          this.api.users.messages.get({ userId: "me", id, format: "metadata", metadataHeaders: [...CLASSIFY_HEADERS] }),
        );
        return toMeta(msg);
      } catch (err) {
        // Deleted between listing and fetching: nothing to report.
        if (err instanceof GmailNotFoundError) return null;
        throw err;
      }
    });
    return metas.filter((m): m is MailMessageMeta => m !== null);
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
        const wait = info.retryAfterMs ?? backoffMs(attempt);
        logger.warn("gmail: retrying", { status: info.status, reason: info.reason, wait_ms: wait, attempt });
        if (info.error.kind === "rate_limit") this.throttle.pause(wait);
        else await this.clock.sleep(wait);
      }
    }
  }
}

function decodeEntities(text: string): string {
  return text
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)))
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
}

function toMeta(msg: gmail_v1.Schema$Message): MailMessageMeta {
  const list = (msg.payload?.headers ?? []).map((h) => ({ name: h.name ?? "", value: h.value ?? "" }));
  const header = (name: string) => list.find((h) => h.name.toLowerCase() === name)?.value ?? "";
  const from = parseAddress(header("from"));
  const subject = decodeHeaderText(header("subject"));
  const headers = pickClassifyHeaders(list);
  const internal = Number(msg.internalDate);
  const date = Number.isFinite(internal) && internal > 0 ? new Date(internal) : new Date(header("date") || 0);
  return {
    provider_message_id: msg.id ?? "",
    thread_id: msg.threadId ?? null,
    from_email: from.email,
    from_name: from.name,
    to: decodeHeaderText(header("to")),
    subject,
    snippet: decodeEntities(msg.snippet ?? ""),
    date,
    headers,
    has_calendar: msg.payload?.mimeType === "text/calendar" || hasCalendarSignal(headers, subject),
  };
}
