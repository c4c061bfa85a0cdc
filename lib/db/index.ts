import path from "node:path";
import { mkdirSync } from "node:fs";
import type { SQL } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { dataDir, env, isServerless, positiveIntEnv } from "@/lib/env";
import * as schema from "./schema";

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
export type DbOrTx = Db | Tx;

type Handle = { db: Db; kind: "postgres" | "pglite"; close: () => Promise<void> };

const MIGRATION_LOCK_ID = 727_071;
const globalForDb = globalThis as unknown as { __pookaiDb?: Map<string, Promise<Handle>> };
const handles: Map<string, Promise<Handle>> = (globalForDb.__pookaiDb ??= new Map<string, Promise<Handle>>());

function migrationsFolder(): string {
  return path.join(process.cwd(), "drizzle");
}

/** Which database this process talks to: DATABASE_URL, else embedded PGlite in PGLITE_DIR. */
export function databaseTarget(): { kind: "postgres" | "pglite"; key: string } {
  const e = env();
  const url = e.DATABASE_URL;
  if (url) return { kind: "postgres", key: url };
  if (isServerless()) throw new Error("DATABASE_URL is required on this deployment: embedded PGlite needs a persistent disk");
  return { kind: "pglite", key: e.PGLITE_DIR ?? path.join(dataDir(), "pglite") };
}

async function openPostgres(url: string): Promise<Handle> {
  const { default: postgres } = await import("postgres");
  const { drizzle } = await import("drizzle-orm/postgres-js");
  const { migrate } = await import("drizzle-orm/postgres-js/migrator");
  // Migrate on one dedicated connection under an advisory lock: instances starting together apply it once.
  const migrator = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await migrator`select pg_advisory_lock(${MIGRATION_LOCK_ID})`;
    await migrate(drizzle(migrator), { migrationsFolder: migrationsFolder() });
    await migrator`select pg_advisory_unlock(${MIGRATION_LOCK_ID})`;
  } finally {
    await migrator.end({ timeout: 5 });
  }
  const client = postgres(url, {
    max: positiveIntEnv(env().DATABASE_POOL_SIZE, 10),
    onnotice: () => {},
    idle_timeout: 30,
  });
  const db = drizzle(client, { schema }) as unknown as Db;
  return { db, kind: "postgres", close: () => client.end({ timeout: 5 }) };
}

async function openPglite(dir: string): Promise<Handle> {
  const { PGlite } = await import("@electric-sql/pglite");
  const { drizzle } = await import("drizzle-orm/pglite");
  const { migrate } = await import("drizzle-orm/pglite/migrator");
  if (!dir.startsWith("memory://")) mkdirSync(dir, { recursive: true });
  const client = await PGlite.create(dir);
  const db = drizzle(client, { schema });
  await migrate(db, { migrationsFolder: migrationsFolder() });
  return { db: db as unknown as Db, kind: "pglite", close: () => client.close() };
}

async function handle(): Promise<Handle> {
  const target = databaseTarget();
  let pending = handles.get(target.key);
  if (!pending) {
    pending = target.kind === "postgres" ? openPostgres(target.key) : openPglite(target.key);
    handles.set(target.key, pending);
    // Never cache a failed initialisation: the next call tries again.
    pending.catch(() => handles.delete(target.key));
  }
  return pending;
}

/** The drizzle database, migrated on first use. */
export async function getDb(): Promise<Db> {
  return (await handle()).db;
}

export async function getDbKind(): Promise<"postgres" | "pglite"> {
  return (await handle()).kind;
}

/** Close every open database handle (tests, graceful shutdown). */
export async function closeDb(): Promise<void> {
  const all = [...handles.values()];
  handles.clear();
  await Promise.allSettled(all.map(async (p) => (await p).close()));
}

/** Rows of a raw `db.execute(sql)` on either driver (postgres.js returns an array, PGlite `{ rows }`). */
export async function queryRows<T = Record<string, unknown>>(db: DbOrTx, query: SQL): Promise<T[]> {
  const result: unknown = await db.execute(query);
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

/** The single row of a query that always returns one (an aggregate, a RETURNING of one row); none is a bug, so it throws. */
export async function queryOne<T = Record<string, unknown>>(db: DbOrTx, query: SQL): Promise<T> {
  const [row] = await queryRows<T>(db, query);
  if (row === undefined) throw new Error("the query returned no row");
  return row;
}

export { schema };
