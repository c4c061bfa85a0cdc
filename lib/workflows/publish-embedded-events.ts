import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { getDb, queryRows } from "@/lib/db";
import { wakeLocalRunners } from "./local-runners";
import { jsonParam } from "./sql-values";

export type EmbeddedEventInput = { name: string; data?: Record<string, unknown>; id?: string; ts?: number; v?: string };

/**
 * Store events in the embedded runner's inbox (workflow_events); a runner fans each one out into runs
 * of the functions it triggers. An event whose id was already stored is ignored, as Inngest dedupes
 * on event ids: a retried sender cannot start a second run.
 */
export async function publishEmbeddedEvents(events: EmbeddedEventInput[]): Promise<{ ids: string[] }> {
  if (!events.length) return { ids: [] };
  const now = Date.now();
  const payloads = events.map((e) => ({
    name: e.name,
    data: e.data ?? {},
    id: e.id ?? randomUUID(),
    ts: e.ts ?? now,
    ...(e.v ? { v: e.v } : {}),
  }));
  const db = await getDb();
  const values = payloads.map((p) => sql`(${p.id}, ${p.name}, ${jsonParam(p)})`);
  await queryRows(db, sql`insert into workflow_events (id, name, payload) values ${sql.join(values, sql`, `)} on conflict (id) do nothing returning id`);
  wakeLocalRunners();
  return { ids: payloads.map((p) => p.id) };
}
