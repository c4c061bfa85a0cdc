import { DEVICE_TOKEN_TTL_SECONDS } from "./tokens";

/** The cookie that carries a device token to both sign-in doors (/api/auth/login and next-auth's callback). */
export const DEVICE_COOKIE = "pookai-device";

/** True when the request reached the app over HTTPS (directly, or through a TLS-terminating proxy). */
export function isHttpsRequest(headers: Headers, url?: string): boolean {
  return headers.get("x-forwarded-proto")?.split(",")[0]?.trim() === "https" || Boolean(url?.startsWith("https:"));
}

/** Set-Cookie for a device token: HTTP-only, same-site, sent only to the sign-in routes. */
export function deviceCookieHeader(token: string, secure: boolean): string {
  return `${DEVICE_COOKIE}=${token}; Path=/api/auth; Max-Age=${DEVICE_TOKEN_TTL_SECONDS}; HttpOnly; SameSite=Strict${secure ? "; Secure" : ""}`;
}

/** The device token a request's Cookie header carries, if any. */
export function readDeviceCookie(headers: Headers): string | null {
  for (const part of (headers.get("cookie") ?? "").split(";")) {
    const [name, ...value] = part.trim().split("=");
    if (name === DEVICE_COOKIE) return value.join("=") || null;
  }
  return null;
}
