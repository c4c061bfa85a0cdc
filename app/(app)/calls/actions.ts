"use server";

import { revalidatePath } from "next/cache";
import { withAction } from "@/lib/api/with-action";
import { cancelCall } from "@/lib/calls/cancel-call";
import { retryCall } from "@/lib/calls/retry-call";
import { scheduleUrgentCall } from "@/lib/calls/schedule-urgent-call";
import { updatePreferences } from "@/lib/preferences/update-preferences";
import { scheduleUrgentBodySchema } from "@/lib/schemas/calls";
import { preferenceFieldsSchema } from "@/lib/schemas/preferences";

function revalidateCall(id: string) {
  revalidatePath("/calls");
  revalidatePath(`/calls/${id}`);
  revalidatePath("/");
}

/**
 * "Call me now": an urgent call marked as a test, placed by the same workflow as a real one. It doubles
 * as the voice preview: a voice picked with it is saved as the user's voice first (audited, source "ui"),
 * so the call speaks with it.
 */
export const scheduleTestCallAction = withAction("scheduleTestCallAction", async ({ user }, input: { content: string; voice?: string }) => {
  const body = scheduleUrgentBodySchema.parse({ content: input.content, priority: "high" });
  if (input.voice !== undefined) {
    await updatePreferences(user.id, { voice_preference: preferenceFieldsSchema.shape.voice_preference.parse(input.voice) }, "ui");
  }
  const { call } = await scheduleUrgentCall(user.id, body, { isTest: true });
  revalidateCall(call.id);
  return { id: call.id, status: call.status };
});

/** Cancel a call that has not started ringing (POST /api/calls/:id/cancel). */
export const cancelCallAction = withAction("cancelCallAction", async ({ user }, callId: string) => {
  const call = await cancelCall(user.id, callId);
  revalidateCall(call.id);
  return { id: call.id, status: call.status };
});

/** Try a failed call again (POST /api/calls/:id/retry): a new call; asking twice gives the same one. */
export const retryCallAction = withAction("retryCallAction", async ({ user }, callId: string) => {
  const { call, created } = await retryCall(user.id, callId);
  revalidateCall(callId);
  revalidatePath(`/calls/${call.id}`);
  return { id: call.id, created };
});
