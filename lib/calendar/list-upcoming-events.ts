import { and, eq, ne } from "drizzle-orm";
import { AppError } from "@/lib/errors";
import { getDb } from "@/lib/db";
import { calendarIntegrations } from "@/lib/db/schema";
import { logger } from "@/lib/logger";
import { ProviderError } from "@/lib/providers/provider-error";
import { byStart } from "@/lib/providers/calendar/types";
import { CALENDAR_LABEL, calendarErrorToAppError } from "./calendar-error-to-app-error";
import type { CalendarIntegrationRow } from "./get-calendar-integration-or-throw";
import { openCalendarProvider } from "./open-calendar-provider";
import type { SourcedCalendarEvent } from "./serialize-calendar-event";

const DAY_MS = 86_400_000;

export type CalendarSource = {
  integration_id: string;
  provider: CalendarIntegrationRow["provider"];
  account_email: string;
  ok: boolean;
  event_count: number;
  error: string | null;
};

/**
 * The user's meetings from now to `days_ahead` days ahead, across every connected calendar, read
 * live from the providers. A calendar that fails is named in `calendars` (and its last_error kept)
 * while the others still answer (`partial`); when every calendar fails it is a PROVIDER_ERROR.
 */
export async function listUpcomingEvents(user: { id: string; timezone: string }, options: { days_ahead: number; now?: Date }) {
  const now = options.now ?? new Date();
  const from = now;
  const to = new Date(now.getTime() + options.days_ahead * DAY_MS);
  const db = await getDb();
  const rows = await db
    .select()
    .from(calendarIntegrations)
    .where(and(eq(calendarIntegrations.user_id, user.id), ne(calendarIntegrations.status, "disconnected")))
    .orderBy(calendarIntegrations.created_at);

  const results = await Promise.all(rows.map((row) => readCalendar(row, user, from, to, now)));
  const failed = results.filter((r) => !r.source.ok);
  if (rows.length > 0 && failed.length === rows.length) {
    throw new AppError("PROVIDER_ERROR", failed.map((r) => r.source.error).join(" "), { calendars: failed.map((r) => r.source) });
  }
  return {
    from,
    to,
    events: results.flatMap((r) => r.events).sort(byStart),
    partial: failed.length > 0,
    calendars: results.map((r) => r.source),
  };
}

async function readCalendar(row: CalendarIntegrationRow, user: { id: string; timezone: string }, from: Date, to: Date, now: Date) {
  const base = { integration_id: row.id, provider: row.provider, account_email: row.account_email };
  const db = await getDb();
  const mine = and(eq(calendarIntegrations.id, row.id), eq(calendarIntegrations.user_id, user.id));
  try {
    const events: SourcedCalendarEvent[] = (await openCalendarProvider(row, user.timezone).listEvents(from, to)).map((e) => ({
      ...e,
      integration_id: row.id,
      provider: row.provider,
    }));
    await db.update(calendarIntegrations).set({ last_sync_at: now, last_error: null, status: "connected" }).where(mine);
    return { events, source: { ...base, ok: true, event_count: events.length, error: null } satisfies CalendarSource };
  } catch (error) {
    const mapped = calendarErrorToAppError(error, row.provider);
    if (!(mapped instanceof AppError)) logger.error("reading a calendar failed", { integration_id: row.id, provider: row.provider, error });
    // A provider error already names the service; say which of the user's calendars it was.
    const reason =
      error instanceof ProviderError ? error.message : mapped instanceof AppError ? mapped.message : `${CALENDAR_LABEL[row.provider]} could not be read`;
    const message = `Calendar ${row.account_email}: ${reason}`;
    // Refused credentials need the user (reconnect); an outage does not change the calendar's state.
    const refused = error instanceof ProviderError && error.kind === "auth";
    await db
      .update(calendarIntegrations)
      .set({ last_error: message, ...(refused ? { status: "error" as const } : {}) })
      .where(mine);
    return { events: [] as SourcedCalendarEvent[], source: { ...base, ok: false, event_count: 0, error: message } satisfies CalendarSource };
  }
}
