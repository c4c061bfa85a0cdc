import type { OAuth2Client } from "google-auth-library";
import { logger } from "@/lib/logger";
import { CLASSIFY_HEADERS } from "@/lib/mail/classify-headers";
import type { Clock } from "../shared/clock";
import { mapConcurrent } from "../shared/concurrency-limiter";
import { backoffMs } from "../shared/retry-after";
import { classifyGoogleError, type GoogleErrorInfo } from "../google/google-api-error";
import { buildBatchRequest, parseBatchResponse } from "./gmail-batch";
import { toMeta } from "./gmail-message-meta";
import { GMAIL_OAUTH_APP } from "./google-oauth";
import type { QuotaThrottle } from "./quota-throttle";
import { MailProviderError, type MailMessageMeta } from "./types";

/** Quota units of one messages.get, batched or not. */
export const MESSAGES_GET_UNITS = 5;

export type GmailBatchGetOptions = {
  client: OAuth2Client;
  /** The API root ending in "/" (https://gmail.googleapis.com/ or a loopback fake). */
  rootUrl: string;
  throttle: QuotaThrottle;
  clock: Clock;
  batchSize: number;
  /** Batch requests in flight at once. */
  concurrency: number;
  maxRetries: number;
};

type Answer = { status: number; headers: Headers | Record<string, string>; data: unknown };

/** An error answer (the whole batch or one part), shaped like a gaxios error for classifyGoogleError. */
class BatchAnswerError extends Error {
  constructor(
    readonly response: Answer,
    readonly authorization: string | null,
  ) {
    super(`Gmail batch answered HTTP ${response.status}`);
  }
}

/** Wait as Gmail asked (Retry-After) or by the backoff schedule; a rate limit holds back every caller of the mailbox. */
export async function backOff(info: GoogleErrorInfo, attempt: number, throttle: QuotaThrottle, clock: Clock): Promise<void> {
  const wait = info.retryAfterMs ?? backoffMs(attempt);
  logger.warn("gmail: retrying", { status: info.status, reason: info.reason, wait_ms: wait, attempt });
  if (info.error.kind === "rate_limit") throttle.pause(wait);
  else await clock.sleep(wait);
}

/**
 * messages.get (format=metadata, the classify headers) for `ids` through Google's batch endpoint,
 * `batchSize` calls per request, in the order given; messages deleted since listing are left out.
 */
export async function batchGetMessageMeta(ids: readonly string[], options: GmailBatchGetOptions): Promise<MailMessageMeta[]> {
  const unique = [...new Set(ids)];
  const found = new Map<string, MailMessageMeta>();
  const batches: string[][] = [];
  for (let i = 0; i < unique.length; i += options.batchSize) batches.push(unique.slice(i, i + options.batchSize));
  let failed = false;
  await mapConcurrent(batches, options.concurrency, async (batch) => {
    // Once one batch has failed the page is lost: spend no more quota on it.
    if (failed) return;
    try {
      await getBatch(batch, found, options);
    } catch (err) {
      failed = true;
      throw err;
    }
  });
  return unique.flatMap((id) => found.get(id) ?? []);
}

/**
 * One batch under the quota throttle, which reserves every inner call's units before sending. Parts
 * settle one by one: 404 is a message deleted since listing; 429 / rateLimitExceeded pause the
 * throttle and 5xx back off, then only those ids go again; a 401 refreshes the token once.
 */
