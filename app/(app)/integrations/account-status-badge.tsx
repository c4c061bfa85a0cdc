import { Badge } from "@/components/ui/badge";

type Status = "connected" | "error" | "disconnected";

const STYLE: Record<Status, string> = {
  connected: "bg-emerald-50 text-emerald-800 ring-emerald-200",
  error: "bg-rose-50 text-rose-800 ring-rose-200",
  disconnected: "bg-slate-100 text-slate-700 ring-slate-300",
};
const LABEL: Record<Status, string> = { connected: "Connected", error: "Needs attention", disconnected: "Disconnected" };

/** A connected account's state (mailbox or calendar) in words and colour. */
export function AccountStatusBadge({ status }: { status: Status }) {
  return <Badge className={STYLE[status]}>{LABEL[status]}</Badge>;
}
