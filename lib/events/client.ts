import { Inngest, wrapStringFirstLogger } from "inngest";
import { env, isInngestConfigured } from "@/lib/env";
import { logger } from "@/lib/logger";
import { EmbeddedEventsMiddleware } from "@/lib/workflows/embedded-events-middleware";

// Never sent anywhere: EmbeddedEventsMiddleware takes every event when Inngest is not configured.
const EMBEDDED_EVENT_KEY = "embedded-runner";

const toText = (value: unknown) => (typeof value === "string" ? value : JSON.stringify(value));

// A step that throws is retried: the SDK reports each attempt as an error, for us it is a warning.
const levelOf = (message: string) => (message.startsWith("Inngest step error") ? "warn" : "error");

/** The one Inngest client: serve() registers its functions, and the embedded runner executes them. */
export const inngest = new Inngest({
  id: "pookai",
  logger: wrapStringFirstLogger({
    debug: (m: unknown, f?: unknown) => logger.debug(toText(m), f as Record<string, unknown>),
    info: (m: unknown, f?: unknown) => logger.info(toText(m), f as Record<string, unknown>),
    warn: (m: unknown, f?: unknown) => logger.warn(toText(m), f as Record<string, unknown>),
    error: (m: unknown, f?: unknown) => logger[levelOf(toText(m))](toText(m), f as Record<string, unknown>),
  }),
  middleware: [EmbeddedEventsMiddleware],
  // Read on every send: the SDK refuses to send without a key in cloud mode before any middleware
  // runs, so in embedded mode it gets a placeholder and the middleware routes the event in-process.
  get eventKey() {
    return isInngestConfigured() ? env().INNGEST_EVENT_KEY : EMBEDDED_EVENT_KEY;
  },
});
