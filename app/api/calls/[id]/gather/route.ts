import { withWebhook } from "@/lib/api/with-webhook";
import { twimlResponse } from "@/lib/calls/call-twiml";
import { handleCallInput } from "@/lib/calls/handle-call-input";
import { verifyCarrierCallback } from "@/lib/calls/verify-carrier-callback";
import { callFlowQuerySchema, carrierCallbackSchema } from "@/lib/schemas/calls";
import { uuidSchema } from "@/lib/schemas/common";

// POST /api/calls/:id/gather - a key pressed or a phrase said during a call (signed); answers the next TwiML
export const POST = withWebhook(verifyCarrierCallback, async ({ params, searchParams, fields }) => {
  const position = callFlowQuerySchema.parse(Object.fromEntries(searchParams));
  const { Digits, SpeechResult } = carrierCallbackSchema.partial({ CallSid: true }).parse(fields);
  return twimlResponse(await handleCallInput(uuidSchema.parse(params.id), position, { digits: Digits, speech: SpeechResult }));
});
