import { sql, type SQL } from "drizzle-orm";

/*
 * Parameters and columns that behave the same on postgres.js and PGlite: the two drivers disagree on
 * how they serialize Dates and JSON and on how they return timestamps, so values cross as text and
 * timestamps come back as epoch milliseconds.
 */
export const timestampParam = (date: Date): SQL => sql`${date.toISOString()}::timestamptz`;

export const jsonParam = (value: unknown): SQL => sql`${JSON.stringify(value ?? null)}::jsonb`;

export const epochMs = (column: SQL): SQL => sql`(extract(epoch from ${column}) * 1000)::float8`;

export const textList = (values: string[]): SQL =>
  sql.join(
    values.map((v) => sql`${v}`),
    sql`, `,
  );
