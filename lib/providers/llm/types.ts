import type { SenderType } from "@/lib/db/schema/enums";

/** What the LLM may see of a sender: never a private (dont-tell-anyone) sender, never a body. */
export type SenderSample = { id: string; email: string; name: string; subjects: string[]; header_type: SenderType };

export interface LlmProvider {
  readonly name: "openai" | "rules";
  /** The sender type of each sample; senders it cannot judge are left out of the map. */
  classifySenders(samples: SenderSample[]): Promise<Map<string, SenderType>>;
}
