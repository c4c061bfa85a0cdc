import { withWebhook } from "@/lib/api/with-webhook";
import { recordCarrierStatus } from "@/lib/calls/record-carrier-status";
import { verifyCarrierCallback } from "@/lib/calls/verify-carrier-callback";
import { callFlowQuerySchema, carrierCallbackSchema } from "@/lib/schemas/calls";
import { uuidSchema } from "@/lib/schemas/common";

// POST /api/calls/:id/status - the carrier's status callback (signed; at-least-once, any order)
export const POST = withWebhook(verifyCarrierCallback, async ({ params, searchParams, fields }) => {
  const { attempt } = callFlowQuerySchema.parse(Object.fromEntries(searchParams));
  const cb = carrierCallbackSchema.parse(fields);
  const result = await recordCarrierStatus({
    callId: uuidSchema.parse(params.id),
    attempt,
    providerCallId: cb.CallSid,
    status: cb.CallStatus ?? "",
    answeredBy: cb.AnsweredBy,
    durationSeconds: cb.CallDuration,
    error: cb.ErrorCode ? `${cb.ErrorCode}: ${cb.ErrorMessage ?? "carrier error"}` : null,
  });
  return { received: true, applied: result.applied };
});
