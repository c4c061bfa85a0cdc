import { sendEvent } from "@/lib/events/send-event";

/**
 * Hand a recorded call to the call workflow. The event id is derived from the call, so however often
 * this is sent (a retried request, a re-run step) Inngest and the embedded runner start one run.
 */
export async function requestCall(call: { id: string; user_id: string }): Promise<void> {
  await sendEvent({ name: "call/requested", data: { user_id: call.user_id, call_id: call.id }, id: `call-requested-${call.id}` });
}
