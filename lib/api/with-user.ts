import type { NextRequest } from "next/server";
import { authenticateRequest, type AuthContext, type AuthUser } from "@/lib/auth/authenticate-request";
import { logger } from "@/lib/logger";
import { addressRateLimitKey } from "@/lib/request/client-address";
import { clientMeta } from "@/lib/request/client-meta";
import { ApiResult, errorResponse, ok, successResponse } from "./envelope";
import { AppError, toAppError } from "@/lib/errors";
import { readJson } from "./read-body";
import { enforceAuthLimits, enforceRateLimit, type AuthDoor } from "@/lib/rate-limit/enforce-rate-limits";
import { assertSafeQuery, assertSafeText } from "./safe-text";

/** The route's dynamic segments by name: a handler names the ones its path has (`withUser<"id">`). */
type Params<P extends string> = Readonly<Record<P, string>>;
type RouteContext = { params: Promise<Record<string, string | string[] | undefined>> };
type HandlerResult = ApiResult | Response | Record<string, unknown> | unknown[] | null;

type BaseArgs<P extends string = never> = {
  req: NextRequest;
  params: Params<P>;
  searchParams: URLSearchParams;
  /** The parsed JSON body (undefined when empty); malformed JSON and > 1 MB never reach a handler. */
  body: unknown;
  meta: ReturnType<typeof clientMeta>;
};
export type UserArgs<P extends string = never> = BaseArgs<P> & { user: AuthUser; sessionId: string };
export type PublicArgs<P extends string = never> = BaseArgs<P> & { auth: AuthContext | null };

const BODY_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);

async function run<P extends string>(req: NextRequest, routeContext: RouteContext | undefined, execute: (base: BaseArgs<P>) => Promise<HandlerResult>) {
  try {
    const raw = (await routeContext?.params) ?? {};
    // Next.js fills every segment of the route's path, so the names a handler declares are all here.
    const params = Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, Array.isArray(v) ? v.join("/") : (v ?? "")])) as Params<P>;
    // No text a database cannot hold gets past the door: path parameters, the query string, the body.
    assertSafeText(params);
    assertSafeQuery(req.nextUrl.search);
    const body = BODY_METHODS.has(req.method) ? await readJson(req) : undefined;
    const result = await execute({ req, params, searchParams: req.nextUrl.searchParams, body, meta: clientMeta(req) });
    if (result instanceof Response) return privateByDefault(result);
    return successResponse(result instanceof ApiResult ? result : ok(result));
  } catch (error) {
    const appError = toAppError(error);
    if (appError.code === "INTERNAL_ERROR") {
      logger.error("unhandled error in route", { method: req.method, path: req.nextUrl.pathname, error });
    }
    return errorResponse(appError);
  }
}

/** A handler's own Response (a redirect, a document) is not cached either, unless the handler says it may be. */
function privateByDefault(res: Response): Response {
  if (!res.headers.has("cache-control")) res.headers.set("Cache-Control", "no-store");
  return res;
}

/**
 * The door for authenticated /api routes: authenticates (Bearer access token or next-auth cookie),
 * applies the per-user rate limit (100/min, shared through the database), hands the handler
 * `{ req, params, searchParams, body, user }` and turns whatever it throws into the error envelope.
 */
export function withUser<P extends string = never>(handler: (args: UserArgs<P>) => Promise<HandlerResult>) {
  return (req: NextRequest, routeContext?: RouteContext) =>
    run(req, routeContext, async (base) => {
      const auth = await authenticateRequest(req);
      if (!auth) throw new AppError("UNAUTHORIZED", "Authentication required");
      await enforceRateLimit("api", `user:${auth.user.id}`);
      return handler({ ...base, user: auth.user, sessionId: auth.sessionId });
    });
}

/**
 * The door for routes open to anonymous callers. `rateLimit` names an auth door ("sign-in",
 * "register", "refresh", "verify-email": that door's budgets per client address and per address +
 * the email read from the JSON body, lib/rate-limit/enforce-rate-limits.ts); "ip" counts 100/min per address;
 * false for health probes.
 */
export function withPublic<P extends string = never>(
  handler: (args: PublicArgs<P>) => Promise<HandlerResult>,
  options: { rateLimit: AuthDoor | "ip" | false; authenticate?: boolean } = { rateLimit: "ip" },
) {
  return (req: NextRequest, routeContext?: RouteContext) =>
    run(req, routeContext, async (base) => {
      if (options.rateLimit === "ip") {
        await enforceRateLimit("api", `ip:${addressRateLimitKey(base.meta.ip)}`);
      } else if (options.rateLimit) {
        const email = (base.body as { email?: unknown } | undefined)?.email;
        const account = typeof email === "string" ? email.slice(0, 254) : null;
        await enforceAuthLimits(options.rateLimit, { address: base.meta.ip, account });
      }
      const auth = options.authenticate ? await authenticateRequest(req) : null;
      return handler({ ...base, auth });
    });
}
