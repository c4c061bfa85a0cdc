import { z } from "zod";
import { MAIL_PROVIDERS } from "@/lib/schemas/enums";

/** The body of an OAuth connect: a code from the consent redirect or a refresh token. */
export const oauthConnectBodySchema = <P extends string>(provider: P) =>
  z.strictObject({
    provider: z.literal(provider),
    auth_token: z.string({ error: "auth_token is required" }).trim().min(10, { error: "auth_token looks too short" }).max(4096),
    /** What auth_token is; guessed from its shape when omitted. */
    token_type: z.enum(["authorization_code", "refresh_token"], { error: "Must be authorization_code or refresh_token" }).optional(),
    /** The redirect URI the authorization code was issued for (defaults to PookAi's own callback). */
    redirect_uri: z.url({ error: "Must be a URL" }).optional(),
  });

/**
 * The demo mailbox or calendar needs no credentials: seed 000's `auth_token` is accepted (any
 * string) and not used; `seed` picks another generated sample.
 */
export const demoConnectBodySchema = <P extends string>(provider: P) =>
  z.strictObject({
    provider: z.literal(provider),
    seed: z.string().max(64).optional(),
    auth_token: z.string({ error: "auth_token must be a string" }).max(4096).optional(),
  });

type UrlFields = { fields: Record<string, unknown> } | { error: string };

/**
 * A provider whose credentials are several fields (a host, a username, a password) also takes seed
 * 000's `{ provider, auth_token }` body, with `auth_token` a URL that carries them all
 * (`imaps://user:password@imap.example.com:993`). Either the URL or the fields, never both; the
 * URL's fields are checked as the separate fields would be, and errors point at auth_token.
 */
export function withAuthTokenUrl<S extends z.ZodObject>(fields: S, fromUrl: (url: URL) => UrlFields) {
  // The same fields, each optional and without its default (a default is filled in once, below).
  const optional = Object.fromEntries(
    Object.entries(fields.shape as Record<string, z.ZodType>).map(([key, schema]) => [
      key,
      (schema instanceof z.ZodDefault ? (schema.unwrap() as z.ZodType) : schema).optional(),
    ]),
  );
  return (
    z
      .strictObject({
        ...optional,
        provider: fields.shape.provider as z.ZodType,
        auth_token: z.string({ error: "auth_token must be a string" }).trim().max(4096, { error: "auth_token is at most 4096 characters" }).optional(),
      })
      // A missing field is reported with the others' errors, all at once (as the fields alone would).
      .superRefine(
        (body, ctx) => {
          const given = body as Record<string, unknown>;
          if (given.auth_token !== undefined) return;
          const result = fields.safeParse(given);
          for (const issue of result.error?.issues ?? []) {
            if (given[String(issue.path[0])] === undefined) ctx.addIssue({ code: "custom", path: issue.path, message: issue.message });
          }
        },
        { when: (payload) => typeof payload.value === "object" && payload.value !== null },
      )
      .transform((body, ctx): z.output<S> => {
        const { auth_token: token, ...rest } = body as Record<string, unknown>;
        let input = rest;
        if (token !== undefined) {
          const others = Object.keys(rest).filter((k) => k !== "provider" && rest[k] !== undefined);
          let url: URL | null = null;
          try {
            url = typeof token === "string" ? new URL(token) : null;
          } catch {
            /* reported below */
          }
          const parsed = url ? fromUrl(url) : { error: "auth_token must be a URL carrying the credentials" };
          if (others.length) ctx.addIssue({ code: "custom", path: ["auth_token"], message: `Send auth_token or ${others.join(", ")}, not both` });
          if ("error" in parsed) ctx.addIssue({ code: "custom", path: ["auth_token"], message: parsed.error });
          if (others.length || "error" in parsed) return z.NEVER;
          input = { provider: rest.provider, ...parsed.fields };
        }
        const result = fields.safeParse(input);
        if (result.success) return result.data;
        for (const issue of result.error.issues) {
          ctx.addIssue({ code: "custom", path: token !== undefined ? ["auth_token"] : issue.path, message: issue.message });
        }
        return z.NEVER;
      })
  );
}

/** The userinfo of a credentials URL, decoded ("" when absent). */
export function urlUserinfo(url: URL): { username: string; password: string } {
  const decode = (v: string) => {
    try {
      return decodeURIComponent(v);
    } catch {
      return v;
    }
  };
  return { username: decode(url.username), password: decode(url.password) };
}

const IMAP_URL_EXAMPLE = "imaps://user%40example.com:app-password@imap.example.com:993";

function imapFieldsFromUrl(url: URL): UrlFields {
  if (url.protocol !== "imap:" && url.protocol !== "imaps:") return { error: `For imap, auth_token must be an IMAP URL such as ${IMAP_URL_EXAMPLE}` };
  const { username, password } = urlUserinfo(url);
  if (!username || !password) return { error: `auth_token must carry the username and password, as in ${IMAP_URL_EXAMPLE}` };
  const secure = url.protocol === "imaps:";
  const host = url.hostname.replace(/^\[(.*)\]$/, "$1");
  return { fields: { host, port: url.port ? Number(url.port) : secure ? 993 : 143, secure, username, password } };
}

export const connectEmailBodySchema = z.discriminatedUnion(
  "provider",
  [
    oauthConnectBodySchema("gmail"),
    oauthConnectBodySchema("outlook"),
    withAuthTokenUrl(
      z.strictObject({
        provider: z.literal("imap"),
        host: z.string({ error: "host is required" }).trim().min(1, { error: "host is required" }).max(253),
        port: z.coerce
          .number({ error: "port must be a number" })
          .int()
          .min(1, { error: "port must be 1-65535" })
          .max(65535, { error: "port must be 1-65535" })
          .default(993),
        secure: z.boolean({ error: "Must be true or false" }).default(true),
        username: z.string({ error: "username is required" }).min(1, { error: "username is required" }).max(320),
        password: z.string({ error: "password is required" }).min(1, { error: "password is required" }).max(1024),
      }),
      imapFieldsFromUrl,
    ),
    demoConnectBodySchema("demo"),
  ],
  { error: `provider must be one of ${MAIL_PROVIDERS.join(", ")}` },
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

export const startJobBodySchema = z.strictObject({ integration_id: z.uuid({ error: "Must be an integration id" }).optional() }).optional();

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
