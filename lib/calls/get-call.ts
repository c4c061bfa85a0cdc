import { getCallOrThrow } from "./get-call-or-throw";
import { loadAttempts, serializeCall } from "./serialize-call";

/** One of the user's calls with everything its log holds, its attempts included; another user's is 404. */
export async function getCall(userId: string, callId: string) {
  const call = await getCallOrThrow(userId, callId);
  return serializeCall(call, await loadAttempts([call.id]));
}
