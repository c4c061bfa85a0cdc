import type { z } from "zod";
import { parseCredentials } from "../parse-credentials";
import type { Clock } from "../shared/clock";
import { CalDavCalendarProvider, caldavCredentialsSchema } from "./caldav";
import { DemoCalendarProvider, demoCalendarCredentialsSchema } from "./demo";
import { GoogleCalendarProvider, googleCalendarCredentialsSchema } from "./google";
import { OutlookCalendarProvider, outlookCalendarCredentialsSchema } from "./outlook";
import { CalendarProviderError, type CalendarProvider, type CalendarProviderName } from "./types";

export type CreateCalendarProviderInput = {
  provider: CalendarProviderName;
  /** The decrypted credentials JSON stored on the integration (validated here per provider). */
  credentials: unknown;
  /** New OAuth tokens (Microsoft rotates refresh tokens): store them encrypted in place of the old. Never log them. */
  onCredentialsUpdate?: (credentials: Record<string, unknown>) => void | Promise<void>;
  /** The integration id, so concurrent instances for one account share one Graph gate. */
  accountKey?: string;
  /** The user's zone: the demo's working hours, and floating CalDAV times. */
  timeZone?: string;
  clock?: Clock;
};

const parse = <T>(schema: z.ZodType<T>, credentials: unknown, provider: CalendarProviderName): T =>
  parseCredentials(schema, credentials, { what: `${provider} calendar`, reconnect: "the calendar", Error: CalendarProviderError });

/** The one way to get a CalendarProvider: chosen by the integration's provider name. */
export function createCalendarProvider(input: CreateCalendarProviderInput): CalendarProvider {
  const { provider, credentials, onCredentialsUpdate, accountKey, timeZone, clock } = input;
  switch (provider) {
    case "google":
      return new GoogleCalendarProvider({ credentials: parse(googleCalendarCredentialsSchema, credentials, provider), onCredentialsUpdate, clock });
    case "outlook":
      return new OutlookCalendarProvider({
        credentials: parse(outlookCalendarCredentialsSchema, credentials, provider),
        onCredentialsUpdate,
        accountKey,
        clock,
      });
    case "caldav":
      return new CalDavCalendarProvider({ credentials: parse(caldavCredentialsSchema, credentials, provider), timeZone });
    case "demo": {
      const demo = parse(demoCalendarCredentialsSchema, credentials, provider);
      return new DemoCalendarProvider({ seed: demo.seed, timezone: demo.timezone ?? timeZone });
    }
    default:
      throw new CalendarProviderError(`Unknown calendar provider ${String(provider)}`, "invalid_request");
  }
}
