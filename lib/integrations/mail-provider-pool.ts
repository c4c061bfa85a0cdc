import type { MailProvider } from "@/lib/providers/mail/types";
import { openMailProvider } from "./open-mail-provider";
import type { IntegrationRow } from "./serialize-integration";

const IDLE_CLOSE_MS = 15_000;

type Entry = { key: string; provider: Promise<MailProvider>; busy: number; timer: NodeJS.Timeout | null };
const pool = new Map<string, Entry>();

/**
 * Run `fn` with the mailbox's provider, reusing an open one between the steps of a scan (an IMAP
 * login, an OAuth access token) and closing it after a short idle time. New credentials (a
 * reconnect) get a new provider.
 */
export async function withMailProvider<T>(integration: IntegrationRow, fn: (provider: MailProvider) => Promise<T>): Promise<T> {
  const key = `${integration.id}:${integration.credentials_encrypted ?? ""}`;
  let entry = pool.get(integration.id);
  if (entry && entry.key !== key) {
    drop(integration.id, entry);
    entry = undefined;
  }
  if (!entry) {
    entry = { key, provider: openMailProvider(integration), busy: 0, timer: null };
    pool.set(integration.id, entry);
  }
  if (entry.timer) clearTimeout(entry.timer);
  entry.timer = null;
  entry.busy += 1;
  const current = entry;
  try {
    return await fn(await current.provider);
  } catch (error) {
    // A failed provider may hold a broken connection: start fresh next time.
    drop(integration.id, current);
    throw error;
  } finally {
    current.busy -= 1;
    if (current.busy === 0 && pool.get(integration.id) === current) {
      current.timer = setTimeout(() => drop(integration.id, current), IDLE_CLOSE_MS);
      current.timer.unref();
    }
  }
}

function drop(id: string, entry: Entry) {
  if (pool.get(id) === entry) pool.delete(id);
  if (entry.timer) clearTimeout(entry.timer);
  void entry.provider.then((p) => p.close?.()).catch(() => {});
}

/** Close every pooled provider (shutdown, tests). */
export async function closeMailProviders(): Promise<void> {
  const entries = [...pool.entries()];
  pool.clear();
  await Promise.allSettled(entries.map(async ([, e]) => (await e.provider).close?.()));
}
