// npm run db:migrate - apply drizzle/ migrations to DATABASE_URL or the embedded PGlite.
import { closeDb, databaseTarget, getDb } from "./index";

const target = databaseTarget();
await getDb();
await closeDb();
console.log(`Migrations applied (${target.kind}${target.kind === "pglite" ? ` at ${target.key}` : ""}).`);
