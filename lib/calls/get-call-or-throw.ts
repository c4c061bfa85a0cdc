import { and, eq } from "drizzle-orm";
import { notFound } from "@/lib/errors";
import { getDb, type DbOrTx } from "@/lib/db";
import { callLogs } from "@/lib/db/schema";
import { uuidSchema } from "@/lib/schemas/common";

export async function getCallOrThrow(userId: string, callId: string, dbOrTx?: DbOrTx) {
  if (!uuidSchema.safeParse(callId).success) throw notFound("Call");
  const db = dbOrTx ?? (await getDb());
  const [call] = await db
    .select()
    .from(callLogs)
    .where(and(eq(callLogs.id, callId), eq(callLogs.user_id, userId)))
    .limit(1);
  if (!call) throw notFound("Call");
  return call;
}
