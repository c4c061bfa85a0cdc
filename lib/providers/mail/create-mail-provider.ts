import { z } from "zod";
import { parseCredentials } from "../parse-credentials";
import type { Clock } from "../shared/clock";
import { DemoMailProvider } from "./demo";
import { GmailMailProvider } from "./gmail";
import { gmailCredentialsSchema } from "./google-oauth";
import { ImapMailProvider, imapCredentialsSchema } from "./imap";
import { outlookCredentialsSchema } from "./microsoft-oauth";
import { OutlookMailProvider } from "./outlook";
import { MailProviderError, type MailProvider, type MailProviderName } from "./types";

const demoCredentialsSchema = z.object({ seed: z.string().min(1).max(200).optional() });

export type CreateMailProviderInput = {
  provider: MailProviderName;
  /** The decrypted credentials JSON stored on the integration (validated here per provider). */
  credentials: unknown;
  /**
   * Called when the provider obtains new OAuth tokens (Microsoft rotates refresh tokens on every
   * refresh): store them encrypted in place of the old ones. Never log them.
   */
  onCredentialsUpdate?: (credentials: Record<string, unknown>) => void | Promise<void>;
  /** Mailbox identity (the integration id) so concurrent instances share one quota/concurrency budget. */
  mailboxKey?: string;
  clock?: Clock;
};

const parse = <T>(schema: z.ZodType<T>, credentials: unknown, provider: MailProviderName): T =>
  parseCredentials(schema, credentials, { what: provider, reconnect: "the mailbox", Error: MailProviderError });

/** The one way to get a MailProvider: chosen by the integration's provider name. */
export function createMailProvider(input: CreateMailProviderInput): MailProvider {
  const { provider, credentials, onCredentialsUpdate, mailboxKey, clock } = input;
  switch (provider) {
    case "gmail":
      return new GmailMailProvider({ credentials: parse(gmailCredentialsSchema, credentials, provider), onCredentialsUpdate, mailboxKey, clock });
    case "outlook":
      return new OutlookMailProvider({ credentials: parse(outlookCredentialsSchema, credentials, provider), onCredentialsUpdate, mailboxKey, clock });
    case "imap":
      return new ImapMailProvider({ credentials: parse(imapCredentialsSchema, credentials, provider) });
    case "demo":
      return new DemoMailProvider({ seed: parse(demoCredentialsSchema, credentials, provider).seed, clock });
    default:
      throw new MailProviderError(`Unknown mail provider ${String(provider)}`, "invalid_request");
  }
}
