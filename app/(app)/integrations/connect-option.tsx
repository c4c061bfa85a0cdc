import type { ReactNode } from "react";
import { buttonClass } from "@/components/ui/button";

/** One way to connect an account (mailbox or calendar): what it is, then its button. */
export function ConnectOption({ title, description, children }: { title: string; description: ReactNode; children: ReactNode }) {
  return (
    <div className="rounded-lg p-4 ring-1 ring-inset ring-slate-200">
      <p className="font-medium text-slate-900">{title}</p>
      <p className="mt-1 text-sm text-slate-600">{description}</p>
      {children}
    </div>
  );
}

/** The link to a provider's consent screen when this server has the OAuth app, else what it needs. */
export function OAuthConnectLink({ configured, href, label, needs }: { configured: boolean; href: string; label: string; needs: string }) {
  return configured ? (
    <a href={href} className={buttonClass("secondary", "md", "mt-3")}>
      {label}
    </a>
  ) : (
    <p className="mt-3 text-xs text-slate-600">Not set up on this server (it needs {needs}).</p>
  );
}
