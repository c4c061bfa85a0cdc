import { and, desc, eq } from "drizzle-orm";
import { AppError, notFound } from "@/lib/errors";
import { getDb, type DbOrTx } from "@/lib/db";
import { emailIntegrations } from "@/lib/db/schema";
import { uuidSchema } from "@/lib/schemas/common";

export async function getIntegrationOrThrow(userId: string, integrationId: string, dbOrTx?: DbOrTx) {
  if (!uuidSchema.safeParse(integrationId).success) throw notFound("Integration");
  const db = dbOrTx ?? (await getDb());
  const [row] = await db
    .select()
    .from(emailIntegrations)
    .where(and(eq(emailIntegrations.id, integrationId), eq(emailIntegrations.user_id, userId)))
    .limit(1);
  if (!row) throw notFound("Integration");
  return row;
}

/**
 * The mailbox a scan or sync works on: the given one (which must be connected), else the user's
 * most recently connected mailbox. No connected mailbox is a CONFLICT with what to do about it.
 */
export async function resolveConnectedIntegration(userId: string, integrationId?: string) {
  if (integrationId) {
    const row = await getIntegrationOrThrow(userId, integrationId);
    if (row.status === "disconnected") {
      throw new AppError("CONFLICT", `The ${row.provider} mailbox ${row.account_email} is disconnected; connect it again first`);
    }
    return row;
  }
  const db = await getDb();
  const [row] = await db
    .select()
    .from(emailIntegrations)
    .where(and(eq(emailIntegrations.user_id, userId), eq(emailIntegrations.status, "connected")))
    .orderBy(desc(emailIntegrations.updated_at))
    .limit(1);
  if (!row) throw new AppError("CONFLICT", "No connected mailbox: connect one first (POST /api/integrations/email/connect)");
  return row;
}
