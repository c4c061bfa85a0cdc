import { and, eq, gt, isNull, lt, sql } from "drizzle-orm";
import { getToken } from "next-auth/jwt";
import type { NextRequest } from "next/server";
import { AppError } from "@/lib/errors";
import { getDb } from "@/lib/db";
import { prepared } from "@/lib/db/prepared";
import { authSessions, users } from "@/lib/db/schema";
import { getSecret } from "@/lib/secrets";
import { verifyAccessToken } from "./tokens";

export type AuthUser = typeof users.$inferSelect;
export type AuthContext = { user: AuthUser; sessionId: string };

const TOUCH_AFTER_MS = 5 * 60_000;

/**
 * The user behind a request: `Authorization: Bearer <access token>` for API clients, else the
 * next-auth session cookie. Either way the session row must still be live, so a logout or a
 * revoked session refuses the very same token at once. Returns null when there are no credentials.
 */
export async function authenticateRequest(req: NextRequest): Promise<AuthContext | null> {
  const header = req.headers.get("authorization");
  let claims: { userId: string; sessionId: string } | null = null;
  if (header) {
    const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
    if (!match) throw new AppError("UNAUTHORIZED", "Authorization header must be 'Bearer <token>'");
    claims = await verifyAccessToken(match[1]!);
    if (!claims) throw new AppError("UNAUTHORIZED", "Invalid or expired access token");
  } else {
    const token = await getToken({ req, secret: getSecret("NEXTAUTH_SECRET") }).catch(() => null);
    if (!token) return null;
    if (typeof token.sub !== "string" || typeof token.sid !== "string") return null;
    claims = { userId: token.sub, sessionId: token.sid };
  }
  const context = await loadActiveSession(claims.userId, claims.sessionId);
  if (!context) throw new AppError("UNAUTHORIZED", "Session has ended; sign in again");
  return context;
}

/** The session and its user if both are live (not revoked, not expired, not deleted). */
export async function loadActiveSession(userId: string, sessionId: string): Promise<AuthContext | null> {
  if (!/^[0-9a-f-]{36}$/i.test(sessionId) || !/^[0-9a-f-]{36}$/i.test(userId)) return null;
  const db = await getDb();
  const now = new Date();
  const [row] = await prepared(db, "load_active_session", (d) =>
    d
      .select({ user: users, last_used_at: authSessions.last_used_at })
      .from(authSessions)
      .innerJoin(users, eq(users.id, authSessions.user_id))
      .where(
        and(
          eq(authSessions.id, sql.placeholder("sessionId")),
          eq(authSessions.user_id, sql.placeholder("userId")),
          isNull(authSessions.revoked_at),
          gt(authSessions.expires_at, sql.placeholder("now")),
          isNull(users.deleted_at),
        ),
      )
      .limit(1)
      .prepare("load_active_session"),
  ).execute({ sessionId, userId, now: now.toISOString() });
  if (!row) return null;
  if (now.getTime() - row.last_used_at.getTime() > TOUCH_AFTER_MS) {
    await db
      .update(authSessions)
      .set({ last_used_at: now })
      .where(and(eq(authSessions.id, sessionId), lt(authSessions.last_used_at, new Date(now.getTime() - TOUCH_AFTER_MS))));
  }
  return { user: row.user, sessionId };
}
