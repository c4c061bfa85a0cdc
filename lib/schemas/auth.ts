import { z } from "zod";
import { emailSchema, timezoneSchema, userSchema } from "./common";

export const passwordSchema = z
  .string({ error: "Password is required" })
  .min(8, { error: "Password must be at least 8 characters" })
  .max(128, { error: "Password must be at most 128 characters" });

export const registerBodySchema = z.strictObject({
  email: emailSchema,
  password: passwordSchema,
  name: z.string().trim().min(1, { error: "Name is required" }).max(100),
  timezone: timezoneSchema.optional(),
});

// The device token a previous sign-in on this device returned: it keeps the owner able to sign in while strangers are throttled.
export const deviceTokenSchema = z.string().min(10).max(1000);

export const loginBodySchema = z.strictObject({
  email: emailSchema,
  password: z.string({ error: "Password is required" }).min(1, { error: "Password is required" }).max(128),
  device_token: deviceTokenSchema.optional(),
});

export const refreshBodySchema = z.strictObject({
  refresh_token: z.string({ error: "refresh_token is required" }).min(10).max(200),
});

export const verifyEmailBodySchema = z.strictObject({
  token: z.string({ error: "token is required" }).min(10).max(200),
});

export const tokensResponseSchema = z.object({
  user: userSchema,
  access_token: z.string(),
  refresh_token: z.string(),
  token_type: z.literal("Bearer"),
  expires_in: z.number().int(),
  // Sign-in only: present it as `device_token` on later sign-ins from this device (also set as the pookai-device cookie).
  device_token: z.string().optional(),
});

export const sessionSchema = z.object({
  id: z.uuid(),
  kind: z.enum(["api", "browser"]),
  user_agent: z.string().nullable(),
  ip: z.string().nullable(),
  created_at: z.string(),
  last_used_at: z.string(),
  expires_at: z.string(),
  current: z.boolean(),
});

export type RegisterBody = z.infer<typeof registerBodySchema>;
export type LoginBody = z.infer<typeof loginBodySchema>;
