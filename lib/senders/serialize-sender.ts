import type { emailSenders } from "@/lib/db/schema";
import type { SenderDto } from "@/lib/schemas/senders";
import { visibleMail } from "./sender-privacy";

export type SenderRow = typeof emailSenders.$inferSelect;

/** The sender as the API shows it. A dont-tell-anyone sender never shows its latest subject or preview. */
export function serializeSender(s: SenderRow): SenderDto {
  const latest = visibleMail(s.category, { subject: s.latest_subject, preview: s.latest_preview });
  return {
    id: s.id,
    user_id: s.user_id,
    email: s.email,
    domain: s.domain,
    name: s.name,
    category: s.category,
    category_source: s.category_source,
    suggested_category: s.category === "unassigned" ? s.suggested_category : null,
    email_count: s.email_count,
    latest_subject: latest.subject,
    latest_date: s.latest_date?.toISOString() ?? null,
    latest_preview: latest.preview,
    sender_type: s.sender_type,
    list_id: s.list_id,
    unsubscribe: {
      available: Boolean(s.unsubscribe_http || s.unsubscribe_mailto),
      one_click: s.unsubscribe_one_click,
      status: s.unsubscribe_status,
      unsubscribed_at: s.unsubscribed_at?.toISOString() ?? null,
    },
    created_at: s.created_at.toISOString(),
    updated_at: s.updated_at.toISOString(),
  };
}
