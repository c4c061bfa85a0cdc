import { z } from "zod";
import "./zod-browser";
import { MEETING_REMINDER_FREQUENCIES, MEETING_REMINDER_METHODS, MEETING_REMINDER_TIMINGS } from "@/lib/schemas/enums";

/** OpenAI text-to-speech voices; the Twilio <Say> fallback maps each to a comparable voice. */
export const VOICES = ["alloy", "ash", "ballad", "coral", "echo", "fable", "nova", "onyx", "sage", "shimmer", "verse"] as const;

const list = (values: readonly string[]) => `Must be one of ${values.join(", ")}`;
/** A local wall-clock time, 24-hour HH:MM. */
const clockSchema = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: "Must be a 24-hour time as HH:MM, e.g. 08:30" });

export const preferenceFieldsSchema = z.strictObject({
  urgent_financial: z.boolean({ error: "Must be true or false" }),
  investor_updates: z.boolean({ error: "Must be true or false" }),
  customer_issues: z.boolean({ error: "Must be true or false" }),
  team_urgent: z.boolean({ error: "Must be true or false" }),
  partnership_deals: z.boolean({ error: "Must be true or false" }),
  product_launches: z.boolean({ error: "Must be true or false" }),
  meeting_reminder_timing: z.enum(MEETING_REMINDER_TIMINGS, { error: list(MEETING_REMINDER_TIMINGS) }),
  meeting_reminder_frequency: z.enum(MEETING_REMINDER_FREQUENCIES, { error: list(MEETING_REMINDER_FREQUENCIES) }),
  meeting_reminder_method: z.enum(MEETING_REMINDER_METHODS, { error: list(MEETING_REMINDER_METHODS) }),
  preferred_call_time: clockSchema,
  voice_preference: z.enum(VOICES, { error: list(VOICES) }),
  // Local times in the user's time zone; the window may span midnight, and equal times mean none.
  quiet_hours_start: clockSchema,
  quiet_hours_end: clockSchema,
  urgent_calls_in_quiet_hours: z.boolean({ error: "Must be true or false" }),
});

export const updatePreferencesBodySchema = preferenceFieldsSchema
  .partial()
  .refine((v) => Object.keys(v).length > 0, { error: "Provide at least one preference to change" });

export const preferencesSchema = preferenceFieldsSchema.extend({
  id: z.uuid(),
  user_id: z.uuid(),
  created_at: z.string(),
  updated_at: z.string(),
});

export type PreferenceFields = z.infer<typeof preferenceFieldsSchema>;
export type UpdatePreferencesBody = z.infer<typeof updatePreferencesBodySchema>;
export type PreferencesDto = z.infer<typeof preferencesSchema>;
export const PREFERENCE_FIELDS = Object.keys(preferenceFieldsSchema.shape) as (keyof PreferenceFields)[];
