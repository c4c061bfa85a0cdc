import { getDb, type DbOrTx } from "@/lib/db";
import { authSessions, type users } from "@/lib/db/schema";
import { randomToken, sha256 } from "@/lib/crypto";
import { serializeUser } from "@/lib/users/serialize-user";
import type { ClientMeta } from "@/lib/request/client-meta";
import { accessTokenTtlSeconds, refreshTokenTtlMs, signAccessToken } from "./tokens";

/** A new API session: a session row, a short-lived access JWT bound to it and a refresh token. */
export async function createApiSession(user: typeof users.$inferSelect, meta: ClientMeta, dbOrTx?: DbOrTx) {
  const db = dbOrTx ?? (await getDb());
  const refreshToken = randomToken();
  const [session] = await db
    .insert(authSessions)
    .values({
      user_id: user.id,
      kind: "api",
      refresh_token_hash: sha256(refreshToken),
      user_agent: meta.userAgent?.slice(0, 300) ?? null,
      ip: meta.ip ?? null,
      expires_at: new Date(Date.now() + refreshTokenTtlMs()),
    })
    .returning({ id: authSessions.id });
  return {
    user: serializeUser(user),
    access_token: await signAccessToken(user.id, session!.id),
    refresh_token: refreshToken,
    token_type: "Bearer" as const,
    expires_in: accessTokenTtlSeconds(),
  };
}

/** A browser session row for next-auth's JWT cookie, so it can be listed and revoked like any other. */
export async function createBrowserSession(userId: string, meta: ClientMeta, maxAgeSeconds: number): Promise<string> {
  const db = await getDb();
  const [session] = await db
    .insert(authSessions)
    .values({
      user_id: userId,
      kind: "browser",
      user_agent: meta.userAgent?.slice(0, 300) ?? null,
      ip: meta.ip ?? null,
      expires_at: new Date(Date.now() + maxAgeSeconds * 1000),
    })
    .returning({ id: authSessions.id });
  return session!.id;
}
