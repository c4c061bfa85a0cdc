import { isCallOver, loadLiveCall, recordTurn } from "./call-flow";
import { voicemail } from "./call-script";
import { renderTwiml, type TwimlStep } from "./call-twiml";

/**
 * What a machine hears: who it is from and the subject of the first message only (never a preview;
 * a private sender's mail never reaches a call at all), then the call hangs up.
 */
export async function renderVoicemail(callId: string): Promise<string> {
  const live = await loadLiveCall(callId);
  if (!live || isCallOver(live.call)) return renderTwiml({ id: callId, user_id: "", voice: null, speech_engine: null }, [{ kind: "hangup" }]);
  const text =
    live.call.call_type === "phone-confirmation"
      ? "Hi, this is PookAi confirming your phone number. Please ask for a new confirmation call in the app and answer it yourself. Goodbye."
      : voicemail({ userName: live.user.name, callType: live.call.call_type, items: live.items, isTest: live.call.is_test });
  const steps: TwimlStep[] = [{ kind: "say", text }, { kind: "hangup" }];
  await recordTurn(callId, steps, { speaker: "Carrier", line: "an answering machine picked up" });
  return renderTwiml(live.call, steps);
}
