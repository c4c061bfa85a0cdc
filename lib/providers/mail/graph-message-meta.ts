import { hasCalendarSignal } from "@/lib/mail/classify-headers";
import type { MailMessageMeta } from "./types";

/** What the Outlook provider reads of a message: what Mail.ReadBasic allows (no body, bodyPreview or internetMessageHeaders). */
export const MESSAGE_SELECT = [
  "id",
  "conversationId",
  "subject",
  "receivedDateTime",
  "from",
  "sender",
  "toRecipients",
  "replyTo",
  "isDraft",
  "inferenceClassification",
  "parentFolderId",
];

type GraphRecipient = { emailAddress?: { name?: string; address?: string } };
export type GraphMessage = {
  "@odata.type"?: string;
  "@removed"?: unknown;
  id: string;
  parentFolderId?: string;
  conversationId?: string;
  subject?: string | null;
  receivedDateTime?: string;
  from?: GraphRecipient | null;
  sender?: GraphRecipient | null;
  toRecipients?: GraphRecipient[];
  replyTo?: GraphRecipient[];
  isDraft?: boolean;
  inferenceClassification?: string;
};
export type GraphCollection = { value?: GraphMessage[]; "@odata.nextLink"?: string; "@odata.deltaLink"?: string; "@odata.count"?: number };

/** Drafts and the user's own mail are not mail from a sender. */
export function isFromSender(m: GraphMessage, self: string): boolean {
  return !m["@removed"] && !m.isDraft && (m.from?.emailAddress?.address ?? "").toLowerCase() !== self;
}

function address(r: GraphRecipient | null | undefined): string {
  const a = r?.emailAddress;
  if (!a?.address) return "";
  return a.name && a.name !== a.address ? `${a.name} <${a.address}>` : a.address;
}

export function toMailMessageMeta(m: GraphMessage): MailMessageMeta {
  const fromAddress = (m.from?.emailAddress?.address ?? "").toLowerCase();
  const subject = m.subject ?? "";
  // Mail.ReadBasic has no internet headers: keep what Graph tells us that classification can use.
  const headers: Record<string, string> = {};
  const sender = (m.sender?.emailAddress?.address ?? "").toLowerCase();
  if (sender && sender !== fromAddress) headers.sender = address(m.sender);
  const replyTo = (m.replyTo ?? []).map(address).filter(Boolean).join(", ");
  if (replyTo) headers["reply-to"] = replyTo;
  const isInvite = /eventMessage/i.test(m["@odata.type"] ?? "");
  return {
    provider_message_id: m.id,
    thread_id: m.conversationId ?? null,
    from_email: fromAddress,
    from_name: m.from?.emailAddress?.name && m.from.emailAddress.name !== m.from.emailAddress.address ? m.from.emailAddress.name : "",
    to: (m.toRecipients ?? []).map(address).filter(Boolean).join(", "),
    subject,
    snippet: "",
    date: new Date(m.receivedDateTime ?? 0),
    headers,
    has_calendar: isInvite || hasCalendarSignal(headers, subject),
  };
}
