import { env } from "./env";

/* Structured console logging that never prints secrets: keys that look like credentials are redacted. */
const SECRET_KEY = /pass(word)?|secret|token|authorization|cookie|credential|api[_-]?key|refresh|code_verifier/i;

type Level = "debug" | "info" | "warn" | "error";
const ORDER: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };

function threshold(): number {
  const e = env();
  const configured = (e.LOG_LEVEL ?? (e.NODE_ENV === "test" ? "warn" : "info")) as Level;
  // LOG_LEVEL is free text in the environment: an unknown level falls back to info.
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition
  return ORDER[configured] ?? ORDER.info;
}

export function redact(value: unknown, depth = 0): unknown {
  if (depth > 6 || value === null || typeof value !== "object") return value;
  if (value instanceof Error) return { name: value.name, message: value.message };
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
  return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, SECRET_KEY.test(k) ? "[redacted]" : redact(v, depth + 1)]));
}

function write(level: Level, message: string, fields?: Record<string, unknown>) {
  if (ORDER[level] < threshold()) return;
  const line = fields ? `${message} ${JSON.stringify(redact(fields))}` : message;
  (level === "error" ? console.error : level === "warn" ? console.warn : console.log)(`[pookai] ${level}: ${line}`);
}

export const logger = {
  debug: (m: string, f?: Record<string, unknown>) => write("debug", m, f),
  info: (m: string, f?: Record<string, unknown>) => write("info", m, f),
  warn: (m: string, f?: Record<string, unknown>) => write("warn", m, f),
  error: (m: string, f?: Record<string, unknown>) => write("error", m, f),
};
