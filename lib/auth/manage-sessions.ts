import { and, desc, eq, gt, isNull } from "drizzle-orm";
import { notFound } from "@/lib/errors";
import { getDb } from "@/lib/db";
import { authSessions } from "@/lib/db/schema";
import { revokeSessionById } from "./revoke-session-by-id";

/** The user's live sessions (API and browser), newest activity first. */
export async function listSessions(userId: string, currentSessionId?: string) {
  const db = await getDb();
  const rows = await db
    .select()
    .from(authSessions)
    .where(and(eq(authSessions.user_id, userId), isNull(authSessions.revoked_at), gt(authSessions.expires_at, new Date())))
    .orderBy(desc(authSessions.last_used_at));
  return rows.map((s) => ({
    id: s.id,
    kind: s.kind,
    user_agent: s.user_agent,
    ip: s.ip,
    created_at: s.created_at.toISOString(),
    last_used_at: s.last_used_at.toISOString(),
    expires_at: s.expires_at.toISOString(),
    current: s.id === currentSessionId,
  }));
}

/** Revoke one of the user's sessions: its access and refresh tokens stop working at once. */
export async function revokeSession(userId: string, sessionId: string): Promise<void> {
  if (!(await revokeSessionById(userId, sessionId))) throw notFound("Session");
}

export async function revokeAllSessions(userId: string): Promise<void> {
  const db = await getDb();
  await db
    .update(authSessions)
    .set({ revoked_at: new Date(), refresh_token_hash: null })
    .where(and(eq(authSessions.user_id, userId), isNull(authSessions.revoked_at)));
}
