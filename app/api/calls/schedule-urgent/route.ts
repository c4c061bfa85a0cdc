import { ok } from "@/lib/api/envelope";
import { withUser } from "@/lib/api/with-user";
import { scheduleUrgentCall } from "@/lib/calls/schedule-urgent-call";
import { scheduleUrgentBodySchema } from "@/lib/schemas/calls";

// POST /api/calls/schedule-urgent - schedule an immediate urgent call (Idempotency-Key honoured)
export const POST = withUser(async ({ user, body, req }) => {
  const { call, created } = await scheduleUrgentCall(user.id, scheduleUrgentBodySchema.parse(body), {
    idempotencyKey: req.headers.get("idempotency-key"),
  });
  return ok({ call }, { status: created ? 201 : 200, message: created ? "Urgent call scheduled" : "Already scheduled" });
});
