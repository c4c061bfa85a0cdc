import { and, eq, gt, isNull } from "drizzle-orm";
import { AppError } from "@/lib/errors";
import { randomToken, sha256 } from "@/lib/crypto";
import { getDb } from "@/lib/db";
import { authSessions, users } from "@/lib/db/schema";
import { serializeUser } from "@/lib/users/serialize-user";
import type { ClientMeta } from "@/lib/request/client-meta";
import { accessTokenTtlSeconds, refreshTokenTtlMs, signAccessToken } from "./tokens";

/**
 * Rotate a refresh token: the presented one stops working at once. Presenting a token that was
 * already rotated away means it leaked, so the whole session is revoked.
 */
export async function refreshSession(refreshToken: string, meta: ClientMeta) {
  const db = await getDb();
  const presented = sha256(refreshToken);
  const next = randomToken();
  const now = new Date();
  // One conditional update: of two concurrent refreshes with the same token only one can win.
  const [session] = await db
    .update(authSessions)
    .set({
      previous_refresh_token_hash: presented,
      refresh_token_hash: sha256(next),
      last_used_at: now,
      expires_at: new Date(now.getTime() + refreshTokenTtlMs()),
      ip: meta.ip ?? null,
    })
    .where(and(eq(authSessions.refresh_token_hash, presented), isNull(authSessions.revoked_at), gt(authSessions.expires_at, now)))
    .returning();
  if (!session) {
    const revoked = await db
      .update(authSessions)
      .set({ revoked_at: now, refresh_token_hash: null })
      .where(and(eq(authSessions.previous_refresh_token_hash, presented), isNull(authSessions.revoked_at)))
      .returning({ id: authSessions.id });
    throw new AppError("UNAUTHORIZED", revoked.length ? "Refresh token was already used; the session has been revoked" : "Invalid or expired refresh token");
  }
  const [user] = await db
    .select()
    .from(users)
    .where(and(eq(users.id, session.user_id), isNull(users.deleted_at)));
  if (!user) throw new AppError("UNAUTHORIZED", "Invalid or expired refresh token");
  return {
    user: serializeUser(user),
    access_token: await signAccessToken(user.id, session.id),
    refresh_token: next,
    token_type: "Bearer" as const,
    expires_in: accessTokenTtlSeconds(),
  };
}
