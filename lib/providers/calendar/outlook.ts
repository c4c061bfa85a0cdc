import { GraphSession } from "../microsoft/graph-session";
import { microsoftCredentialsSchema, type MicrosoftCredentials } from "../microsoft/microsoft-oauth";
import type { Clock } from "../shared/clock";
import { findMeetingUrl } from "./find-meeting-url";
import { OUTLOOK_CALENDAR_OAUTH_APP } from "./outlook-calendar-oauth";
import { byStart, type CalendarEvent, type CalendarProvider } from "./types";

export const outlookCalendarCredentialsSchema = microsoftCredentialsSchema;

const SELECT = [
  "id",
  "subject",
  "start",
  "end",
  "isAllDay",
  "isCancelled",
  "showAs",
  "location",
  "onlineMeeting",
  "onlineMeetingUrl",
  "organizer",
  "attendees",
  "responseStatus",
  "isOrganizer",
];
const RESPONSE: Record<string, CalendarEvent["self_response"]> = {
  accepted: "accepted",
  organizer: "accepted",
  tentativelyAccepted: "tentative",
  declined: "declined",
  notResponded: "needs-action",
};

type GraphEmail = { emailAddress?: { name?: string; address?: string } };
type GraphDateTime = { dateTime?: string; timeZone?: string };
type GraphEvent = {
  id: string;
  subject?: string | null;
  start?: GraphDateTime;
  end?: GraphDateTime;
  isAllDay?: boolean;
  isCancelled?: boolean;
  showAs?: string;
  location?: { displayName?: string | null } | null;
  onlineMeeting?: { joinUrl?: string | null } | null;
  onlineMeetingUrl?: string | null;
  organizer?: GraphEmail | null;
  attendees?: (GraphEmail & { type?: string })[];
  responseStatus?: { response?: string } | null;
  isOrganizer?: boolean;
};
type GraphPage = { value?: GraphEvent[]; "@odata.nextLink"?: string };

export type OutlookCalendarProviderOptions = {
  credentials: MicrosoftCredentials;
  /** Microsoft rotates refresh tokens: persist every update (encrypted) or the grant is lost. */
  onCredentialsUpdate?: (credentials: MicrosoftCredentials) => void | Promise<void>;
  /** Shares the Graph concurrency gate between sessions of one account (the integration id). */
  accountKey?: string;
  clock?: Clock;
  maxRetries?: number;
  pageSize?: number;
};

/**
 * Outlook / Microsoft 365 calendars through Graph's /me/calendarView (which expands recurring events
 * into instances) with times asked for in UTC, following @odata.nextLink through every page.
 */
export class OutlookCalendarProvider implements CalendarProvider {
  readonly name = "outlook" as const;
  private readonly graph: GraphSession;

  constructor(private readonly options: OutlookCalendarProviderOptions) {
    this.graph = new GraphSession({
      app: OUTLOOK_CALENDAR_OAUTH_APP,
      credentials: options.credentials,
      onCredentialsUpdate: options.onCredentialsUpdate,
      gateKey: options.accountKey && `outlook-calendar:${options.accountKey}`,
      clock: options.clock,
      // Calendars are read while someone waits (a page, an API call): retry briefly, then say so.
      maxRetries: options.maxRetries ?? 2,
    });
  }

  async verify(): Promise<{ account_email: string }> {
    const me = await this.graph.get<{ mail?: string | null; userPrincipalName?: string }>("me?$select=mail,userPrincipalName");
    return { account_email: (me.mail || me.userPrincipalName || "").toLowerCase() };
  }

  async listEvents(from: Date, to: Date): Promise<CalendarEvent[]> {
    const headers = { Prefer: `outlook.timezone="UTC", odata.maxpagesize=${this.options.pageSize ?? 100}` };
    let path: string | null =
      `me/calendarView?startDateTime=${from.toISOString()}&endDateTime=${to.toISOString()}&$select=${SELECT.join(",")}&$orderby=start/dateTime`;
    const out: CalendarEvent[] = [];
    while (path) {
      const page: GraphPage = await this.graph.get<GraphPage>(path, headers);
      for (const item of page.value ?? []) {
        const event = toEvent(item);
        if (event) out.push(event);
      }
      path = page["@odata.nextLink"] ? this.graph.relative(page["@odata.nextLink"]) : null;
    }
    return out.sort(byStart);
  }
}

/** Graph's UTC wall time ("2026-03-05T15:00:00.0000000", zone given apart) as an instant. */
function instant(when: GraphDateTime | undefined): Date | null {
  if (!when?.dateTime) return null;
  const zone = (when.timeZone ?? "UTC").toUpperCase();
  // We asked for UTC; anything else means the Prefer header was ignored and the time cannot be placed.
  if (zone !== "UTC" && zone !== "ETC/UTC") return null;
  const date = new Date(`${when.dateTime.replace(/Z$/, "").slice(0, 23)}Z`);
  return Number.isNaN(date.getTime()) ? null : date;
}

function toEvent(item: GraphEvent): CalendarEvent | null {
  const start = instant(item.start);
  const end = instant(item.end) ?? start;
  if (!item.id || !start || !end) return null;
  const people = (item.attendees ?? []).filter((a) => a.type !== "resource" && a.emailAddress?.address);
  const location = item.location?.displayName?.trim() || null;
  return {
    provider_event_id: item.id,
    title: item.subject?.trim() || "(no title)",
    start,
    end,
    all_day: Boolean(item.isAllDay),
    location,
    meeting_url: item.onlineMeeting?.joinUrl || item.onlineMeetingUrl || findMeetingUrl(location),
    organizer_email: item.organizer?.emailAddress?.address?.toLowerCase() ?? null,
    attendees: people.map((a) => a.emailAddress!.address!.toLowerCase()),
    status: item.isCancelled ? "cancelled" : item.showAs === "tentative" ? "tentative" : "confirmed",
    self_response: item.isOrganizer ? "accepted" : (RESPONSE[item.responseStatus?.response ?? ""] ?? null),
  };
}
