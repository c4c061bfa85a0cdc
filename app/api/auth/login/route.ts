import { ok } from "@/lib/api/envelope";
import { withPublic } from "@/lib/api/with-user";
import { deviceCookieHeader, isHttpsRequest, readDeviceCookie } from "@/lib/auth/device-cookie";
import { loginUser } from "@/lib/auth/login-user";
import { loginBodySchema } from "@/lib/schemas/auth";

// POST /api/auth/login - exchange email and password for an access and a refresh token
export const POST = withPublic(
  async ({ req, body, meta }) => {
    const session = await loginUser(loginBodySchema.parse(body), meta, readDeviceCookie(req.headers));
    return ok(session, { headers: { "Set-Cookie": deviceCookieHeader(session.device_token, isHttpsRequest(req.headers, req.url)) } });
  },
  { rateLimit: "sign-in" },
);
