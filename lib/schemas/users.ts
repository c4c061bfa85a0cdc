import { z } from "zod";
import { phoneNumberSchema, timezoneSchema, userSchema } from "./common";

export const updateProfileBodySchema = z
  .strictObject({
    name: z.string().trim().min(1, { message: "Name cannot be empty" }).max(100),
    timezone: timezoneSchema,
    phone_number: phoneNumberSchema.nullable(),
  })
  .partial()
  .refine((v) => Object.keys(v).length > 0, { message: "Provide at least one of name, timezone, phone_number" });

export const profileResponseSchema = z.object({ user: userSchema });

export const deleteAccountResponseSchema = z.object({ deleted_at: z.string(), purge_after: z.string() });

export type UpdateProfileBody = z.infer<typeof updateProfileBodySchema>;
