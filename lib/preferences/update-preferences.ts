import { eq } from "drizzle-orm";
import { getDb } from "@/lib/db";
import { preferenceAuditLogs, userPreferences } from "@/lib/db/schema";
import type { PreferenceFields, UpdatePreferencesBody } from "@/lib/schemas/preferences";
import { getPreferencesRow, serializePreferences } from "./get-preferences";

export type PreferenceChangeSource = "api" | "ui" | "reset" | "system";

/**
 * Apply a partial update and write one audit row with every field that actually changed
 * ({ field: { from, to } }); an update that changes nothing writes no audit row.
 */
export async function updatePreferences(userId: string, patch: UpdatePreferencesBody | PreferenceFields, source: PreferenceChangeSource) {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const current = await getPreferencesRow(userId, tx);
    const changes: Record<string, { from: unknown; to: unknown }> = {};
    for (const [field, to] of Object.entries(patch)) {
      const from = current[field as keyof typeof current];
      if (from !== to) changes[field] = { from, to };
    }
    if (!Object.keys(changes).length) return serializePreferences(current);
    const [updated] = await tx
      .update(userPreferences)
      .set({ ...Object.fromEntries(Object.entries(changes).map(([k, v]) => [k, v.to])), updated_at: new Date() })
      .where(eq(userPreferences.user_id, userId))
      .returning();
    await tx.insert(preferenceAuditLogs).values({ user_id: userId, source, changes });
    return serializePreferences(updated!);
  });
}
