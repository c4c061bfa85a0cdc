import type { MailPage } from "@/lib/providers/mail/types";

const TTL_MS = 120_000;
const MAX_ENTRIES = 200;

type Entry = { page: Promise<MailPage>; at: number };
const pending = new Map<string, Entry>();

/**
 * Keep the provider busy while pages are written: fetch the page at `pageToken` and, as each page
 * arrives, the one after it, until `ahead` pages are in hand or in flight. The connection then
 * streams the listing as a bare client would, and the database writes run alongside. Purely an
 * in-process cache keyed by (mailbox, page token): a step that finds nothing here (another process,
 * a restart, an expired entry) simply fetches its page. Memory is bounded by `ahead` pages.
 */
export function prefetchPages(mailboxId: string, pageToken: string | null, fetch: (token: string) => Promise<MailPage>, ahead: number): void {
  if (!pageToken || ahead <= 0) return;
  const key = `${mailboxId}:${pageToken}`;
  let entry = pending.get(key);
  if (!entry) {
    const page = fetch(pageToken);
    page.catch(() => pending.delete(key));
    entry = { page, at: Date.now() };
    pending.set(key, entry);
    if (pending.size > MAX_ENTRIES) pending.delete(pending.keys().next().value!);
  }
  entry.page.then(
    (page) => prefetchPages(mailboxId, page.next_page_token, fetch, ahead - 1),
    () => {},
  );
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

/** Forget every page fetched ahead (what a process that dies loses; tests simulate that death). */
export function forgetPrefetchedPages(): void {
  pending.clear();
}
