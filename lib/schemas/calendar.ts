import { z } from "zod";
import {
  CALENDAR_EVENT_STATUSES,
  CALENDAR_PROVIDERS,
  MEETING_REMINDER_FREQUENCIES,
  MEETING_REMINDER_METHODS,
  MEETING_REMINDER_TIMINGS,
  SELF_RESPONSES,
} from "./enums";
import { connectedAccountSchema, demoConnectBodySchema, oauthConnectBodySchema, urlUserinfo, withAuthTokenUrl } from "./integrations";

const CALDAV_URL_EXAMPLE = "https://user%40example.com:password@caldav.example.com/";

/** Seed 000's auth_token for CalDAV: the server's address with the username and password in it. */
function caldavFieldsFromUrl(url: URL) {
  if (url.protocol !== "https:" && url.protocol !== "http:") return { error: `For caldav, auth_token must be the server's URL such as ${CALDAV_URL_EXAMPLE}` };
  const { username, password } = urlUserinfo(url);
  if (!username || !password) return { error: `auth_token must carry the username and password, as in ${CALDAV_URL_EXAMPLE}` };
  const server = new URL(url.href);
  server.username = "";
  server.password = "";
  return { fields: { url: server.href, username, password } };
}

export const connectCalendarBodySchema = z.discriminatedUnion(
  "provider",
  [
    oauthConnectBodySchema("google"),
    oauthConnectBodySchema("outlook"),
    withAuthTokenUrl(
      z.strictObject({
        provider: z.literal("caldav"),
        url: z
          .url({ protocol: /^https?$/, error: "Must be the server's http(s) address, e.g. https://caldav.example.com/" })
          .trim()
          .max(2048, { error: "url is at most 2048 characters" }),
        username: z.string({ error: "username is required" }).min(1, { error: "username is required" }).max(320),
        password: z.string({ error: "password is required" }).min(1, { error: "password is required" }).max(1024),
      }),
      caldavFieldsFromUrl,
    ),
    demoConnectBodySchema("demo"),
  ],
  { error: `provider must be one of ${CALENDAR_PROVIDERS.join(", ")}` },
);

export const calendarIntegrationSchema = connectedAccountSchema(CALENDAR_PROVIDERS);

export const connectCalendarResponseSchema = z.object({
  integration_id: z.uuid(),
  status: z.literal("connected"),
  provider: z.enum(CALENDAR_PROVIDERS),
  account_email: z.string(),
});

export const calendarStatusResponseSchema = z.object({
  connected: z.boolean(),
  provider: z.enum(CALENDAR_PROVIDERS).nullable(),
  last_sync: z.string().nullable(),
  integrations: z.array(calendarIntegrationSchema),
});

export const daysAheadQuerySchema = z.object({
  days_ahead: z.coerce
    .number({ error: "Must be a number" })
    .int({ error: "Must be a whole number of days" })
    .min(1, { error: "Must be at least 1" })
    .max(60, { error: "Must be at most 60" })
    .default(7),
});

/** Seed 000's CalendarEvent: one occurrence of a meeting, from one of the user's calendars. */
export const calendarEventSchema = z.object({
  integration_id: z.uuid(),
  provider: z.enum(CALENDAR_PROVIDERS),
  provider_event_id: z.string(),
  title: z.string(),
  start: z.string(),
  end: z.string(),
  all_day: z.boolean(),
  location: z.string().nullable(),
  meeting_url: z.string().nullable(),
  organizer_email: z.string().nullable(),
  attendees: z.array(z.string()),
  status: z.enum(CALENDAR_EVENT_STATUSES),
  self_response: z.enum(SELF_RESPONSES).nullable(),
});

/** How each connected calendar answered: a failing one is named here while the others still count. */
export const calendarSourceSchema = z.object({
  integration_id: z.uuid(),
  provider: z.enum(CALENDAR_PROVIDERS),
  account_email: z.string(),
  ok: z.boolean(),
  event_count: z.number().int(),
  error: z.string().nullable(),
});

export const calendarEventsResponseSchema = z.object({
  from: z.string(),
  to: z.string(),
  events: z.array(calendarEventSchema),
  /** True when some calendar failed and `events` holds only the others' (see `calendars`). */
  partial: z.boolean(),
  calendars: z.array(calendarSourceSchema),
});

export const meetingReminderSchema = z.object({
  event: calendarEventSchema,
  channel: z.enum(["call", "digest"]),
  remind_at: z.string(),
  late: z.boolean(),
  external: z.boolean(),
  important: z.boolean(),
  investor: z.boolean(),
});

export const upcomingRemindersResponseSchema = z.object({
  preferences: z.object({
    meeting_reminder_timing: z.enum(MEETING_REMINDER_TIMINGS),
    meeting_reminder_frequency: z.enum(MEETING_REMINDER_FREQUENCIES),
    meeting_reminder_method: z.enum(MEETING_REMINDER_METHODS),
    preferred_call_time: z.string(),
    timezone: z.string(),
  }),
  reminders: z.array(meetingReminderSchema),
  skipped: z.array(z.object({ event: calendarEventSchema, reason: z.string() })),
  partial: z.boolean(),
  calendars: z.array(calendarSourceSchema),
});

export type ConnectCalendarBody = z.infer<typeof connectCalendarBodySchema>;
export type CalendarEventDto = z.infer<typeof calendarEventSchema>;
export type CalendarIntegrationDto = z.infer<typeof calendarIntegrationSchema>;
export type UpcomingRemindersDto = z.infer<typeof upcomingRemindersResponseSchema>;
