"use client";

import { signIn } from "next-auth/react";
import { Button } from "@/components/ui/button";

/** Google / Microsoft sign-in, shown only for the providers the deployment configured. */
export function OAuthButtons({ providers, callbackUrl }: { providers: { google: boolean; microsoft: boolean }; callbackUrl: string }) {
  if (!providers.google && !providers.microsoft) return null;
  return (
    <div className="space-y-2">
      {providers.google ? (
        <Button variant="secondary" className="w-full" onClick={() => void signIn("google", { callbackUrl })}>
          Continue with Google
        </Button>
      ) : null}
      {providers.microsoft ? (
        <Button variant="secondary" className="w-full" onClick={() => void signIn("azure-ad", { callbackUrl })}>
          Continue with Microsoft
        </Button>
      ) : null}
      <div className="flex items-center gap-3 py-2 text-xs text-slate-600" aria-hidden="true">
        <span className="h-px flex-1 bg-slate-200" /> or with email <span className="h-px flex-1 bg-slate-200" />
      </div>
    </div>
  );
}
