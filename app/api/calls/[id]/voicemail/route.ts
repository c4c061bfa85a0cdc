import { withWebhook } from "@/lib/api/with-webhook";
import { twimlResponse } from "@/lib/calls/call-twiml";
import { renderVoicemail } from "@/lib/calls/render-voicemail";
import { verifyCarrierCallback } from "@/lib/calls/verify-carrier-callback";
import { uuidSchema } from "@/lib/schemas/common";

// POST /api/calls/:id/voicemail - what an answering machine hears (the call is redirected here; signed)
export const POST = withWebhook(verifyCarrierCallback, async ({ params }) => twimlResponse(await renderVoicemail(uuidSchema.parse(params.id))));
