import { AppError } from "@/lib/errors";

const E164 = /^\+[1-9]\d{6,14}$/;

/**
 * The one way a phone number is read, whichever door it came through: E.164 (`+14155550123`) out
 * of what people type (`+1 (415) 555-0123`, `+44 (0)20 7946 0958`, `+33.6.12.34.56.78`). Spaces,
 * dashes, dots and brackets are dropped, as is a `(0)` trunk prefix written after the country code.
 * Empty means "no number" (null). Anything else is a VALIDATION_ERROR on `phone_number` saying what is wrong.
 */
export function normalizePhoneNumber(input: string | null): string | null {
  if (input === null) return null;
  const typed = input.trim();
  if (typed === "") return null;
  const compact = typed.replace(/\(0\)/g, "").replace(/[\s().-]/g, "");
  if (!/^\+?\d+$/.test(compact)) return invalid("Must contain only digits after the + (spaces, dashes, dots and brackets are fine)");
  if (!compact.startsWith("+")) return invalid("Must be an E.164 phone number such as +14155550123");
  if (!E164.test(compact)) return invalid("Must be + then the country code and number: 7 to 15 digits, not starting with 0");
  return compact;
}

function invalid(message: string): never {
  throw new AppError("VALIDATION_ERROR", "Invalid input data", { phone_number: [message] });
}
