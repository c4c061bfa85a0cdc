// Next.js calls register() once when a server process starts.
export async function register() {
  // Only the Node.js server runs workflows: never the edge runtime, never `next build`.
  if (process.env.NEXT_RUNTIME !== "nodejs" || process.env.NEXT_PHASE === "phase-production-build") return;
  // First: every request from here on carries its socket's address (lib/request/client-address.ts).
  const { installSocketAddressStamp } = await import("./lib/request/socket-address");
  installSocketAddressStamp();
  const { missingDeploymentConfig } = await import("./lib/env");
  const missing = missingDeploymentConfig();
  if (missing.length) {
    // On Vercel the embedded database and runner cannot serve: say so loudly (and on /api/ready).
    const { logger } = await import("./lib/logger");
    logger.error(`PookAi is misconfigured for this deployment: set ${missing.join(", ")} (README, "Deploy on Vercel")`);
  }
  const { startEmbeddedWorkflows } = await import("./lib/workflows/start-embedded-workflows");
  try {
    // The engine is generic: it runs whatever function list it is given, here the app's registry.
    const { functions } = await import("./inngest/functions");
    await startEmbeddedWorkflows(functions);
  } catch (error) {
    // A workflow definition the runner refuses must not take the whole app down with it.
    const { logger } = await import("./lib/logger");
    logger.error("embedded workflow runner did not start", { error });
  }
}
