import { eq } from "drizzle-orm";
import { AppError, notFound } from "@/lib/errors";
import { getDb, type DbOrTx } from "@/lib/db";
import { users } from "@/lib/db/schema";
import { getVoiceProvider } from "@/lib/providers/voice/get-voice-provider";

export type CallableUser = { id: string; name: string; timezone: string; phone_number: string | null; phone_confirmed_at: Date | null };

/** Why PookAi may not ring this user's phone, or null when it may. Without a phone line nothing is dialled, so nothing is needed. */
export function callRefusal(user: CallableUser, dials: boolean): string | null {
  if (!dials) return null;
  if (!user.phone_number) return "Add your phone number in Settings so that PookAi can call you.";
  if (!user.phone_confirmed_at) return "Confirm your phone number in Settings first: PookAi only calls a number its owner has confirmed.";
  return null;
}

export async function loadCallableUser(userId: string, dbOrTx?: DbOrTx): Promise<CallableUser> {
  const db = dbOrTx ?? (await getDb());
  const [user] = await db
    .select({ id: users.id, name: users.name, timezone: users.timezone, phone_number: users.phone_number, phone_confirmed_at: users.phone_confirmed_at })
    .from(users)
    .where(eq(users.id, userId))
    .limit(1);
  if (!user) throw notFound("User");
  return user;
}

/** Refuse (409 CONFLICT, saying what to do) a call request the workflow could not place. */
export async function assertCanCall(userId: string): Promise<CallableUser> {
  const user = await loadCallableUser(userId);
  const refusal = callRefusal(user, getVoiceProvider().dials);
  if (refusal) throw new AppError("CONFLICT", refusal, { reason: user.phone_number ? "phone_not_confirmed" : "no_phone_number" });
  return user;
}
