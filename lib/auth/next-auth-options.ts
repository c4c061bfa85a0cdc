import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import GoogleProvider from "next-auth/providers/google";
import AzureADProvider from "next-auth/providers/azure-ad";
import { env } from "@/lib/env";
import { getSecret } from "@/lib/secrets";
import { loginBodySchema } from "@/lib/schemas/auth";
import { logger } from "@/lib/logger";
import { AppError } from "@/lib/errors";
import { clientMetaFromHeaders } from "@/lib/request/client-meta";
import { enforceAuthLimits } from "@/lib/rate-limit/enforce-rate-limits";
import type { ClientMeta } from "@/lib/request/client-meta";
import { createBrowserSession } from "./create-session";
import { readDeviceCookie } from "./device-cookie";
import { signInWithPassword } from "./login-user";
import { createUserAccount, findActiveUserByEmail } from "./register-user";
import { revokeSessionById } from "./revoke-session-by-id";

const MAX_AGE_SECONDS = 30 * 86_400;

/** Which sign-in buttons the login page shows: Google and Microsoft only when configured. */
export function oauthLoginProviders(): { google: boolean; microsoft: boolean } {
  const e = env();
  return {
    google: Boolean(e.GOOGLE_CLIENT_ID && e.GOOGLE_CLIENT_SECRET),
    microsoft: Boolean(e.MICROSOFT_CLIENT_ID && e.MICROSOFT_CLIENT_SECRET),
  };
}

/**
 * next-auth's configuration. `onDeviceToken` receives the device token of a successful password
 * sign-in: the [...nextauth] route sets it as the device cookie on next-auth's response.
 */
export function authOptions(hooks: { onDeviceToken?: (token: string) => void } = {}): NextAuthOptions {
  const e = env();
  const providers: NextAuthOptions["providers"] = [
    CredentialsProvider({
      name: "Email",
      credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
      async authorize(credentials, req) {
        const parsed = loginBodySchema.safeParse({ email: credentials?.email, password: credentials?.password });
        if (!parsed.success) return null;
        // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- next-auth calls authorize without req from signIn()
        const headers = new Headers(Object.entries(req?.headers ?? {}).map(([k, v]): [string, string] => [k, String(v)]));
        const meta = clientMetaFromHeaders(headers);
        try {
          // The very same budgets and account throttle as POST /api/auth/login.
          await enforceAuthLimits("sign-in", { address: meta.ip, account: parsed.data.email });
          const { user, deviceToken } = await signInWithPassword(parsed.data.email, parsed.data.password, {
            address: meta.ip,
            deviceToken: readDeviceCookie(headers),
          });
          hooks.onDeviceToken?.(deviceToken);
          return { id: user.id, email: user.email, name: user.name, client: { ip: meta.ip, userAgent: meta.userAgent } };
        } catch (error) {
          // next-auth passes a thrown message to the form as `error`: the form shows the wait.
          if (error instanceof AppError && error.code === "RATE_LIMIT_EXCEEDED") throw new Error(`RateLimited:${error.retryAfter ?? 60}`);
          if (error instanceof AppError && error.code === "UNAUTHORIZED") return null;
          throw error;
        }
      },
    }),
  ];
  const oauth = oauthLoginProviders();
  if (oauth.google) providers.push(GoogleProvider({ clientId: e.GOOGLE_CLIENT_ID!, clientSecret: e.GOOGLE_CLIENT_SECRET! }));
  if (oauth.microsoft) {
    providers.push(
      AzureADProvider({
        clientId: e.MICROSOFT_CLIENT_ID!,
        clientSecret: e.MICROSOFT_CLIENT_SECRET!,
        tenantId: e.MICROSOFT_TENANT_ID ?? "common",
      }),
    );
  }

  return {
    secret: getSecret("NEXTAUTH_SECRET"),
    session: { strategy: "jwt", maxAge: MAX_AGE_SECONDS },
    pages: { signIn: "/login", error: "/login" },
    providers,
    callbacks: {
      async signIn({ user, account }) {
        if (!account || account.provider === "credentials") return true;
        // OAuth: the provider vouched for the email; link to the account with that email or create one.
        if (!user.email) return false;
        const existing = await findActiveUserByEmail(user.email);
        if (!existing) await createUserAccount({ email: user.email, name: user.name ?? user.email.split("@")[0] ?? user.email, verified: true });
        return true;
      },
      async jwt({ token, user, account }) {
        // `user` and `account` come only on sign-in; later calls refresh the token alone.
        // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- next-auth types `user` as always there
        if (user && account) {
          const dbUser = account.provider === "credentials" ? { id: user.id } : await findActiveUserByEmail(user.email!);
          if (!dbUser) return token;
          token.sub = dbUser.id;
          const client = (user as { client?: ClientMeta }).client ?? {};
          token.sid = await createBrowserSession(dbUser.id, client, MAX_AGE_SECONDS);
        }
        return token;
      },
      async session({ session, token }) {
        return { ...session, user: { ...session.user, id: token.sub }, sid: token.sid };
      },
    },
    events: {
      async signOut({ token }) {
        if (token.sub && typeof token.sid === "string") await revokeSessionById(token.sub, token.sid);
      },
    },
    logger: {
      error: (code, metadata) => logger.error(`next-auth ${code}`, { metadata }),
      warn: (code) => logger.warn(`next-auth ${code}`),
      debug: () => {},
    },
  };
}
