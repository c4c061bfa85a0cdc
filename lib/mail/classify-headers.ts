/**
 * The headers PookAi classifies senders by (lower-case). Providers fetch exactly these, never a
 * body: Gmail as metadataHeaders, IMAP as BODY.PEEK[HEADER.FIELDS (...)].
 */
export const CLASSIFY_HEADERS = [
  "from",
  "to",
  "subject",
  "date",
  "reply-to",
  "sender",
  "list-unsubscribe",
  "list-unsubscribe-post",
  "list-id",
  "precedence",
  "auto-submitted",
  "content-type",
  "x-mailer",
  "return-path",
  "feedback-id",
  "x-campaign",
  "x-campaign-id",
  "x-mailgun-tag",
  "x-sg-eid",
  "x-mc-user",
  "x-sfmc-stack",
  "x-marketo-id",
  "x-github-reason",
  "x-auto-response-suppress",
] as const;

// Addressing headers live in MailMessageMeta fields already; keep the rest as classification headers.
const IN_META = new Set(["from", "to", "subject", "date"]);

/** Keep only the classification headers, lower-cased names, repeated headers joined by ", ". */
const WANTED = new Set<string>(CLASSIFY_HEADERS);

export function pickClassifyHeaders(entries: Iterable<{ name: string; value: string }>): Record<string, string> {
  const wanted = WANTED;
  const out: Record<string, string> = {};
  for (const { name, value } of entries) {
    const key = name.toLowerCase();
    if (!wanted.has(key) || IN_META.has(key)) continue;
    const clean = value.replace(/\r?\n[ \t]*/g, " ").trim();
    out[key] = key in out ? `${out[key]}, ${clean}` : clean;
  }
  return out;
}

const INVITE_SUBJECT =
  /^(?:(?:updated |new )?invitation|invitation updated|accepted|declined|tentatively accepted|canceled event|cancelled event|event canceled|meeting (?:request|invitation)|invite)\s*[:(-]/i;

/** True when the message is a calendar invitation: a text/calendar type or an invitation subject. */
export function hasCalendarSignal(headers: Record<string, string>, subject: string): boolean {
  if (/text\/calendar|application\/ics/i.test(headers["content-type"] ?? "")) return true;
  return INVITE_SUBJECT.test(subject.trim());
}
