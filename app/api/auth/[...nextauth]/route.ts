import NextAuth from "next-auth";
import type { NextRequest } from "next/server";
import { authOptions } from "@/lib/auth/next-auth-options";

// next-auth's own routes (sign-in pages, callbacks, csrf, session) for the browser UI.
function handler(req: NextRequest, context: { params: Promise<{ nextauth: string[] }> }) {
  return NextAuth(req, context, authOptions());
}

export { handler as GET, handler as POST };
