import type { z } from "zod";
import { inngest } from "@/lib/events/client";
import { WORKFLOW_EVENTS, type WorkflowEventData, type WorkflowEventName } from "@/lib/events/catalogue";
import { isInngestConfigured } from "@/lib/env";
import { publishEmbeddedEvents } from "@/lib/workflows/publish-embedded-events";

/** One event of the catalogue (lib/events/catalogue.ts): its name, its data, and optionally an id for dedupe. */
export type WorkflowEventPayload = {
  [N in WorkflowEventName]: { name: N; data: WorkflowEventData<N>; id?: string; ts?: number };
}[WorkflowEventName];

/**
 * Emit workflow events: to Inngest when it is configured, else to the embedded runner's inbox in the
 * database. The data is validated against the catalogue's schema first (a ZodError means a caller bug).
 * Give `id` to make a retried send harmless: both Inngest and the embedded runner drop a repeated id.
 */
export async function sendEvent(events: WorkflowEventPayload | WorkflowEventPayload[]): Promise<{ ids: string[] }> {
  const payloads = (Array.isArray(events) ? events : [events]).map((event) => {
    const definition = WORKFLOW_EVENTS.find((e) => e.name === event.name);
    if (!definition) throw new Error(`Unknown workflow event "${event.name}": add it to lib/events/catalogue.ts`);
    const data = (definition.schema as z.ZodType<Record<string, unknown>>).parse(event.data);
    return { ...event, data };
  });
  if (isInngestConfigured()) return inngest.send(payloads);
  return publishEmbeddedEvents(payloads);
}
