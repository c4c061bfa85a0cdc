import { z } from "zod";
import { timezoneSchema, userSchema } from "./common";

export const updateProfileBodySchema = z
  .strictObject({
    name: z.string().trim().min(1, { error: "Name cannot be empty" }).max(100),
    timezone: timezoneSchema,
    // E.164 once normalised (lib/users/normalize-phone-number): "+1 (415) 555-0123" is +14155550123; "" or null removes it.
    phone_number: z.string({ error: "Must be a phone number or null" }).max(64, { error: "Must be at most 64 characters" }).nullable(),
  })
  .partial()
  .refine((v) => Object.keys(v).length > 0, { error: "Provide at least one of name, timezone, phone_number" });

export const profileResponseSchema = z.object({ user: userSchema });

export const deleteAccountResponseSchema = z.object({ deleted_at: z.string(), purge_after: z.string() });

export type UpdateProfileBody = z.infer<typeof updateProfileBodySchema>;
