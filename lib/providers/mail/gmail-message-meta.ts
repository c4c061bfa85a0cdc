import type { gmail_v1 } from "@googleapis/gmail";
import { hasCalendarSignal, pickClassifyHeaders } from "@/lib/mail/classify-headers";
import { decodeHeaderText, parseAddress } from "@/lib/mail/parse-address";
import type { MailMessageMeta } from "./types";

function decodeEntities(text: string): string {
  return text
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)))
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
}

/** Our header-only view of a messages.get (format=metadata) answer. */
export function toMeta(msg: gmail_v1.Schema$Message): MailMessageMeta {
  const list = (msg.payload?.headers ?? []).map((h) => ({ name: h.name ?? "", value: h.value ?? "" }));
  const header = (name: string) => list.find((h) => h.name.toLowerCase() === name)?.value ?? "";
  const from = parseAddress(header("from"));
  const subject = decodeHeaderText(header("subject"));
  const headers = pickClassifyHeaders(list);
  const internal = Number(msg.internalDate);
  const date = Number.isFinite(internal) && internal > 0 ? new Date(internal) : new Date(header("date") || 0);
  return {
    provider_message_id: msg.id ?? "",
    thread_id: msg.threadId ?? null,
    from_email: from.email,
    from_name: from.name,
    to: decodeHeaderText(header("to")),
    subject,
    snippet: decodeEntities(msg.snippet ?? ""),
    date,
    headers,
    has_calendar: msg.payload?.mimeType === "text/calendar" || hasCalendarSignal(headers, subject),
  };
}
