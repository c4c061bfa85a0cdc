import type { SenderType } from "@/lib/schemas/enums";
import { emailDomain } from "@/lib/mail/email-domain";
import { inferSenderType } from "@/lib/mail/infer-sender-type";
import { parseListUnsubscribe } from "@/lib/mail/parse-list-unsubscribe";
import type { MailMessageMeta } from "@/lib/providers/mail/types";

const PREVIEW_MAX = 280;
const SUBJECT_MAX = 500;
// How much a type says about a sender: a single calendar invite from a colleague must not turn
// them into a "meeting" sender forever, but one newsletter issue marks a list for good.
const TYPE_STRENGTH: Record<SenderType, number> = { personal: 0, meeting: 1, tool: 2, newsletter: 3, promotional: 4 };

/** What one page says about one sender (the newest name, List-Id and unsubscribe link; the strongest type). */
export type PageSender = {
  email: string;
  domain: string;
  name: string;
  sender_type: SenderType;
  list_id: string | null;
  unsubscribe_http: string | null;
  unsubscribe_mailto: string | null;
  unsubscribe_one_click: boolean;
  latest_date: string;
};

/** One message of the page as it is stored (its snippet, whitespace folded and truncated, is the preview). */
export type PageMessage = Pick<MailMessageMeta, "provider_message_id" | "thread_id" | "from_email" | "from_name" | "to" | "subject" | "headers"> & {
  preview: string;
  received_at: string;
};

function listId(value: string | undefined): string | null {
  if (!value) return null;
  const bracketed = /<([^<>]+)>/.exec(value);
  return (bracketed ? bracketed[1] : value)!.trim().toLowerCase().slice(0, 255) || null;
}

/**
 * A page of message metadata as rows to store: each message once (by provider id, messages with no
 * sender dropped), truncated to the stored sizes, and one view per sender of what the page says about it.
 */
export function readMailPage(page: MailMessageMeta[]): { senders: PageSender[]; messages: PageMessage[] } {
  const unique = [...new Map(page.filter((m) => m.from_email).map((m) => [m.provider_message_id, m])).values()];
  const bySender = new Map<string, PageSender>();
  const messages = unique.map((m): PageMessage => {
    const email = m.from_email.trim().toLowerCase();
    const type = inferSenderType(m);
    const unsubscribe = parseListUnsubscribe(m.headers["list-unsubscribe"], m.headers["list-unsubscribe-post"]);
    const date = m.date.toISOString();
    const agg = bySender.get(email);
    const hasUnsubscribe = Boolean(unsubscribe.http || unsubscribe.mailto);
    if (!agg) {
      bySender.set(email, {
        email,
        domain: emailDomain(email),
        name: m.from_name.trim().slice(0, 200),
        sender_type: type,
        list_id: listId(m.headers["list-id"]),
        unsubscribe_http: unsubscribe.http,
        unsubscribe_mailto: unsubscribe.mailto,
        unsubscribe_one_click: unsubscribe.one_click,
        latest_date: date,
      });
    } else {
      const newer = date > agg.latest_date;
      if (TYPE_STRENGTH[type] > TYPE_STRENGTH[agg.sender_type]) agg.sender_type = type;
      if ((newer || !agg.name) && m.from_name.trim()) agg.name = m.from_name.trim().slice(0, 200);
      if ((newer || !agg.list_id) && m.headers["list-id"]) agg.list_id = listId(m.headers["list-id"]);
      if (hasUnsubscribe && (newer || !(agg.unsubscribe_http || agg.unsubscribe_mailto))) {
        agg.unsubscribe_http = unsubscribe.http;
        agg.unsubscribe_mailto = unsubscribe.mailto;
        agg.unsubscribe_one_click = unsubscribe.one_click;
      }
      if (newer) agg.latest_date = date;
    }
    return {
      provider_message_id: m.provider_message_id.slice(0, 500),
      thread_id: m.thread_id,
      from_email: email,
      from_name: m.from_name.slice(0, 200),
      to: m.to.slice(0, 1000),
      subject: m.subject.slice(0, SUBJECT_MAX),
      preview: m.snippet.replace(/\s+/g, " ").trim().slice(0, PREVIEW_MAX),
      received_at: date,
      headers: m.headers,
    };
  });
  return { senders: [...bySender.values()], messages };
}
