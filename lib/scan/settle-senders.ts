import { recountSenders } from "@/lib/senders/recount-senders";
import { suggestCategories } from "@/lib/senders/suggest-categories";

/** Counts and latest fields from the stored messages, then the suggestions that depend on them. */
export async function settleSenders(userId: string): Promise<void> {
  await recountSenders(userId);
  await suggestCategories(userId, { all: true });
}
