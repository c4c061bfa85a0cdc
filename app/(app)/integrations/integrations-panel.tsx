"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition, type SubmitEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Field, INPUT_CLASS } from "@/components/ui/field";
import type { IntegrationDto } from "@/lib/schemas/integrations";
import { AccountStatusBadge } from "./account-status-badge";
import { ConnectOption, OAuthConnectLink } from "./connect-option";
import { connectEmailIntegrationAction, disconnectEmailIntegrationAction, startScanAction } from "./actions";
import { ScanProgress } from "./scan-progress";
import { formText } from "@/components/ui/form-text";

const PROVIDER_LABEL: Record<IntegrationDto["provider"], string> = { demo: "Demo mailbox", gmail: "Gmail", outlook: "Outlook", imap: "IMAP" };

type Props = { integrations: IntegrationDto[]; oauth: { gmail: boolean; outlook: boolean }; timezone: string };

export function IntegrationsPanel({ integrations, oauth, timezone }: Props) {
  const router = useRouter();
  const [jobs, setJobs] = useState<Record<string, string>>({});
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string>();
  const [imapErrors, setImapErrors] = useState<Record<string, string[]>>({});
  const fmt = new Intl.DateTimeFormat("en-US", { timeZone: timezone, dateStyle: "medium", timeStyle: "short" });

  /** Connect, then scan straight away: a fresh mailbox is only useful once its senders are known. */
  function connect(body: Record<string, unknown>, onError?: (fields: Record<string, string[]>) => void) {
    setError(undefined);
    startTransition(async () => {
      const connected = await connectEmailIntegrationAction(body).catch(() => null);
      if (!connected?.ok) {
        setError(connected ? connected.error : "PookAi could not be reached. Try again.");
        onError?.(connected ? (connected.fieldErrors ?? {}) : {});
        return;
      }
      onError?.({});
      await scan(connected.data.integration_id);
      router.refresh();
    });
  }

  async function scan(integrationId: string) {
    const started = await startScanAction(integrationId).catch(() => null);
    if (!started?.ok) {
      setError(started ? started.error : "PookAi could not be reached. Try again.");
      return;
    }
    setJobs((j) => ({ ...j, [integrationId]: started.data.job_id }));
  }

  function onImapSubmit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    const f = new FormData(event.currentTarget);
    connect(
      {
        provider: "imap",
        host: formText(f, "host"),
        port: Number(f.get("port") || 993),
        secure: f.get("secure") === "on",
        username: formText(f, "username"),
        password: formText(f, "password"),
      },
      setImapErrors,
    );
  }

  return (
    <div className="space-y-6">
      {error ? <Alert tone="error">{error}</Alert> : null}
      {integrations.length ? (
        <Card title="Your mailboxes" titleId="mailboxes-title">
          <ul className="divide-y divide-slate-100">
            {integrations.map((i) => (
              <li key={i.id} className="py-4 first:pt-0 last:pb-0" data-testid="mailbox">
                <div className="flex flex-wrap items-start justify-between gap-3">
                  <div className="min-w-0">
                    <p className="flex flex-wrap items-center gap-2 font-medium text-slate-900">
                      {PROVIDER_LABEL[i.provider]}
                      <AccountStatusBadge status={i.status} />
                    </p>
                    <p className="truncate text-sm text-slate-700">{i.account_email}</p>
                    <p className="text-xs text-slate-600">{i.last_sync ? `Last synced ${fmt.format(new Date(i.last_sync))}` : "Not scanned yet"}</p>
                    {i.last_error ? <p className="mt-1 text-sm text-rose-700">{i.last_error}</p> : null}
                  </div>
                  <div className="flex gap-2">
                    {i.status !== "disconnected" ? (
                      <>
                        <Button size="sm" disabled={pending || Boolean(jobs[i.id])} onClick={() => startTransition(() => scan(i.id))}>
                          Scan now
                        </Button>
                        <Button
                          size="sm"
                          variant="secondary"
                          disabled={pending}
                          onClick={() => {
                            if (!window.confirm(`Disconnect ${i.account_email}? Your senders and decisions are kept.`)) return;
                            startTransition(async () => {
                              const r = await disconnectEmailIntegrationAction(i.id).catch(() => null);
                              if (!r?.ok) setError(r ? r.error : "PookAi could not be reached. Try again.");
                              router.refresh();
                            });
                          }}
                        >
                          Disconnect
                        </Button>
                      </>
                    ) : null}
                  </div>
                </div>
                {jobs[i.id] ? <ScanProgress jobId={jobs[i.id]!} label={i.account_email} /> : null}
              </li>
            ))}
          </ul>
        </Card>
      ) : null}

      <Card title={integrations.length ? "Connect another mailbox" : "Connect a mailbox"} titleId="connect-title">
        <div className="grid gap-3 sm:grid-cols-3">
          <ConnectOption title="Demo mailbox" description="A generated inbox of a busy founder, with new mail arriving. Try PookAi without your own mail.">
            <Button className="mt-3" disabled={pending} onClick={() => connect({ provider: "demo" })}>
              Connect the demo mailbox
            </Button>
          </ConnectOption>
          <ConnectOption title="Gmail" description="Read-only access through Google's consent screen.">
            <OAuthConnectLink
              configured={oauth.gmail}
              href="/api/integrations/email/google/start"
              label="Connect Gmail"
              needs="GMAIL_CLIENT_ID and GMAIL_CLIENT_SECRET"
            />
          </ConnectOption>
          <ConnectOption title="Outlook" description="Microsoft 365 and Outlook.com, read-only.">
            <OAuthConnectLink
              configured={oauth.outlook}
              href="/api/integrations/email/microsoft/start"
              label="Connect Outlook"
              needs="OUTLOOK_CLIENT_ID and OUTLOOK_CLIENT_SECRET"
            />
          </ConnectOption>
        </div>
        <details className="mt-4 rounded-lg ring-1 ring-inset ring-slate-200">
          <summary className="cursor-pointer px-4 py-3 font-medium text-slate-900">Any other mailbox (IMAP)</summary>
          <form onSubmit={onImapSubmit} className="grid gap-4 px-4 pb-4 sm:grid-cols-2" noValidate>
            <Field id="host" label="Server" errors={imapErrors.host}>
              <input id="host" name="host" required placeholder="imap.example.com" autoComplete="off" className={INPUT_CLASS} />
            </Field>
            <Field id="port" label="Port" errors={imapErrors.port}>
              <input id="port" name="port" type="number" min={1} max={65535} defaultValue={993} className={INPUT_CLASS} />
            </Field>
            <Field id="username" label="Username" errors={imapErrors.username}>
              <input id="username" name="username" required autoComplete="username" className={INPUT_CLASS} />
            </Field>
            <Field id="imap-password" label="Password or app password" errors={imapErrors.password ?? imapErrors.credentials}>
              <input id="imap-password" name="password" type="password" required autoComplete="current-password" className={INPUT_CLASS} />
            </Field>
            <label className="flex items-center gap-2 text-sm text-slate-800">
              <input type="checkbox" name="secure" defaultChecked className="h-4 w-4 accent-indigo-600" /> Use TLS (recommended)
            </label>
            <div className="sm:col-span-2">
              <Button type="submit" variant="secondary" disabled={pending}>
                Connect IMAP mailbox
              </Button>
              <p className="mt-2 text-xs text-slate-600">PookAi tries the connection before saving anything; the password is stored encrypted.</p>
            </div>
          </form>
        </details>
      </Card>
    </div>
  );
}
