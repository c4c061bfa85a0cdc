import { eq } from "drizzle-orm";
import { getDb, type DbOrTx } from "@/lib/db";
import { userPreferences } from "@/lib/db/schema";
import type { PreferencesDto } from "@/lib/schemas/preferences";

export type PreferencesRow = typeof userPreferences.$inferSelect;

export function serializePreferences(p: PreferencesRow): PreferencesDto {
  const { created_at, updated_at, ...rest } = p;
  return {
    ...rest,
    voice_preference: rest.voice_preference as PreferencesDto["voice_preference"],
    created_at: created_at.toISOString(),
    updated_at: updated_at.toISOString(),
  };
}

/** The user's preferences row, created with defaults on first use. */
export async function getPreferencesRow(userId: string, dbOrTx?: DbOrTx): Promise<PreferencesRow> {
  const db = dbOrTx ?? (await getDb());
  const [existing] = await db.select().from(userPreferences).where(eq(userPreferences.user_id, userId)).limit(1);
  if (existing) return existing;
  await db.insert(userPreferences).values({ user_id: userId }).onConflictDoNothing();
  const [created] = await db.select().from(userPreferences).where(eq(userPreferences.user_id, userId)).limit(1);
  return created!;
}

export async function getPreferences(userId: string): Promise<PreferencesDto> {
  return serializePreferences(await getPreferencesRow(userId));
}