async function getBatch(ids: string[], found: Map<string, MailMessageMeta>, options: GmailBatchGetOptions): Promise<void> {
  const { throttle, clock, maxRetries } = options;
  let pending = ids;
  let refreshed = false;
  for (let attempt = 0; pending.length; attempt++) {
    await throttle.acquire(MESSAGES_GET_UNITS * pending.length);
    let sent: Awaited<ReturnType<typeof sendBatch>>;
    try {
      sent = await sendBatch(pending, options);
    } catch (err) {
      // The batch as a whole failed: the policy of a single call, for all of its ids.
      const info = classifyGoogleError(err, clock.now(), GMAIL_OAUTH_APP);
      if (info.status === 401 && !refreshed) {
        await refreshToken(options, err instanceof BatchAnswerError ? err.authorization : null);
        refreshed = true;
      } else if (!info.retryable || attempt >= maxRetries) {
        throw info.error;
      } else {
        await backOff(info, attempt, throttle, clock);
      }
      continue;
    }
    const retry: string[] = [];
    let expired = false;
    let worst: GoogleErrorInfo | null = null;
    for (const id of pending) {
      const answer = sent.answers.get(id);
      if (answer && answer.status >= 200 && answer.status < 300 && answer.data) {
        found.set(id, toMeta(answer.data));
        continue;
      }
      // Deleted between listing and fetching: nothing to report.
      if (answer?.status === 404) continue;
      retry.push(id);
      const info =
        answer && answer.status >= 300 ? classifyGoogleError(new BatchAnswerError(answer, sent.authorization), clock.now(), GMAIL_OAUTH_APP) : unreadablePart();
      if (info.status === 401 && !refreshed) expired = true;
      else if (!info.retryable) throw info.error;
      else if (!worst || moreUrgent(info, worst)) worst = info;
    }
    if (!retry.length) return;
    if (worst && attempt >= maxRetries) throw worst.error;
    if (expired) {
      await refreshToken(options, sent.authorization);
      refreshed = true;
    }
    if (worst) await backOff(worst, attempt, throttle, clock);
    pending = retry;
  }
}

/** Google left this call out of the batch answer, or answered it unreadably: try it again, like a server error. */
function unreadablePart(): GoogleErrorInfo {
  return {
    status: null,
    reason: "unreadablePart",
    retryable: true,
    retryAfterMs: null,
    error: new MailProviderError("Gmail left a message out of a batch answer", "unavailable"),
  };
}

/** A rate limit outranks a server error (it pauses every caller); the longer Retry-After wins. */
function moreUrgent(a: GoogleErrorInfo, b: GoogleErrorInfo): boolean {
  const rate = (i: GoogleErrorInfo) => i.error.kind === "rate_limit";
  if (rate(a) !== rate(b)) return rate(a);
  return (a.retryAfterMs ?? 0) > (b.retryAfterMs ?? 0);
}

/** POST one batch with the OAuth client's token; the answered parts by message id. */
async function sendBatch(ids: string[], { client, rootUrl }: GmailBatchGetOptions): Promise<{ authorization: string | null; answers: Map<string, Answer> }> {
  const query = new URLSearchParams({ format: "metadata" });
  for (const header of CLASSIFY_HEADERS) query.append("metadataHeaders", header);
  const base = new URL(rootUrl).pathname;
  const batch = buildBatchRequest(
    ids.map((id, i) => ({ contentId: `item-${i}`, path: `${base}gmail/v1/users/me/messages/${encodeURIComponent(id)}?${query}` })),
  );
  // Refreshes an expiring token first; GoogleAuth's "tokens" listener persists the new one.
  const headers = await client.getRequestHeaders();
  const authorization = headers.get("authorization");
  headers.set("content-type", batch.contentType);
  const res = await client.transporter.request<string>({
    url: `${rootUrl}batch/gmail/v1`,
    method: "POST",
    headers,
    data: batch.body,
    responseType: "text",
    // Every status comes back here: the retry policy above decides, as for the SDK's calls.
    validateStatus: () => true,
    retry: false,
  });
  if (res.status !== 200) throw new BatchAnswerError({ status: res.status, headers: res.headers, data: parseJson(res.data) }, authorization);
  let parts;
  try {
    parts = parseBatchResponse(res.data, res.headers.get("content-type"));
  } catch (err) {
    // An unreadable answer is a fault on Google's side of the wire: retried like a 502.
    throw new BatchAnswerError({ status: 502, headers: {}, data: { error: { message: (err as Error).message } } }, authorization);
  }
  const answers = new Map<string, Answer>();
  for (const part of parts) {
    const id = ids[Number(/^item-(\d+)$/.exec(part.contentId)?.[1] ?? Number.NaN)];
    if (id !== undefined) answers.set(id, { status: part.status, headers: part.headers, data: parseJson(part.body) });
  }
  return { authorization, answers };
}

/** A new access token after a 401, unless another batch already replaced the one that failed. */
async function refreshToken({ client, clock }: GmailBatchGetOptions, failedAuthorization: string | null): Promise<void> {
  const current = client.credentials.access_token;
  if (failedAuthorization && current && !failedAuthorization.endsWith(` ${current}`)) return;
  try {
    await client.refreshAccessToken();
  } catch (err) {
    throw classifyGoogleError(err, clock.now(), GMAIL_OAUTH_APP).error;
  }
}

function parseJson(text: unknown): unknown {
  if (typeof text !== "string" || !text.trim()) return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
