import { withWebhook } from "@/lib/api/with-webhook";
import { recordMachineDetection } from "@/lib/calls/record-machine-detection";
import { verifyCarrierCallback } from "@/lib/calls/verify-carrier-callback";
import { callFlowQuerySchema, carrierCallbackSchema } from "@/lib/schemas/calls";
import { uuidSchema } from "@/lib/schemas/common";

// POST /api/calls/:id/amd - the carrier's answering-machine verdict (signed); a machine gets the voicemail
export const POST = withWebhook(verifyCarrierCallback, async ({ params, searchParams, fields }) => {
  const { attempt } = callFlowQuerySchema.parse(Object.fromEntries(searchParams));
  const cb = carrierCallbackSchema.parse(fields);
  const result = await recordMachineDetection({ callId: uuidSchema.parse(params.id), attempt, providerCallId: cb.CallSid, answeredBy: cb.AnsweredBy ?? "" });
  return { received: true, applied: result.applied };
});
