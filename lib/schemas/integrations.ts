import { z } from "zod";
import { MAIL_PROVIDERS } from "@/lib/db/schema/enums";

/** The body of an OAuth connect: a code from the consent redirect or a refresh token. */
export const oauthConnectBodySchema = <P extends string>(provider: P) =>
  z.strictObject({
    provider: z.literal(provider),
    auth_token: z.string({ message: "auth_token is required" }).trim().min(10, { message: "auth_token looks too short" }).max(4096),
    /** What auth_token is; guessed from its shape when omitted. */
    token_type: z.enum(["authorization_code", "refresh_token"], { message: "Must be authorization_code or refresh_token" }).optional(),
    /** The redirect URI the authorization code was issued for (defaults to PookAi's own callback). */
    redirect_uri: z.url({ message: "Must be a URL" }).optional(),
  });

export const connectEmailBodySchema = z.discriminatedUnion(
  "provider",
  [
    oauthConnectBodySchema("gmail"),
    oauthConnectBodySchema("outlook"),
    z.strictObject({
      provider: z.literal("imap"),
      host: z.string({ message: "host is required" }).trim().min(1, { message: "host is required" }).max(253),
      port: z.coerce
        .number({ message: "port must be a number" })
        .int()
        .min(1, { message: "port must be 1-65535" })
        .max(65535, { message: "port must be 1-65535" })
        .default(993),
      secure: z.boolean({ message: "Must be true or false" }).default(true),
      username: z.string({ message: "username is required" }).min(1, { message: "username is required" }).max(320),
      password: z.string({ message: "password is required" }).min(1, { message: "password is required" }).max(1024),
    }),
    z.strictObject({ provider: z.literal("demo"), seed: z.string().max(64).optional() }),
  ],
  { message: `provider must be one of ${MAIL_PROVIDERS.join(", ")}` },
);

/** A connected account (mailbox or calendar) as the API shows it. */
export const connectedAccountSchema = <const P extends readonly [string, ...string[]]>(providers: P) =>
  z.object({
    id: z.uuid(),
    provider: z.enum(providers),
    account_email: z.string(),
    status: z.enum(["connected", "error", "disconnected"]),
    last_sync: z.string().nullable(),
    last_error: z.string().nullable(),
    created_at: z.string(),
  });

export const integrationSchema = connectedAccountSchema(MAIL_PROVIDERS);

export const connectEmailResponseSchema = z.object({
  integration_id: z.uuid(),
  status: z.literal("connected"),
  provider: z.enum(MAIL_PROVIDERS),
  account_email: z.string(),
});

export const emailStatusResponseSchema = z.object({
  connected: z.boolean(),
  provider: z.enum(MAIL_PROVIDERS).nullable(),
  last_sync: z.string().nullable(),
  integrations: z.array(integrationSchema),
});

export const startJobBodySchema = z.strictObject({ integration_id: z.uuid({ message: "Must be an integration id" }).optional() }).optional();

export const jobResponseSchema = z.object({
  job_id: z.uuid(),
  status: z.enum(["processing", "completed", "failed"]),
});

export const scanJobSchema = z.object({
  job_id: z.uuid(),
  kind: z.enum(["scan", "sync"]),
  integration_id: z.uuid().nullable(),
  status: z.enum(["processing", "completed", "failed"]),
  progress: z.number().int().min(0).max(100),
  processed: z.number().int(),
  total: z.number().int().nullable(),
  error: z.string().nullable(),
  started_at: z.string(),
  finished_at: z.string().nullable(),
});

export type ConnectEmailBody = z.infer<typeof connectEmailBodySchema>;
export type IntegrationDto = z.infer<typeof integrationSchema>;
