import { inngest } from "@/lib/events/client";
import { senderSuggestionsRefreshRequestedEvent } from "@/lib/events/catalogue";
import { suggestCategories } from "@/lib/senders/suggest-categories";

/**
 * Suggestions that follow a large triage change (see bulkUpdateSenders): one step, idempotent (it
 * recomputes from the current choices), one run per user at a time so two refreshes never race.
 */
export const refreshSenderSuggestions = inngest.createFunction(
  {
    id: "refresh-sender-suggestions",
    triggers: [senderSuggestionsRefreshRequestedEvent],
    concurrency: { key: "event.data.user_id", limit: 1 },
    retries: 4,
  },
  async ({ event, step }) => {
    const { user_id, domains } = event.data;
    await step.run("suggest", () => suggestCategories(user_id, domains ? { domains } : { all: true }));
    return { domains: domains?.length ?? "all" };
  },
);
