import type { z } from "zod";
import type { ProviderErrorClass } from "./provider-error";

/**
 * Stored credentials checked against the provider's schema. A mismatch names the missing fields,
 * never a value (these are secrets), and says what to reconnect.
 */
export function parseCredentials<T>(schema: z.ZodType<T>, credentials: unknown, label: { what: string; reconnect: string; Error: ProviderErrorClass }): T {
  const result = schema.safeParse(credentials ?? {});
  if (result.success) return result.data;
  const fields = [...new Set(result.error.issues.map((i) => i.path.join(".") || "(root)"))].join(", ");
  throw new label.Error(`The ${label.what} credentials are incomplete or invalid (${fields}): reconnect ${label.reconnect}`, "invalid_request");
}
