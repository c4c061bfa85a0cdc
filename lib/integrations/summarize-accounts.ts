import { serializeIntegration } from "./serialize-integration";

type Account<P extends string> = Parameters<typeof serializeIntegration<P>>[0];

/**
 * Seed 000's {connected, provider, last_sync} for a user's connected accounts of one kind (rows
 * newest first): the main one is the most recent connected account; plus every account in detail.
 */
export function summarizeAccounts<P extends string>(rows: Account<P>[]) {
  const main = rows.find((r) => r.status === "connected") ?? rows[0];
  return {
    connected: rows.some((r) => r.status === "connected"),
    provider: main?.provider ?? null,
    last_sync: main?.last_sync_at?.toISOString() ?? null,
    integrations: rows.map(serializeIntegration),
  };
}
