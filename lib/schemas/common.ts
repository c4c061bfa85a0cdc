import { z } from "zod";
import "./zod-browser";

export const uuidSchema = z.uuid({ error: "Must be a valid id" });
export const idParamsSchema = z.object({ id: z.string() });

/** A real IANA zone name ("Europe/Paris", "UTC"), not an offset or an abbreviation. */
export function isIanaTimeZone(value: string): boolean {
  if (!/^(UTC|[A-Za-z][A-Za-z_]+(\/[A-Za-z0-9_+-]+)+)$/.test(value)) return false;
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

export const timezoneSchema = z.string().trim().refine(isIanaTimeZone, { error: "Must be an IANA time zone such as Europe/London" });
export const phoneNumberSchema = z
  .string()
  .trim()
  .regex(/^\+[1-9]\d{6,14}$/, { error: "Must be an E.164 phone number such as +14155550123" });
export const emailSchema = z.email({ error: "Must be a valid email address" }).trim().toLowerCase().max(254);

const positiveInt = (def: number, max?: number) =>
  z.coerce
    .number({ error: "Must be a number" })
    .int({ error: "Must be a whole number" })
    .min(1, { error: "Must be at least 1" })
    .max(max ?? Number.MAX_SAFE_INTEGER, { error: `Must be at most ${max}` })
    .default(def);

export const paginationQuerySchema = z.object({
  page: positiveInt(1, 1_000_000),
  limit: positiveInt(20, 100),
});

export const dateTimeQuerySchema = z.iso
  .datetime({ offset: true, error: "Must be an ISO 8601 date-time" })
  .or(z.iso.date({ error: "Must be an ISO 8601 date" }));

export const userSchema = z.object({
  id: z.uuid(),
  email: z.string(),
  name: z.string(),
  timezone: z.string(),
  phone_number: z.string().nullable(),
  /** PookAi calls a phone only after its owner confirmed the number (a confirmation call). */
  phone_confirmed: z.boolean(),
  email_verified: z.boolean(),
  created_at: z.string(),
  updated_at: z.string(),
});
export type PublicUser = z.infer<typeof userSchema>;
