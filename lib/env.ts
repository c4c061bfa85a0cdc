import { z } from "zod";

const optional = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === "" ? undefined : v.trim()));

const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: optional,
  DATABASE_POOL_SIZE: optional,
  PGLITE_DIR: optional,
  DATA_DIR: optional,
  APP_URL: optional,
  NEXTAUTH_URL: optional,
  NEXTAUTH_SECRET: optional,
  JWT_SECRET: optional,
  JWT_EXPIRES_IN: optional,
  REFRESH_TOKEN_TTL_DAYS: optional,
  ENCRYPTION_KEY: optional,
  CORS_ORIGINS: optional,
  // The proxies in front of the app (lib/request/client-address.ts): addresses, CIDR ranges and/or a hop count.
  TRUSTED_PROXIES: optional,
  RATE_LIMIT_AUTH_PER_MINUTE: optional,
  RATE_LIMIT_API_PER_MINUTE: optional,
  ACCOUNT_PURGE_GRACE_DAYS: optional,
  GOOGLE_CLIENT_ID: optional,
  GOOGLE_CLIENT_SECRET: optional,
  MICROSOFT_CLIENT_ID: optional,
  MICROSOFT_CLIENT_SECRET: optional,
  MICROSOFT_TENANT_ID: optional,
  GMAIL_CLIENT_ID: optional,
  GMAIL_CLIENT_SECRET: optional,
  OUTLOOK_CLIENT_ID: optional,
  OUTLOOK_CLIENT_SECRET: optional,
  GOOGLE_CALENDAR_CLIENT_ID: optional,
  GOOGLE_CALENDAR_CLIENT_SECRET: optional,
  OPENAI_API_KEY: optional,
  OPENAI_BASE_URL: optional,
  OPENAI_MODEL: optional,
  TWILIO_ACCOUNT_SID: optional,
  TWILIO_AUTH_TOKEN: optional,
  TWILIO_PHONE_NUMBER: optional,
  // Outbound calls per second the Twilio account may start (Twilio's default is 1).
  TWILIO_CALLS_PER_SECOND: optional,
  // Twilio's REST base (default https://api.twilio.com); tests point it at the loopback fake.
  TWILIO_API_BASE_URL: optional,
  OPENAI_TTS_MODEL: optional,
  REDIS_URL: optional,
  INNGEST_EVENT_KEY: optional,
  INNGEST_SIGNING_KEY: optional,
  INNGEST_DEV: optional,
  INNGEST_BASE_URL: optional,
  VERCEL: optional,
  VERCEL_ENV: optional,
  LOG_LEVEL: optional,
  // How often every connected mailbox is synced, in minutes (default 10).
  MAIL_SYNC_INTERVAL_MINUTES: optional,
  // Provider endpoints: real defaults in lib/providers/mail; tests point them at loopback fakes.
  GMAIL_API_BASE_URL: optional,
  GOOGLE_CALENDAR_API_BASE_URL: optional,
  GOOGLE_OAUTH_BASE_URL: optional,
  GOOGLE_ACCOUNTS_BASE_URL: optional,
  GRAPH_API_BASE_URL: optional,
  MICROSOFT_LOGIN_BASE_URL: optional,
  // "1" lets IMAP hosts and unsubscribe URLs resolve to private/loopback addresses (tests, self-hosting).
  ALLOW_PRIVATE_NETWORK: optional,
});

export type Env = z.infer<typeof envSchema>;

const ENV_KEYS = Object.keys(envSchema.shape) as (keyof Env)[];
let cached: { fingerprint: string; value: Env } | undefined;

/**
 * One validated view of the environment. Validation runs again only when a variable it reads has
 * changed (tests and workers do change them), not on each of the many calls a request makes.
 */
export function env(): Env {
  let fingerprint = "";
  for (const key of ENV_KEYS) fingerprint += `${process.env[key] ?? "\u0001"}\u0000`;
  if (cached?.fingerprint !== fingerprint) cached = { fingerprint, value: envSchema.parse(process.env) };
  return cached.value;
}

/** True on a Vercel deployment (production or preview): embedded defaults cannot serve there. */
export function isServerless(): boolean {
  return Boolean(env().VERCEL);
}

/** True when events should go to an Inngest server instead of the embedded runner. */
export function isInngestConfigured(): boolean {
  const e = env();
  return Boolean(e.INNGEST_DEV || e.INNGEST_BASE_URL || e.INNGEST_EVENT_KEY);
}

/**
 * What a deployment must configure because the embedded defaults cannot serve it.
 * Empty everywhere except on Vercel (or another serverless host that sets VERCEL).
 */
export function missingDeploymentConfig(): string[] {
  const e = env();
  if (!isServerless()) return [];
  const missing: string[] = [];
  if (!e.DATABASE_URL) missing.push("DATABASE_URL");
  if (!e.INNGEST_EVENT_KEY) missing.push("INNGEST_EVENT_KEY");
  if (!e.INNGEST_SIGNING_KEY) missing.push("INNGEST_SIGNING_KEY");
  if (!e.JWT_SECRET) missing.push("JWT_SECRET");
  if (!e.NEXTAUTH_SECRET) missing.push("NEXTAUTH_SECRET");
  if (!e.ENCRYPTION_KEY) missing.push("ENCRYPTION_KEY");
  return missing;
}

/** A whole positive number from the environment, or the fallback when it is unset or not one. */
export function positiveIntEnv(value: string | undefined, fallback: number): number {
  const n = Number(value);
  return value !== undefined && Number.isInteger(n) && n > 0 ? n : fallback;
}

export function dataDir(): string {
  return env().DATA_DIR ?? ".data";
}

export function corsOrigins(): string[] {
  return (env().CORS_ORIGINS ?? "")
    .split(",")
    .map((o) => o.trim().replace(/\/$/, ""))
    .filter(Boolean);
}

export function appUrl(): string {
  const e = env();
  return (e.APP_URL ?? e.NEXTAUTH_URL ?? "http://localhost:3000").replace(/\/$/, "");
}

/** How many calls per second the workflow starts (the carrier account's rate; default 1, Twilio's default). */
export function callsPerSecond(): number {
  const n = Number(env().TWILIO_CALLS_PER_SECOND);
  return Number.isInteger(n) && n > 0 ? Math.min(n, 100) : 1;
}

export type TwilioConfig = { accountSid: string; authToken: string; phoneNumber: string; apiBaseUrl: string | undefined };

/** Twilio's credentials and caller id when all three are set (a partial configuration is no configuration). */
export function twilioConfig(): TwilioConfig | null {
  const e = env();
  if (!e.TWILIO_ACCOUNT_SID || !e.TWILIO_AUTH_TOKEN || !e.TWILIO_PHONE_NUMBER) return null;
  return { accountSid: e.TWILIO_ACCOUNT_SID, authToken: e.TWILIO_AUTH_TOKEN, phoneNumber: e.TWILIO_PHONE_NUMBER, apiBaseUrl: e.TWILIO_API_BASE_URL };
}
