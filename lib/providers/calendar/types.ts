import type { CALENDAR_EVENT_STATUSES, CALENDAR_PROVIDERS, SELF_RESPONSES } from "@/lib/schemas/enums";
import { ProviderError, type ProviderErrorKind } from "../provider-error";

export type CalendarProviderName = (typeof CALENDAR_PROVIDERS)[number];

/**
 * One occurrence of a meeting, the same whatever calendar it came from. Recurring events arrive
 * expanded: each instance has its own id. All-day events carry UTC midnights of their dates (end
 * exclusive), since an all-day date has no time zone.
 */
export type CalendarEvent = {
  /** Stable per calendar and per instance: Google/Graph instance id, "<UID>" or "<UID>:<recurrence id>". */
  provider_event_id: string;
  title: string;
  start: Date;
  end: Date;
  all_day: boolean;
  location: string | null;
  /** The video link to join (Meet, Zoom, Teams ...), when the event has one. */
  meeting_url: string | null;
  organizer_email: string | null;
  /** Lower-cased addresses of everyone invited (the account owner included where listed). */
  attendees: string[];
  status: (typeof CALENDAR_EVENT_STATUSES)[number];
  /** The account owner's own answer where the calendar says; null when unknown or not invited. */
  self_response: (typeof SELF_RESPONSES)[number] | null;
};

export interface CalendarProvider {
  readonly name: CalendarProviderName;
  /** Check the credentials work (a real round trip) and return the calendar account's address. */
  verify(): Promise<{ account_email: string }>;
  /** Event instances overlapping [from, to), recurring events expanded, sorted by start. */
  listEvents(from: Date, to: Date): Promise<CalendarEvent[]>;
  /** Revoke the provider grant where the provider allows it (best effort, on disconnect). */
  revoke?(): Promise<void>;
}

/** The calendar provider refused or failed; `retryAfterSeconds` when it said when to come back. */
export class CalendarProviderError extends ProviderError {
  constructor(message: string, kind: ProviderErrorKind, retryAfterSeconds?: number) {
    super(message, kind, retryAfterSeconds);
    this.name = "CalendarProviderError";
  }
}

/** Sort by start, then end, then id: the order every provider returns. */
export function byStart(a: CalendarEvent, b: CalendarEvent): number {
  return a.start.getTime() - b.start.getTime() || a.end.getTime() - b.end.getTime() || a.provider_event_id.localeCompare(b.provider_event_id);
}
