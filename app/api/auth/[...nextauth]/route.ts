import NextAuth from "next-auth";
import type { NextRequest } from "next/server";
import { deviceCookieHeader, isHttpsRequest } from "@/lib/auth/device-cookie";
import { authOptions } from "@/lib/auth/next-auth-options";

// next-auth's own routes (sign-in pages, callbacks, csrf, session) for the browser UI. A password
// sign-in also leaves the device cookie that keeps this browser able to sign in while strangers are throttled.
async function handler(req: NextRequest, context: { params: Promise<{ nextauth: string[] }> }) {
  let deviceToken: string | undefined;
  const res = (await NextAuth(req, context, authOptions({ onDeviceToken: (token) => (deviceToken = token) }))) as Response;
  if (deviceToken) res.headers.append("Set-Cookie", deviceCookieHeader(deviceToken, isHttpsRequest(req.headers, req.url)));
  return res;
}

export { handler as GET, handler as POST };
