import { inngest } from "@/lib/events/client";
import { callRequestedEvent } from "@/lib/events/catalogue";
import { composeCall } from "@/lib/calls/compose-call";
import { dialCall, type DialResult } from "@/lib/calls/dial-call";
import { failCall } from "@/lib/calls/fail-call";
import { prepareCall } from "@/lib/calls/prepare-call";
import { settleCallAttempt, type SettleResult } from "@/lib/calls/settle-call-attempt";
import { callsPerSecond } from "@/lib/env";

/** Attempts per call: the first and up to two more when nobody answers. */
export const MAX_CALL_ATTEMPTS = 3;
export const RETRY_DELAY_MS = 3 * 60_000;
const RETRY_DELAY = "3m";
// How long to wait for an attempt's ending before asking the database and the carrier again, and how
// often. An ending that came before the wait began is missed by the wait (as on Inngest), so the first
// checks come soon (a ring lasts ~20 s); a long conversation is then checked every five minutes.
const attemptWait = (check: number) => (check < 4 ? "30s" : "5m");
const ATTEMPT_CHECKS = 30;
// How long a call waits for another of the user's calls to free the line.
const LINE_WAIT = "1m";
const LINE_CHECKS = 30;
const MAX_QUIET_WAITS = 5;

/**
 * Place one call — urgent, confirmation (and, later, digest and reminder calls): the general call
 * pipeline. Prepare (quiet hours, a confirmed number), compose the script and speech, dial, wait for the
 * attempt's ending (status callbacks; the database and the carrier are asked again after each wait),
 * and retry twice about three minutes apart when nobody answers. One run per call (the event id is the
 * call's), one step at a time per user, new calls started at the carrier's rate (1 per second by
 * default), and a cancelled call's run stops.
 */
export const placeCall = inngest.createFunction(
  {
    id: "place-call",
    triggers: [callRequestedEvent],
    concurrency: [{ key: "event.data.user_id", limit: 1 }],
    throttle: { limit: callsPerSecond(), period: "1s" },
    cancelOn: [{ event: "call/cancelled", if: "async.data.call_id == event.data.call_id" }],
    retries: 4,
    onFailure: async ({ event, error }) => {
      const callId = (event.data.event.data as { call_id: string }).call_id;
      await failCall(callId, `The call could not be placed: ${error.message}`);
    },
  },
  async ({ event, step }) => {
    const callId = event.data.call_id;
    let plan = await step.run("prepare", () => prepareCall(callId));
    // Quiet hours may be changed while the call waits: look again after each wait (a day at most).
    for (let i = 0; plan.action === "wait" && i < MAX_QUIET_WAITS; i++) {
      const until = plan.until;
      await step.sleepUntil(`quiet-hours-${i}`, until);
      // The wait is over: it is at least `until` now, whatever this process's clock says.
      plan = await step.run(`prepare-${i + 1}`, () => prepareCall(callId, new Date(Math.max(Date.now(), Date.parse(until)))));
    }
    if (plan.action === "wait") {
      await step.run("fail-quiet-hours", () => failCall(callId, "Quiet hours kept moving: the call was given up.", { outcome: "not-dialled" }));
      return plan;
    }
    if (plan.action !== "dial") return plan;
    await step.run("compose", () => composeCall(callId));

    for (let attempt = 1; attempt <= MAX_CALL_ATTEMPTS; attempt++) {
      let dial: DialResult = await step.run(`dial-${attempt}`, () => dialCall(callId, attempt));
      for (let i = 0; dial.state === "line-busy" && i < LINE_CHECKS; i++) {
        const blockedBy = dial.blocked_by;
        await step.waitForEvent(`line-free-${attempt}-${i}`, {
          event: "call/attempt.ended",
          timeout: LINE_WAIT,
          if: `async.data.call_id == ${JSON.stringify(blockedBy)}`,
        });
        dial = await step.run(`dial-${attempt}-after-${i}`, () => dialCall(callId, attempt));
      }
      if (dial.state === "line-busy") {
        await step.run("fail-line-busy", () => failCall(callId, "Another call to you was still under way for too long.", { outcome: "not-dialled" }));
        return dial;
      }
      if (dial.state !== "dialled") return dial;

      let settled: SettleResult = { state: "live" };
      for (let i = 0; settled.state === "live" && i < ATTEMPT_CHECKS; i++) {
        await step.waitForEvent(`attempt-${attempt}-ended-${i}`, {
          event: "call/attempt.ended",
          timeout: attemptWait(i),
          if: `async.data.call_id == event.data.call_id && async.data.attempt == ${attempt}`,
        });
        settled = await step.run(`settle-${attempt}-${i}`, () =>
          settleCallAttempt(callId, attempt, { maxAttempts: MAX_CALL_ATTEMPTS, retryDelayMs: RETRY_DELAY_MS }),
        );
      }
      if (settled.state === "live") {
        await step.run("fail-lost", () => failCall(callId, "The carrier never reported how the call ended."));
        return settled;
      }
      if (settled.state === "final") return settled;
      // A duration, not settled.retry_at: the engine's own clock decides when it is over.
      await step.sleep(`retry-${attempt}`, RETRY_DELAY);
    }
    return { state: "final" };
  },
);
