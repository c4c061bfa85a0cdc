import { z } from "zod";
import { MailProviderError } from "./types";

/**
 * The Outlook sync cursor: a delta link per followed folder, keyed by folder id. Cursors written
 * before immutable ids (inbox only, keyed `inbox`) still parse: listChanges turns them into a resync.
 */
export const outlookCursorSchema = z.object({
  delta_links: z.record(z.string(), z.string().min(1)),
  /** Top-level folders the last walk recognised as skipped, so the next walk need not look them up. */
  skipped_folders: z.array(z.string()).optional(),
  /** When the folders were last walked (ISO): a folder found later is read from about then. */
  synced_at: z.iso.datetime().optional(),
  /** Message ids came as immutable ids (Prefer: IdType="ImmutableId") since the full listing. */
  id_type: z.literal("immutable").optional(),
});
export type OutlookCursor = z.infer<typeof outlookCursorSchema>;

/** A sync round in progress: folders still to read (the current one first, at its next link) and what is done. */
const roundSchema = z.object({
  queue: z.array(z.object({ folder: z.string().min(1), link: z.string().min(1) })),
  got: z.record(z.string(), z.string()),
  /** Set once the folders were walked again at the end of the round. */
  walk: z.object({ skipped: z.array(z.string()), at: z.string() }).nullable(),
});
export type SyncRound = z.infer<typeof roundSchema>;

export function encodeSyncRound(round: SyncRound): string {
  return Buffer.from(JSON.stringify(round)).toString("base64url");
}

export function decodeSyncRound(token: string): SyncRound {
  try {
    const raw: unknown = JSON.parse(Buffer.from(token, "base64url").toString("utf8"));
    return roundSchema.parse(raw);
  } catch {
    throw new MailProviderError("Unreadable Outlook page token", "invalid_request");
  }
}
