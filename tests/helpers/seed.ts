import { getDb } from "@/lib/db";
import { emailIntegrations, emailMessages, emailSenders, userPreferences } from "@/lib/db/schema";
import { type SenderCategory, type SenderType } from "@/lib/schemas/enums";

type SenderSeed = Partial<{
  email: string;
  name: string;
  domain: string;
  category: SenderCategory;
  sender_type: SenderType;
  email_count: number;
  latest_subject: string;
  latest_preview: string;
  latest_date: Date;
}>;

/** Insert senders for a user directly (tests of listing, triage and digests). */
export async function seedSenders(userId: string, seeds: SenderSeed[]) {
  const db = await getDb();
  return db
    .insert(emailSenders)
    .values(
      seeds.map((s, i) => {
        const email = s.email ?? `sender${i}@${s.domain ?? "example.org"}`;
        return {
          user_id: userId,
          email,
          domain: s.domain ?? email.split("@")[1]!,
          name: s.name ?? `Sender ${i}`,
          category: s.category ?? "unassigned",
          sender_type: s.sender_type ?? "personal",
          email_count: s.email_count ?? 1,
          latest_subject: s.latest_subject ?? `Subject ${i}`,
          latest_preview: s.latest_preview ?? `Preview ${i}`,
          latest_date: s.latest_date ?? new Date(Date.UTC(2026, 0, 1, 0, i)),
        };
      }),
    )
    .returning();
}

/** A demo integration row to hang messages on. */
export async function seedIntegration(userId: string) {
  const db = await getDb();
  const [row] = await db
    .insert(emailIntegrations)
    .values({ user_id: userId, provider: "demo", account_email: `demo-${userId}@pookai.demo` })
    .returning();
  return row;
}

export async function seedMessages(
  userId: string,
  integrationId: string,
  messages: { sender_id: string; from_email: string; subject: string; received_at: Date; preview?: string }[],
) {
  const db = await getDb();
  return db
    .insert(emailMessages)
    .values(
      messages.map((m, i) => ({
        user_id: userId,
        integration_id: integrationId,
        sender_id: m.sender_id,
        provider_message_id: `msg-${m.received_at.getTime()}-${i}-${Math.abs(hash(m.subject))}`,
        from_email: m.from_email,
        subject: m.subject,
        preview: m.preview ?? `About ${m.subject}`,
        received_at: m.received_at,
      })),
    )
    .returning();
}

function hash(s: string): number {
  let h = 0;
  for (const c of s) h = (h * 31 + c.charCodeAt(0)) | 0;
  return h;
}

/**
 * No quiet hours for this user (00:00–00:00): call tests must not depend on the time of day the suite
 * runs at. Registration already made the preferences row with the defaults (21:00–08:00), so this
 * updates it rather than inserting.
 */
export async function clearQuietHours(userId: string) {
  const db = await getDb();
  const none = { quiet_hours_start: "00:00", quiet_hours_end: "00:00" };
  await db
    .insert(userPreferences)
    .values({ user_id: userId, ...none })
    .onConflictDoUpdate({ target: userPreferences.user_id, set: none });
}
