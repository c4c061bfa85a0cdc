import { cache } from "react";
import { getServerSession } from "next-auth";
import { redirect } from "next/navigation";
import { authOptions } from "./next-auth-options";
import { loadActiveSession, type AuthContext } from "./authenticate-request";

/**
 * The signed-in user of this request, or null. The next-auth cookie alone is not enough: its
 * session row must still be live, so a session revoked elsewhere (settings, logout, account
 * deletion) is refused at once. Cached per request: the layout and the page share one lookup.
 */
export const getOptionalUser = cache(async (): Promise<AuthContext | null> => {
  const session = await getServerSession(authOptions());
  const userId = session?.user && "id" in session.user ? session.user.id : undefined;
  const sessionId = (session as { sid?: unknown } | null)?.sid;
  if (typeof userId !== "string" || typeof sessionId !== "string") return null;
  return loadActiveSession(userId, sessionId);
});

/** The signed-in user for pages and server actions of the app; anyone else is sent to /login. */
export async function getCurrentUser(): Promise<AuthContext> {
  const context = await getOptionalUser();
  if (!context) redirect("/login");
  return context;
}
