import { createSecretKey, type KeyObject } from "node:crypto";
import { SignJWT, jwtVerify } from "jose";
import { env } from "@/lib/env";
import { getSecret } from "@/lib/secrets";

const ISSUER = "pookai";
const AUDIENCE = "pookai-api";

/** JWT_EXPIRES_IN as seconds: "3600", "15m", "1h", "7d" (default 1h). */
export function accessTokenTtlSeconds(): number {
  const raw = env().JWT_EXPIRES_IN ?? "1h";
  const match = /^(\d+)\s*([smhd]?)$/i.exec(raw.trim());
  if (!match) throw new Error(`JWT_EXPIRES_IN must look like 3600, 15m, 1h or 7d (got "${raw}")`);
  const unit = { "": 1, s: 1, m: 60, h: 3600, d: 86_400 }[match[2].toLowerCase() as "" | "s" | "m" | "h" | "d"];
  return Number(match[1]) * unit;
}

export function refreshTokenTtlMs(): number {
  return Number(env().REFRESH_TOKEN_TTL_DAYS ?? 30) * 86_400_000;
}

let cachedKey: { secret: string; key: KeyObject } | undefined;

/** The HMAC key, imported once per secret value (jose would otherwise import it on every verify). */
function key(): KeyObject {
  const secret = getSecret("JWT_SECRET");
  if (cachedKey?.secret !== secret) cachedKey = { secret, key: createSecretKey(Buffer.from(secret, "utf8")) };
  return cachedKey.key;
}

export async function signAccessToken(userId: string, sessionId: string): Promise<string> {
  return new SignJWT({ sid: sessionId })
    .setProtectedHeader({ alg: "HS256" })
    .setSubject(userId)
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(`${accessTokenTtlSeconds()}s`)
    .sign(key());
}

/** The claims of a valid access token, or null for anything expired, forged or malformed. */
export async function verifyAccessToken(token: string): Promise<{ userId: string; sessionId: string } | null> {
  try {
    const { payload } = await jwtVerify(token, key(), { issuer: ISSUER, audience: AUDIENCE, algorithms: ["HS256"] });
    if (typeof payload.sub !== "string" || typeof payload.sid !== "string") return null;
    return { userId: payload.sub, sessionId: payload.sid };
  } catch {
    return null;
  }
}
