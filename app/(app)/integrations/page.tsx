import type { Metadata } from "next";
import { Alert } from "@/components/ui/alert";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { getCurrentUser } from "@/lib/auth/get-current-user";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { getCalendarEvents } from "@/lib/calendar/get-calendar-events";
import { getCalendarStatus } from "@/lib/calendar/get-calendar-status";
import { getEmailIntegrationStatus } from "@/lib/integrations/get-email-integration-status";
import { GOOGLE_CALENDAR_OAUTH_APP } from "@/lib/providers/calendar/google-calendar-oauth";
import { OUTLOOK_CALENDAR_OAUTH_APP } from "@/lib/providers/calendar/outlook-calendar-oauth";
import { CalendarPanel } from "./calendar-panel";
import { IntegrationsPanel } from "./integrations-panel";
import { UpcomingEvents } from "./upcoming-events";

export const metadata: Metadata = { title: "Integrations" };

/** Gmail and Outlook need an OAuth app; the same variables (and fallbacks) the providers read. */
function oauthMailProviders() {
  const e = env();
  return {
    gmail: Boolean((e.GMAIL_CLIENT_ID ?? e.GOOGLE_CLIENT_ID) && (e.GMAIL_CLIENT_SECRET ?? e.GOOGLE_CLIENT_SECRET)),
    outlook: Boolean((e.OUTLOOK_CLIENT_ID ?? e.MICROSOFT_CLIENT_ID) && (e.OUTLOOK_CLIENT_SECRET ?? e.MICROSOFT_CLIENT_SECRET)),
  };
}

/** Google and Outlook calendars need an OAuth app: offered only when the server has one. */
function oauthCalendarProviders() {
  return { google: GOOGLE_CALENDAR_OAUTH_APP.client() !== null, outlook: OUTLOOK_CALENDAR_OAUTH_APP.client() !== null };
}

const CALENDAR_NAME: Record<string, string> = { google: "Google calendar", outlook: "Outlook calendar", caldav: "CalDAV calendar", demo: "demo calendar" };

type SearchParams = Record<string, string | string[] | undefined>;
const one = (v: string | string[] | undefined) => (typeof v === "string" ? v : undefined);

export default async function IntegrationsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const { user } = await getCurrentUser();
  const params = await searchParams;
  const status = await getEmailIntegrationStatus(user.id);
  const connected = one(params.connected);
  const calendarConnected = one(params.calendar_connected);
  const error = one(params.error);
  // Read the calendars before their status: a read stamps each calendar's last sync or error.
  let upcoming: Awaited<ReturnType<typeof getCalendarEvents>> | null = null;
  let calendarProblem: string | undefined;
  try {
    upcoming = await getCalendarEvents(user, { days_ahead: 7 });
    if (upcoming.partial) calendarProblem = upcoming.calendars.flatMap((c) => (c.error ? [c.error] : [])).join(" ");
  } catch (e) {
    if (!(e instanceof AppError)) throw e;
    calendarProblem = e.message;
  }
  const calendarStatus = await getCalendarStatus(user.id);
  return (
    <>
      <PageHeader
        title="Integrations"
        description="Where PookAi reads your mail and meetings from. It reads mail headers and snippets only, never sends mail, never stores a message body, and only reads your calendars."
      />
      {one(params.welcome) && !status.integrations.length ? (
        <Alert tone="info" className="mb-6">
          Welcome to PookAi! Connect a mailbox and scan it: PookAi groups what it finds by sender, ready for triage. No mailbox at hand? The demo mailbox has a
          realistic one.
        </Alert>
      ) : null}
      {connected ? (
        <Alert tone="success" className="mb-6">
          Your {connected === "gmail" ? "Gmail" : connected === "outlook" ? "Outlook" : connected} mailbox is connected. Scan it to find your senders.
        </Alert>
      ) : null}
      {calendarConnected ? (
        <Alert tone="success" className="mb-6">
          Your {CALENDAR_NAME[calendarConnected] ?? calendarConnected} is connected. PookAi will plan reminder calls from it.
        </Alert>
      ) : null}
      {error ? (
        <Alert tone="error" className="mb-6">
          {error.slice(0, 300)}
        </Alert>
      ) : null}
      <IntegrationsPanel integrations={status.integrations} oauth={oauthMailProviders()} timezone={user.timezone} />
      <Card title="Calendars" titleId="calendars-title" className="mt-6">
        <p className="mb-4 text-sm text-slate-600">
          PookAi reads your meetings (read-only) to call you before the ones that matter; which ones and how early is set in your preferences.
        </p>
        <CalendarPanel calendars={calendarStatus.integrations} oauth={oauthCalendarProviders()} timezone={user.timezone}>
          <UpcomingEvents events={upcoming?.events ?? []} timezone={user.timezone} problem={calendarProblem} />
        </CalendarPanel>
      </Card>
    </>
  );
}
