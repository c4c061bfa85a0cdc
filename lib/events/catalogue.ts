import { eventType } from "inngest";
import { z } from "zod";

/*
 * The events catalogue: every event the app emits, with the zod schema of its data. To add one,
 * declare it with eventType() and list it in WORKFLOW_EVENTS: sendEvent() then accepts it (typed,
 * and validated at runtime) and functions can use it as a trigger.
 */

/** A user soft-deleted their account; the purge workflow removes every row once purge_after passes. */
export const accountDeletedEvent = eventType("account/deleted", {
  schema: z.object({ user_id: z.uuid() }),
});

/** An urgent call was scheduled (API, UI or mail trigger); the call workflow places it. */
export const urgentCallRequestedEvent = eventType("call/urgent.requested", {
  schema: z.object({ user_id: z.uuid(), call_id: z.uuid() }),
});

const mailboxJob = z.object({ user_id: z.uuid(), integration_id: z.uuid(), job_id: z.uuid() });

/** A full scan of a mailbox was requested (POST /api/senders/scan or the UI's "Scan now"). */
export const mailScanRequestedEvent = eventType("mail/scan.requested", { schema: mailboxJob });

/** An incremental sync was requested (on demand or by the sync schedule). */
export const mailSyncRequestedEvent = eventType("mail/sync.requested", { schema: mailboxJob });

/**
 * A large triage change (bulk update) moved the user's choices for these domains (all of them when
 * omitted): refresh the suggestions of their other unassigned senders.
 */
export const senderSuggestionsRefreshRequestedEvent = eventType("senders/suggestions.refresh-requested", {
  schema: z.object({ user_id: z.uuid(), domains: z.array(z.string().min(1).max(255)).max(2000).optional() }),
});

export const WORKFLOW_EVENTS = [
  accountDeletedEvent,
  urgentCallRequestedEvent,
  mailScanRequestedEvent,
  mailSyncRequestedEvent,
  senderSuggestionsRefreshRequestedEvent,
] as const;

export type WorkflowEvent = (typeof WORKFLOW_EVENTS)[number];
export type WorkflowEventName = WorkflowEvent["name"];
export type WorkflowEventData<N extends WorkflowEventName> = z.input<Extract<WorkflowEvent, { name: N }>["schema"]>;
