import type { AuthContext } from "@/lib/auth/authenticate-request";
import { getCurrentUser } from "@/lib/auth/get-current-user";
import { enforceRateLimit } from "@/lib/rate-limit/enforce-rate-limits";
import { runAction, type ActionResult } from "./run-action";
import { assertSafeText } from "./safe-text";

/**
 * The door for the app's server actions, as withUser is the API's: it authenticates (the next-auth
 * session, whose row must still be live; anyone else is sent to /login), counts the call against
 * the user's API rate limit (the same 100/min "api" bucket), refuses text no database can hold in
 * the arguments, and hands the action `{ user, sessionId }` with its arguments. What the action
 * throws becomes an ActionResult: only an AppError's message reaches the browser.
 *
 * ```ts
 * export const setSenderCategoryAction = withAction("setSenderCategoryAction", async ({ user }, senderId: string, category: string) => ...);
 * ```
 */
export const withAction = createWithAction(getCurrentUser);

/** withAction over another way of finding the signed-in user (tests hand it a session they opened). */
export function createWithAction(authenticate: () => Promise<AuthContext>) {
  return <Args extends unknown[], T>(name: string, action: (ctx: AuthContext, ...args: Args) => Promise<T>) =>
    async (...args: Args): Promise<ActionResult<T>> =>
      runAction(name, async () => {
        const ctx = await authenticate();
        await enforceRateLimit("api", `user:${ctx.user.id}`);
        assertSafeText(args);
        return action(ctx, ...args);
      });
}
