import { calendar, type calendar_v3 } from "@googleapis/calendar";
import { logger } from "@/lib/logger";
import { classifyGoogleError } from "../google/google-api-error";
import { GoogleAuth } from "../google/google-auth";
import { googleCredentialsSchema, type GoogleCredentials } from "../google/google-oauth";
import { systemClock, type Clock } from "../shared/clock";
import { backoffMs } from "../shared/retry-after";
import { findMeetingUrl } from "./find-meeting-url";
import { GOOGLE_CALENDAR_OAUTH_APP, googleCalendarRootUrl } from "./google-calendar-oauth";
import { byStart, type CalendarEvent, type CalendarProvider } from "./types";

export const googleCalendarCredentialsSchema = googleCredentialsSchema;

export type GoogleCalendarProviderOptions = {
  credentials: GoogleCredentials;
  /** Called with the merged credentials whenever Google issues new tokens: persist them encrypted. */
  onCredentialsUpdate?: (credentials: GoogleCredentials) => void | Promise<void>;
  clock?: Clock;
  maxRetries?: number;
  /** events.list page size (Google allows up to 2500). */
  pageSize?: number;
};

const RESPONSE: Record<string, CalendarEvent["self_response"]> = {
  accepted: "accepted",
  tentative: "tentative",
  declined: "declined",
  needsAction: "needs-action",
};

/**
 * Google Calendar through the official @googleapis/calendar client, calendar.readonly: the primary
 * calendar's events.list with singleEvents=true (Google expands recurring events into instances),
 * ordered by start, every page of the window.
 */
export class GoogleCalendarProvider implements CalendarProvider {
  readonly name = "google" as const;
  private readonly api: calendar_v3.Calendar;
  private readonly auth: GoogleAuth;
  private readonly clock: Clock;
  private readonly maxRetries: number;

  constructor(private readonly options: GoogleCalendarProviderOptions) {
    this.clock = options.clock ?? systemClock;
    // Calendars are read while someone waits (a page, an API call): retry briefly, then say so.
    this.maxRetries = options.maxRetries ?? 2;
    this.auth = new GoogleAuth(GOOGLE_CALENDAR_OAUTH_APP, googleCalendarCredentialsSchema.parse(options.credentials), options.onCredentialsUpdate);
    // retry:false: gaxios ignores Retry-After; call() retries with it. The cast: see the Gmail provider.
    this.api = calendar({ version: "v3", auth: this.auth.client as unknown as calendar_v3.Options["auth"], rootUrl: googleCalendarRootUrl(), retry: false });
  }

  /** The primary calendar's id is the account's address. */
  async verify(): Promise<{ account_email: string }> {
    const primary = await this.call(() => this.api.calendars.get({ calendarId: "primary" }));
    return { account_email: (primary.id ?? "").toLowerCase() };
  }

  async listEvents(from: Date, to: Date): Promise<CalendarEvent[]> {
    const out: CalendarEvent[] = [];
    let pageToken: string | undefined;
    do {
      const page = await this.call(() =>
        this.api.events.list({
          calendarId: "primary",
          timeMin: from.toISOString(),
          timeMax: to.toISOString(),
          singleEvents: true,
          orderBy: "startTime",
          maxResults: this.options.pageSize ?? 250,
          pageToken,
        }),
      );
      for (const item of page.items ?? []) {
        const event = toEvent(item);
        if (event) out.push(event);
      }
      pageToken = page.nextPageToken ?? undefined;
    } while (pageToken);
    return out.sort(byStart);
  }

  async revoke(): Promise<void> {
    await this.auth.revoke(this.clock.now());
  }

  /** One API call; 429 / rate-limit 403 / 5xx are retried after Retry-After (or a backoff). */
  private async call<T>(request: () => Promise<{ data: T }>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        return (await request()).data;
      } catch (err) {
        const info = classifyGoogleError(err, this.clock.now(), GOOGLE_CALENDAR_OAUTH_APP);
        if (!info.retryable || attempt >= this.maxRetries) throw info.error;
        const wait = info.retryAfterMs ?? backoffMs(attempt);
        logger.warn("google calendar: retrying", { status: info.status, reason: info.reason, wait_ms: wait, attempt });
        await this.clock.sleep(wait);
      }
    }
  }
}

/** A Google date ("2026-03-05") or date-time as an instant; dates are UTC midnights. */
function instant(when: calendar_v3.Schema$EventDateTime | undefined): Date | null {
  if (when?.dateTime) return new Date(when.dateTime);
  if (when?.date) return new Date(`${when.date}T00:00:00Z`);
  return null;
}

function toEvent(item: calendar_v3.Schema$Event): CalendarEvent | null {
  const start = instant(item.start);
  const end = instant(item.end) ?? start;
  if (!item.id || !start || !end) return null;
  // Rooms and equipment are attendees too in Google's model; they are not people to remind about.
  const people = (item.attendees ?? []).filter((a) => a.email && !a.resource);
  const self = people.find((a) => a.self);
  const video = item.conferenceData?.entryPoints?.find((e) => e.entryPointType === "video")?.uri;
  return {
    provider_event_id: item.id,
    title: item.summary?.trim() || "(no title)",
    start,
    end,
    all_day: Boolean(item.start?.date && !item.start.dateTime),
    location: item.location?.trim() || null,
    meeting_url: item.hangoutLink ?? video ?? findMeetingUrl(item.location, item.description),
    organizer_email: item.organizer?.email?.toLowerCase() ?? null,
    attendees: people.map((a) => a.email!.toLowerCase()),
    status: item.status === "cancelled" ? "cancelled" : item.status === "tentative" ? "tentative" : "confirmed",
    self_response: self ? (RESPONSE[self.responseStatus ?? ""] ?? null) : null,
  };
}
