import type { MailPage } from "@/lib/providers/mail/types";

const TTL_MS = 120_000;
const MAX_ENTRIES = 200;

type Entry = { page: Promise<MailPage>; at: number };
const pending = new Map<string, Entry>();

/**
 * Fetch the next page of a listing while the current one is being written, so the provider and the
 * database work at the same time. Purely an in-process cache keyed by (mailbox, page token): a step
 * that finds nothing here (another process, a restart, an expired entry) simply fetches the page.
 */
export function prefetchPage(mailboxId: string, pageToken: string, fetch: () => Promise<MailPage>): void {
  const key = `${mailboxId}:${pageToken}`;
  if (pending.has(key)) return;
  const page = fetch();
  page.catch(() => pending.delete(key));
  pending.set(key, { page, at: Date.now() });
  if (pending.size > MAX_ENTRIES) pending.delete(pending.keys().next().value!);
}

/** A prefetched page for this token, if one is ready or in flight (and young enough to trust). */
export function takePrefetchedPage(mailboxId: string, pageToken: string | null): Promise<MailPage> | null {
  if (!pageToken) return null;
  const key = `${mailboxId}:${pageToken}`;
  const entry = pending.get(key);
  pending.delete(key);
  if (!entry || Date.now() - entry.at > TTL_MS) return null;
  return entry.page;
}
