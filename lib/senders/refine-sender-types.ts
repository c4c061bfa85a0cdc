import { sql } from "drizzle-orm";
import { getDb, queryRows } from "@/lib/db";
import type { SenderType } from "@/lib/schemas/enums";
import { logger } from "@/lib/logger";
import { getLlmProvider } from "@/lib/providers/llm/get-llm-provider";
import { categoryParam } from "./category-param";
import { PRIVATE_CATEGORY } from "./sender-privacy";

const BATCH = 50;
const MAX_PER_JOB = 500;

/**
 * Let the LLM refine the header-based sender type of senders a mailbox job touched. Private
 * (dont-tell-anyone) senders are never sent; senders the user's LLM already judged are not resent.
 * The LLM is an enhancement: when it fails, the header rules stand and the job goes on.
 */
export async function refineSenderTypes(jobId: string): Promise<{ provider: string; refined: number }> {
  const llm = getLlmProvider();
  if (llm.name === "rules") return { provider: llm.name, refined: 0 };
  const db = await getDb();
  const samples = await queryRows<{ id: string; email: string; name: string; header_type: SenderType; subjects: string[] | null }>(
    db,
    sql`select s.id, s.email, s.name, s.sender_type as header_type,
               (select array_agg(subject) from (select m.subject from email_messages m where m.sender_id = s.id and m.user_id = s.user_id
                                                 order by m.received_at desc limit 3) recent) as subjects
          from email_senders s
          join scan_jobs j on j.id = ${jobId} and j.user_id = s.user_id
         where s.sender_type_source = 'headers' and s.category <> ${categoryParam(PRIVATE_CATEGORY)} and s.updated_at >= j.started_at
         order by s.email_count desc
         limit ${MAX_PER_JOB}`,
  );
  let refined = 0;
  for (let i = 0; i < samples.length; i += BATCH) {
    const batch = samples.slice(i, i + BATCH);
    try {
      const types = await llm.classifySenders(
        batch.map((s) => ({ id: s.id, email: s.email, name: s.name, header_type: s.header_type, subjects: s.subjects ?? [] })),
      );
      if (!types.size) continue;
      const rows = [...types].map(([id, sender_type]) => ({ id, sender_type }));
      const updated = await queryRows<{ id: string }>(
        db,
        sql`update email_senders s set sender_type = x.sender_type, sender_type_source = 'llm', updated_at = now()
              from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as x(id uuid, sender_type sender_type)
             where s.id = x.id and s.category <> ${categoryParam(PRIVATE_CATEGORY)} and s.sender_type_source = 'headers'
            returning s.id`,
      );
      refined += updated.length;
    } catch (error) {
      logger.warn("LLM sender refinement failed; keeping header-based types", { job_id: jobId, error });
      break;
    }
  }
  return { provider: llm.name, refined };
}
