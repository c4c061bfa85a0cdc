import { withWebhook } from "@/lib/api/with-webhook";
import { answerCall } from "@/lib/calls/answer-call";
import { twimlResponse } from "@/lib/calls/call-twiml";
import { verifyCarrierCallback } from "@/lib/calls/verify-carrier-callback";
import { callFlowQuerySchema } from "@/lib/schemas/calls";
import { uuidSchema } from "@/lib/schemas/common";

// POST /api/calls/:id/twiml - the carrier fetches an answered call's TwiML (signed)
export const POST = withWebhook(verifyCarrierCallback, async ({ params, searchParams }) => {
  const { attempt } = callFlowQuerySchema.parse(Object.fromEntries(searchParams));
  return twimlResponse(await answerCall(uuidSchema.parse(params.id), attempt));
});
