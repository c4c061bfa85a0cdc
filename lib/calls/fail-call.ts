import { and, eq, inArray } from "drizzle-orm";
import { getDb, type DbOrTx } from "@/lib/db";
import { callLogs } from "@/lib/db/schema";
import type { CallOutcome } from "@/lib/schemas/enums";

/**
 * End a call as failed, saying why (shown in the app and the API). A call that already ended keeps its
 * ending: a late failure (a workflow giving up after the carrier reported completion) changes nothing.
 */
export async function failCall(callId: string, reason: string, options: { outcome?: CallOutcome; now?: Date; dbOrTx?: DbOrTx } = {}): Promise<boolean> {
  const db = options.dbOrTx ?? (await getDb());
  const now = options.now ?? new Date();
  const rows = await db
    .update(callLogs)
    .set({
      status: "failed",
      success: false,
      error: reason.slice(0, 1000),
      ...(options.outcome ? { outcome: options.outcome } : {}),
      next_attempt_at: null,
      completed_at: now,
      updated_at: now,
    })
    .where(and(eq(callLogs.id, callId), inArray(callLogs.status, ["scheduled", "in-progress"])))
    .returning({ id: callLogs.id });
  return rows.length > 0;
}
