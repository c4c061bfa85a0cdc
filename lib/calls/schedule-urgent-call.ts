import { and, eq } from "drizzle-orm";
import { getDb } from "@/lib/db";
import { callLogs } from "@/lib/db/schema";
import type { ScheduleUrgentBody } from "@/lib/schemas/calls";
import { sendEvent } from "@/lib/events/send-event";
import { serializeCall } from "./serialize-call";

/**
 * Record an urgent call as `scheduled` for right now and hand it to the call workflow. With an
 * idempotency key (the Idempotency-Key header) a retried request returns the first call.
 */
export async function scheduleUrgentCall(userId: string, input: ScheduleUrgentBody, options: { idempotencyKey?: string | null; isTest?: boolean } = {}) {
  const db = await getDb();
  const key = options.idempotencyKey ? `api:${options.idempotencyKey.slice(0, 200)}` : null;
  const [created] = await db
    .insert(callLogs)
    .values({
      user_id: userId,
      call_type: "urgent",
      status: "scheduled",
      priority: input.priority,
      scheduled_at: new Date(),
      content_summary: input.content,
      idempotency_key: key,
      is_test: options.isTest ?? false,
    })
    .onConflictDoNothing()
    .returning();
  if (!created) {
    const [existing] = await db
      .select()
      .from(callLogs)
      .where(and(eq(callLogs.user_id, userId), eq(callLogs.idempotency_key, key!)));
    return { call: serializeCall(existing), created: false };
  }
  await sendEvent({ name: "call/urgent.requested", data: { user_id: userId, call_id: created.id } });
  return { call: serializeCall(created), created: true };
}
