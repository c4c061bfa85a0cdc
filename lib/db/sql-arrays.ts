import { sql, type SQL } from "drizzle-orm";

/**
 * A list of ids as one uuid[] parameter (`= any(...)` then uses the index). Drizzle would expand a JS
 * array into one parameter per element, and unnesting JSON makes the planner re-run it per row.
 */
export function uuidArray(ids: readonly string[]): SQL {
  for (const id of ids) if (!/^[0-9a-f-]{36}$/i.test(id)) throw new Error("uuidArray: not a uuid");
  return sql`${`{${ids.join(",")}}`}::uuid[]`;
}

/** A list of strings as one text[] parameter, each element quoted as an array literal requires. */
export function textArray(values: readonly string[]): SQL {
  const literal = `{${values.map((v) => `"${v.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`).join(",")}}`;
  return sql`${literal}::text[]`;
}
