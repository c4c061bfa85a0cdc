import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import type { PhoneSetup } from "@/lib/phone-setup/get-phone-setup";
import { PHONE_STATE_STYLE, PHONE_STATE_WORDS } from "./call-words";

const LINK = "font-medium text-indigo-700 underline underline-offset-2";

/** The user's number as a call needs it: confirmed, not confirmed, missing, or not needed (no phone line); links to Settings unless on it. */
export function PhoneStateLine({ setup, links = true }: { setup: Pick<PhoneSetup, "phone_number" | "phone_state">; links?: boolean }) {
  const { phone_state: state, phone_number: number } = setup;
  return (
    <p className="flex flex-wrap items-center gap-x-2 gap-y-1 text-sm text-slate-700" data-testid="phone-state">
      <span>Your number:</span>
      {number ? <span className="font-medium tabular-nums text-slate-900">{number}</span> : null}
      <Badge className={PHONE_STATE_STYLE[state]}>{PHONE_STATE_WORDS[state]}</Badge>
      {!links ? null : state === "none" ? (
        <Link href="/settings#phone-title" className={LINK}>
          Add it in Settings
        </Link>
      ) : state === "unconfirmed" ? (
        <Link href="/settings#phone-title" className={LINK}>
          Confirm it in Settings
        </Link>
      ) : null}
    </p>
  );
}
