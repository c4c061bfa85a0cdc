import type { Db } from "./index";

const cache = new WeakMap<Db, Map<string, unknown>>();

/**
 * A statement built (and named on the server) once per database handle instead of on every call:
 * for the queries every request runs. `build` must use sql.placeholder() for all its inputs.
 */
export function prepared<T>(db: Db, name: string, build: (db: Db) => T): T {
  let statements = cache.get(db);
  if (!statements) cache.set(db, (statements = new Map<string, unknown>()));
  let statement = statements.get(name) as T | undefined;
  if (!statement) statements.set(name, (statement = build(db)));
  return statement;
}
