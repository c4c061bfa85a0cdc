import { and, eq } from "drizzle-orm";
import { getDb } from "@/lib/db";
import { callLogs } from "@/lib/db/schema";
import type { ScheduleUrgentBody } from "@/lib/schemas/calls";
import { fullScript, noteItem } from "./call-script";
import { assertCanCall } from "./assert-can-call";
import { requestCall } from "./request-call";
import { serializeCall } from "./serialize-call";

/**
 * Record an urgent call as `scheduled` for right now and hand it to the call workflow. With an
 * idempotency key (the Idempotency-Key header) a retried request returns the first call, and — while
 * that call is still scheduled — sends its request again (the event id makes that harmless), so a
 * request whose first send was lost still reaches the workflow. A test call ("Call me now") is the
 * same pipeline, marked is_test: the caller asked for it now, so quiet hours do not hold it.
 */
export async function scheduleUrgentCall(userId: string, input: ScheduleUrgentBody, options: { idempotencyKey?: string | null; isTest?: boolean } = {}) {
  const user = await assertCanCall(userId);
  const db = await getDb();
  const key = options.idempotencyKey ? `api:${options.idempotencyKey.slice(0, 200)}` : null;
  const items = [noteItem(input.content)];
  const [created] = await db
    .insert(callLogs)
    .values({
      user_id: userId,
      call_type: "urgent",
      status: "scheduled",
      priority: input.priority,
      scheduled_at: new Date(),
      content_summary: input.content,
      items,
      script: fullScript({ userName: user.name, callType: "urgent", items, isTest: options.isTest }),
      idempotency_key: key,
      is_test: options.isTest ?? false,
    })
    .onConflictDoNothing()
    .returning();
  if (!created) {
    const [existing] = await db
      .select()
      .from(callLogs)
      .where(and(eq(callLogs.user_id, userId), eq(callLogs.idempotency_key, key ?? "")));
    if (!existing) throw new Error("An idempotent call insert conflicted but no call holds its key");
    if (existing.status === "scheduled") await requestCall(existing);
    return { call: serializeCall(existing), created: false };
  }
  await requestCall(created);
  return { call: serializeCall(created), created: true };
}
