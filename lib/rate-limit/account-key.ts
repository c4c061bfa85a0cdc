import { sha256 } from "@/lib/crypto";

/** An account as rate limits count it: a hash of the normalised email, never the email itself. */
export function accountKey(email: string): string {
  return sha256(email.trim().toLowerCase()).slice(0, 32);
}
