import { createDAVClient, type DAVCalendar } from "tsdav";
import { z } from "zod";
import { UnsafeHostError } from "@/lib/net/assert-public-host";
import { createGuardedFetch } from "@/lib/net/guarded-fetch";
import { parseIcalEvents } from "./parse-ical-events";
import { byStart, CalendarProviderError, type CalendarEvent, type CalendarProvider } from "./types";

export const caldavCredentialsSchema = z.object({
  url: z.url({ protocol: /^https?$/ }),
  username: z.string().min(1).max(320),
  password: z.string().min(1).max(1024),
});
export type CalDavCredentials = z.infer<typeof caldavCredentialsSchema>;

type DavClient = Awaited<ReturnType<typeof createDAVClient>>;

export type CalDavProviderOptions = {
  credentials: CalDavCredentials;
  /** Zone for floating event times (the user's). */
  timeZone?: string;
};

/**
 * Any CalDAV server (Radicale, Nextcloud, Fastmail, iCloud with an app password ...) through tsdav:
 * RFC 6764 discovery, the principal's calendars that hold events, and a calendar-query REPORT per
 * calendar for the VEVENTs in the window, expanded here (servers differ on <C:expand>). Every request
 * goes through the SSRF guard.
 */
export class CalDavCalendarProvider implements CalendarProvider {
  readonly name = "caldav" as const;
  private readonly credentials: CalDavCredentials;
  private client: Promise<DavClient> | null = null;

  constructor(private readonly options: CalDavProviderOptions) {
    this.credentials = caldavCredentialsSchema.parse(options.credentials);
  }

  async verify(): Promise<{ account_email: string }> {
    const calendars = await this.calendars();
    if (!calendars.length) throw new CalendarProviderError("The CalDAV account has no calendar with events", "invalid_request");
    return { account_email: this.accountEmail() };
  }

  async listEvents(from: Date, to: Date): Promise<CalendarEvent[]> {
    const calendars = await this.calendars();
    const client = await this.connect();
    const own = [this.accountEmail(), this.credentials.username.toLowerCase()];
    const byId = new Map<string, CalendarEvent>();
    for (const calendar of calendars) {
      const objects = await this.run(() =>
        client.fetchCalendarObjects({
          calendar,
          timeRange: { start: from.toISOString(), end: to.toISOString() },
          // Object names need not end in .ics (tsdav's default filter): keep every member.
          urlFilter: (url) => !url.endsWith("/"),
        }),
      );
      for (const object of objects) {
        if (typeof object.data !== "string" || !object.data.includes("BEGIN:VCALENDAR")) continue;
        let events: CalendarEvent[];
        try {
          events = parseIcalEvents(object.data, { from, to, ownEmails: own, defaultTimeZone: this.options.timeZone });
        } catch {
          // One malformed object must not hide the rest of the calendar.
          continue;
        }
        // A UID is global: the same meeting shared into two calendars is one meeting.
        for (const event of events) byId.set(event.provider_event_id, event);
      }
    }
    return [...byId.values()].sort(byStart);
  }

  private accountEmail(): string {
    const user = this.credentials.username.toLowerCase();
    return user.includes("@") ? user : `${user}@${new URL(this.credentials.url).hostname.toLowerCase()}`;
  }

  private async calendars(): Promise<DAVCalendar[]> {
    const client = await this.connect();
    const all = await this.run(() => client.fetchCalendars());
    return all.filter((c) => !c.components?.length || c.components.includes("VEVENT"));
  }

  private connect(): Promise<DavClient> {
    this.client ??= this.run(() =>
      createDAVClient({
        serverUrl: this.credentials.url,
        credentials: { username: this.credentials.username, password: this.credentials.password },
        authMethod: "Basic",
        defaultAccountType: "caldav",
        fetch: this.guardedFetch,
      }),
    ).catch((err: unknown) => {
      this.client = null;
      throw err;
    });
    return this.client;
  }

  /** Every request through the SSRF guard; refusals and server failures become provider errors at once. */
  private readonly guardedFetch: typeof fetch = async (input, init) => {
    const host = new URL(this.credentials.url).hostname;
    let res: Response;
    try {
      res = await createGuardedFetch()(input, init);
    } catch (err) {
      if (err instanceof UnsafeHostError) {
        if (err.reason === "unresolvable") throw new CalendarProviderError(`Cannot resolve CalDAV host ${host}`, "unavailable");
        throw new CalendarProviderError(`CalDAV host ${host} is not allowed: ${err.message}`, "invalid_request");
      }
      throw new CalendarProviderError(`The CalDAV server ${host} could not be reached (${(err as Error).message})`, "unavailable");
    }
    if (res.status === 401 || res.status === 403)
      throw new CalendarProviderError(`The CalDAV server refused the username or password (HTTP ${res.status})`, "auth");
    if (res.status === 429) throw new CalendarProviderError("The CalDAV server is rate limiting requests", "rate_limit");
    if (res.status >= 500) throw new CalendarProviderError(`The CalDAV server failed (HTTP ${res.status})`, "unavailable");
    return res;
  };

  /** tsdav reports protocol trouble as plain Errors: name them for the user. */
  private async run<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      if (err instanceof CalendarProviderError) throw err;
      const message = err instanceof Error ? err.message : String(err);
      if (/Invalid credentials|401/.test(message)) throw new CalendarProviderError("The CalDAV server refused the username or password", "auth");
      if (/principalUrl|homeUrl/.test(message)) {
        throw new CalendarProviderError(`No CalDAV account was found at ${this.credentials.url}: check the server address`, "invalid_request");
      }
      throw new CalendarProviderError(`CalDAV request failed: ${message.slice(0, 200)}`, "unavailable");
    }
  }
}
