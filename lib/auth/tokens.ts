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
  const unit = { "": 1, s: 1, m: 60, h: 3600, d: 86_400 }[match[2]!.toLowerCase() as "" | "s" | "m" | "h" | "d"];
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

/** An HS256 JWT for one audience (API access, device), with one string claim besides the subject. */
async function signToken(audience: string, userId: string, claim: Record<string, string>, ttlSeconds: number): Promise<string> {
  return new SignJWT(claim)
    .setProtectedHeader({ alg: "HS256" })
    .setSubject(userId)
    .setIssuer(ISSUER)
    .setAudience(audience)
    .setIssuedAt()
    .setExpirationTime(`${ttlSeconds}s`)
    .sign(key());
}

/** The subject and the named claim of a valid token for `audience`, or null (expired, forged, another audience, malformed). */
async function verifyToken(token: string, audience: string, claim: string): Promise<{ userId: string; value: string } | null> {
  try {
    const { payload } = await jwtVerify(token, key(), { issuer: ISSUER, audience, algorithms: ["HS256"] });
    const value = payload[claim];
    if (typeof payload.sub !== "string" || typeof value !== "string") return null;
    return { userId: payload.sub, value };
  } catch {
    return null;
  }
}

export async function signAccessToken(userId: string, sessionId: string): Promise<string> {
  return signToken(AUDIENCE, userId, { sid: sessionId }, accessTokenTtlSeconds());
}

/** The claims of a valid access token, or null for anything expired, forged or malformed. */
export async function verifyAccessToken(token: string): Promise<{ userId: string; sessionId: string } | null> {
  const claims = await verifyToken(token, AUDIENCE, "sid");
  return claims && { userId: claims.userId, sessionId: claims.value };
}

const DEVICE_AUDIENCE = "pookai-device";
export const DEVICE_TOKEN_TTL_SECONDS = 365 * 86_400;

/** A device token: proof that this device signed in to this account before (lib/auth/sign-in-throttle.ts). */
export async function signDeviceToken(userId: string, deviceId: string): Promise<string> {
  return signToken(DEVICE_AUDIENCE, userId, { did: deviceId }, DEVICE_TOKEN_TTL_SECONDS);
}

/** The claims of a valid device token, or null (expired, forged, another kind of token). */
export async function verifyDeviceToken(token: string): Promise<{ userId: string; deviceId: string } | null> {
  const claims = await verifyToken(token, DEVICE_AUDIENCE, "did");
  return claims && { userId: claims.userId, deviceId: claims.value };
}
