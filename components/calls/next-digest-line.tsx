import type { z } from "zod";
import type { nextDigestSchema } from "@/lib/schemas/calls";

type NextDigest = z.infer<typeof nextDigestSchema>;

/** "Thursday, March 5 at 7:15 AM" in the user's own time zone. */
export function formatDigestTime(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat("en-US", { timeZone, weekday: "long", month: "long", day: "numeric", hour: "numeric", minute: "2-digit" }).format(
    new Date(iso),
  );
}

function until(iso: string): string {
  const minutes = Math.round((new Date(iso).getTime() - Date.now()) / 60_000);
  if (minutes < 60) return `in ${Math.max(1, minutes)} minute${minutes === 1 ? "" : "s"}`;
  const hours = Math.round(minutes / 60);
  return `in about ${hours} hour${hours === 1 ? "" : "s"}`;
}

/** When the next daily digest is due and how much it would cover; digest calls are not placed yet, and it says so. */
export function NextDigestLine({ digest }: { digest: NextDigest }) {
  return (
    <p data-testid="next-digest" className="text-sm text-slate-800">
      Next daily digest: <strong className="font-semibold">{formatDigestTime(digest.scheduled_at, digest.timezone)}</strong>{" "}
      <span className="text-slate-600">
        ({digest.timezone}, <span suppressHydrationWarning>{until(digest.scheduled_at)}</span>)
      </span>
      .{" "}
      {digest.message_count
        ? `So far it covers ${digest.message_count} email${digest.message_count === 1 ? "" : "s"} from ${digest.senders.length} “Remind me” sender${digest.senders.length === 1 ? "" : "s"}.`
        : "Nothing from your “Remind me” senders yet."}{" "}
      <span className="text-slate-600">Digest calls are not placed yet: this shows what one would cover.</span>
    </p>
  );
}
