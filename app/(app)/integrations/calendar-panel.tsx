"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition, type SubmitEvent, type ReactNode } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field, INPUT_CLASS } from "@/components/ui/field";
import type { CalendarIntegrationDto } from "@/lib/schemas/calendar";
import { AccountStatusBadge } from "./account-status-badge";
import { connectCalendarIntegrationAction, disconnectCalendarIntegrationAction } from "./actions";
import { ConnectOption, OAuthConnectLink } from "./connect-option";
import { formText } from "@/components/ui/form-text";

const PROVIDER_LABEL: Record<CalendarIntegrationDto["provider"], string> = {
  demo: "Demo calendar",
  google: "Google Calendar",
  outlook: "Outlook Calendar",
  caldav: "CalDAV",
};

type Props = {
  calendars: CalendarIntegrationDto[];
  oauth: { google: boolean; outlook: boolean };
  timezone: string;
  /** The upcoming-meetings list, rendered on the server. */
  children?: ReactNode;
};

/** The user's calendars (state, last read, disconnect), the next meetings, and the ways to connect one. */
export function CalendarPanel({ calendars, oauth, timezone, children }: Props) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string>();
  const [fieldErrors, setFieldErrors] = useState<Record<string, string[]>>({});
  const fmt = new Intl.DateTimeFormat("en-US", { timeZone: timezone, dateStyle: "medium", timeStyle: "short" });
  const live = calendars.filter((c) => c.status !== "disconnected");

  function connect(body: Record<string, unknown>) {
    setError(undefined);
    startTransition(async () => {
      const result = await connectCalendarIntegrationAction(body).catch(() => null);
      if (!result?.ok) {
        setError(result ? result.error : "PookAi could not be reached. Try again.");
        setFieldErrors(result ? (result.fieldErrors ?? {}) : {});
        return;
      }
      setFieldErrors({});
      router.refresh();
    });
  }

  function onCalDavSubmit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    const f = new FormData(event.currentTarget);
    connect({ provider: "caldav", url: formText(f, "url"), username: formText(f, "username"), password: formText(f, "password") });
  }

  return (
    <div className="space-y-5">
      {error ? <Alert tone="error">{error}</Alert> : null}
      {calendars.length ? (
        <ul className="divide-y divide-slate-100" aria-label="Your calendars">
          {calendars.map((c) => (
            <li key={c.id} className="flex flex-wrap items-start justify-between gap-3 py-3 first:pt-0" data-testid="calendar">
              <div className="min-w-0">
                <p className="flex flex-wrap items-center gap-2 font-medium text-slate-900">
                  {PROVIDER_LABEL[c.provider]}
                  <AccountStatusBadge status={c.status} />
                </p>
                <p className="truncate text-sm text-slate-700">{c.account_email}</p>
                <p className="text-xs text-slate-600">{c.last_sync ? `Last read ${fmt.format(new Date(c.last_sync))}` : "Not read yet"}</p>
                {c.last_error && c.status !== "disconnected" ? <p className="mt-1 text-sm text-rose-700">{c.last_error}</p> : null}
              </div>
              {c.status !== "disconnected" ? (
                <Button
                  size="sm"
                  variant="secondary"
                  disabled={pending}
                  aria-label={`Disconnect ${PROVIDER_LABEL[c.provider]} ${c.account_email}`}
                  onClick={() => {
                    if (!window.confirm(`Disconnect ${c.account_email}? PookAi will stop planning reminders from it.`)) return;
                    startTransition(async () => {
                      const r = await disconnectCalendarIntegrationAction(c.id).catch(() => null);
                      if (!r?.ok) setError(r ? r.error : "PookAi could not be reached. Try again.");
                      router.refresh();
                    });
                  }}
                >
                  Disconnect
                </Button>
              ) : null}
            </li>
          ))}
        </ul>
      ) : (
        <p className="text-sm text-slate-700">Connect a calendar and PookAi will plan a reminder call before the meetings you choose in your preferences.</p>
      )}

      {live.length ? children : null}

      <div>
        <h3 className="text-sm font-medium text-slate-800">{live.length ? "Connect another calendar" : "Connect a calendar"}</h3>
        <div className="mt-2 grid gap-3 sm:grid-cols-3">
          <ConnectOption title="Demo calendar" description="A founder's generated weeks: stand-ups, customer calls, an investor update, in your time zone.">
            <Button className="mt-3" disabled={pending} onClick={() => connect({ provider: "demo" })}>
              Connect the demo calendar
            </Button>
          </ConnectOption>
          <ConnectOption title="Google Calendar" description="Read-only access to your primary calendar.">
            <OAuthConnectLink
              configured={oauth.google}
              href="/api/integrations/calendar/google/start"
              label="Connect Google Calendar"
              needs="GOOGLE_CALENDAR_CLIENT_ID and GOOGLE_CALENDAR_CLIENT_SECRET"
            />
          </ConnectOption>
          <ConnectOption title="Outlook Calendar" description="Microsoft 365 and Outlook.com, read-only.">
            <OAuthConnectLink
              configured={oauth.outlook}
              href="/api/integrations/calendar/microsoft/start"
              label="Connect Outlook Calendar"
              needs="OUTLOOK_CLIENT_ID and OUTLOOK_CLIENT_SECRET"
            />
          </ConnectOption>
        </div>
        <details className="mt-3 rounded-lg ring-1 ring-inset ring-slate-200">
          <summary className="cursor-pointer px-4 py-3 font-medium text-slate-900">Any other calendar (CalDAV: iCloud, Fastmail, Nextcloud …)</summary>
          <form onSubmit={onCalDavSubmit} className="grid gap-4 px-4 pb-4 sm:grid-cols-2" noValidate>
            <div className="sm:col-span-2">
              <Field
                id="caldav-url"
                label="CalDAV server address"
                hint="For example https://caldav.fastmail.com/ (iCloud: https://caldav.icloud.com/)"
                errors={fieldErrors.url ?? fieldErrors.host}
              >
                <input
                  id="caldav-url"
                  name="url"
                  type="url"
                  required
                  inputMode="url"
                  placeholder="https://caldav.example.com/"
                  autoComplete="url"
                  aria-describedby="caldav-url-hint"
                  className={INPUT_CLASS}
                />
              </Field>
            </div>
            <Field id="caldav-username" label="CalDAV username" errors={fieldErrors.username}>
              <input id="caldav-username" name="username" required autoComplete="username" className={INPUT_CLASS} />
            </Field>
            <Field id="caldav-password" label="CalDAV password or app password" errors={fieldErrors.password ?? fieldErrors.credentials}>
              <input id="caldav-password" name="password" type="password" required autoComplete="current-password" className={INPUT_CLASS} />
            </Field>
            <div className="sm:col-span-2">
              <Button type="submit" variant="secondary" disabled={pending}>
                Connect CalDAV calendar
              </Button>
              <p className="mt-2 text-xs text-slate-600">
                PookAi tries the connection before saving anything; the password is stored encrypted and only used to read events.
              </p>
            </div>
          </form>
        </details>
      </div>
    </div>
  );
}
