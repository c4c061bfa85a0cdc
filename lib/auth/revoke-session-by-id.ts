import { and, eq, isNull } from "drizzle-orm";
import { getDb } from "@/lib/db";
import { authSessions } from "@/lib/db/schema";

/** Revoke a session if it is still live; quietly does nothing otherwise (sign-out is idempotent). */
export async function revokeSessionById(userId: string, sessionId: string): Promise<boolean> {
  if (!/^[0-9a-f-]{36}$/i.test(sessionId)) return false;
  const db = await getDb();
  const rows = await db
    .update(authSessions)
    .set({ revoked_at: new Date(), refresh_token_hash: null })
    .where(and(eq(authSessions.id, sessionId), eq(authSessions.user_id, userId), isNull(authSessions.revoked_at)))
    .returning({ id: authSessions.id });
  return rows.length > 0;
}
