"use client";

import { signOut } from "next-auth/react";
import { useState, useTransition } from "react";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { revokeSessionAction } from "./actions";

type Session = {
  id: string;
  kind: "api" | "browser";
  user_agent: string | null;
  ip: string | null;
  created_at: string;
  last_used_at: string;
  current: boolean;
};

function describe(s: Session): string {
  if (s.kind === "api") return s.user_agent ? `API client · ${s.user_agent.slice(0, 60)}` : "API client";
  return s.user_agent ? s.user_agent.slice(0, 60) : "Web browser";
}

export function SessionsList({ sessions, timezone }: { sessions: Session[]; timezone: string }) {
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string>();
  const fmt = new Intl.DateTimeFormat("en-US", { timeZone: timezone, dateStyle: "medium", timeStyle: "short" });
  return (
    <div>
      {error ? (
        <Alert tone="error" className="mb-3">
          {error}
        </Alert>
      ) : null}
      <ul className="divide-y divide-slate-100" aria-label="Active sessions">
        {sessions.map((s) => (
          <li key={s.id} className="flex flex-wrap items-center justify-between gap-3 py-3">
            <div className="min-w-0">
              <p className="flex flex-wrap items-center gap-2 text-sm font-medium text-slate-900">
                {describe(s)}
                {s.current ? <Badge className="bg-emerald-50 text-emerald-800 ring-emerald-200">This browser</Badge> : null}
              </p>
              <p className="text-xs text-slate-600">
                Signed in {fmt.format(new Date(s.created_at))} · last active {fmt.format(new Date(s.last_used_at))}
                {s.ip ? ` · ${s.ip}` : ""}
              </p>
            </div>
            <Button
              variant="secondary"
              size="sm"
              disabled={pending}
              aria-label={s.current ? "Sign out of this browser" : `Revoke session: ${describe(s)}, signed in ${fmt.format(new Date(s.created_at))}`}
              onClick={() =>
                startTransition(async () => {
                  const r = await revokeSessionAction(s.id).catch(() => null);
                  if (!r?.ok) {
                    setError(r ? r.error : "PookAi could not be reached.");
                    return;
                  }
                  setError(undefined);
                  if (r.data.current) await signOut({ callbackUrl: "/login" });
                })
              }
            >
              {s.current ? "Sign out" : "Revoke"}
            </Button>
          </li>
        ))}
      </ul>
    </div>
  );
}
