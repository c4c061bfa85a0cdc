import type { SenderType } from "@/lib/schemas/enums";

/** What the LLM may see of a sender: never a private (dont-tell-anyone) sender, never a body. */
export type SenderSample = { id: string; email: string; name: string; subjects: string[]; header_type: SenderType };

/** One line of a call script as the LLM may see it: never a private sender's (those are never in a call). */
export type CallLineDraft = { id: string; from: string; subject: string; text: string };

export interface LlmProvider {
  readonly name: "openai" | "rules";
  /** The sender type of each sample; senders it cannot judge are left out of the map. */
  classifySenders(samples: SenderSample[]): Promise<Map<string, SenderType>>;
  /** Lines of a call script rewritten to be spoken (by id); lines it leaves alone are left out of the map. */
  polishCallItems(lines: CallLineDraft[]): Promise<Map<string, string>>;
}
