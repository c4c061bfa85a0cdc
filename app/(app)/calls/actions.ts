"use server";

import { revalidatePath } from "next/cache";
import { runAction } from "@/lib/api/run-action";
import { getCurrentUser } from "@/lib/auth/get-current-user";
import { scheduleUrgentCall } from "@/lib/calls/schedule-urgent-call";
import { scheduleUrgentBodySchema } from "@/lib/schemas/calls";

/** "Call me now": an urgent call marked as a test, placed by the same workflow as a real one. */
export async function scheduleTestCallAction(content: string) {
  return runAction("scheduleTestCallAction", async () => {
    const { user } = await getCurrentUser();
    const body = scheduleUrgentBodySchema.parse({ content, priority: "high" });
    const { call } = await scheduleUrgentCall(user.id, body, { isTest: true });
    revalidatePath("/calls");
    revalidatePath("/");
    return { id: call.id, status: call.status };
  });
}
