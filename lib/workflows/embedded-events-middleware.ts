import { Middleware } from "inngest";
import { getAsyncCtx } from "inngest/experimental";
import { isInngestConfigured } from "@/lib/env";
import { publishEmbeddedEvents } from "./publish-embedded-events";

/**
 * Client middleware that routes `step.sendEvent()` and `inngest.send()` to the embedded runner's inbox
 * when no Inngest server is configured, and lets them through to Inngest otherwise.
 *
 * An event sent from a step gets an id derived from the run and the step, so a step that is re-run
 * (its process died before the result was stored) does not start the downstream runs twice.
 */
export class EmbeddedEventsMiddleware extends Middleware.BaseMiddleware {
  readonly id = "pookai:embedded-events";

  override async wrapSendEvent({ events, next }: Middleware.WrapSendEventArgs) {
    if (isInngestConfigured()) return next();
    const execution = (await getAsyncCtx())?.execution;
    const stepKey = execution?.executingStep?.hashedId;
    const runId = execution?.ctx.runId;
    return publishEmbeddedEvents(
      events.map((event, i) => ({
        name: event.name,
        data: event.data,
        ts: event.ts,
        v: event.v,
        id: event.id ?? (runId && stepKey ? `${runId}:${stepKey}:${i}` : undefined),
      })),
    );
  }
}
