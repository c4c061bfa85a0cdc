import { z } from "zod";
import { senderCategorySchema } from "./senders";

export const ruleMatchSchema = z.union(
  [
    z.strictObject({ email: z.email({ error: "Must be an email address" }).trim().toLowerCase() }),
    z.strictObject({
      domain: z
        .string()
        .trim()
        .toLowerCase()
        .regex(/^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, { error: "Must be a domain such as example.com" }),
    }),
    z.strictObject({
      // Stored as the scan stores a List-Id header ("Name <list.id>" -> "list.id", lower case), or the rule never matches.
      list_id: z
        .string()
        .trim()
        .overwrite((v) => /<([^<>]+)>/.exec(v)?.[1]!.trim() ?? v)
        .toLowerCase()
        .min(1, { error: "list_id cannot be empty" })
        .max(255),
    }),
  ],
  { error: "match must have exactly one of email, domain or list_id" },
);

export const createRuleBodySchema = z.strictObject({ match: ruleMatchSchema, category: senderCategorySchema });

export const ruleSchema = z.object({
  id: z.uuid(),
  match: z.union([z.object({ email: z.string() }), z.object({ domain: z.string() }), z.object({ list_id: z.string() })]),
  category: senderCategorySchema,
  created_at: z.string(),
  updated_at: z.string(),
});

export type CreateRuleBody = z.infer<typeof createRuleBodySchema>;
export type RuleDto = z.infer<typeof ruleSchema>;
