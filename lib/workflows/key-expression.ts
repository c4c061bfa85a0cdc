/*
 * Inngest writes concurrency and singleton keys as CEL expressions. The embedded runner understands
 * the subset the app uses: event fields (`event.data.integration_id`) and string literals joined by
 * `+`. Anything else is refused when the runner starts, so a function never runs with a wrong key.
 */
type Term = { literal: string } | { path: string[] };

const TERM = /^\s*(?:'([^'\\]*)'|"([^"\\]*)"|(event(?:\.[A-Za-z_][A-Za-z0-9_]*)+))\s*$/;

/** Compile `expression` into a function of the event; throws on anything outside the supported subset. */
export function compileKeyExpression(expression: string): (event: Record<string, unknown>) => string {
  const terms: Term[] = splitOnPlus(expression).map((raw) => {
    const m = TERM.exec(raw);
    if (!m) throw new Error(`Unsupported key expression "${expression}": use event.<field> paths and 'literals' joined by +`);
    if (m[3] !== undefined) return { path: m[3].split(".").slice(1) };
    return { literal: m[1] ?? m[2] ?? "" };
  });
  return (event) =>
    terms
      .map((t) => {
        if ("literal" in t) return t.literal;
        let value: unknown = event;
        for (const key of t.path) value = value && typeof value === "object" ? (value as Record<string, unknown>)[key] : undefined;
        return value === undefined || value === null ? "" : typeof value === "object" ? JSON.stringify(value) : String(value);
      })
      .join("");
}

function splitOnPlus(expression: string): string[] {
  const parts: string[] = [];
  let current = "";
  let quote: string | null = null;
  for (const ch of expression) {
    if (quote) {
      if (ch === quote) quote = null;
    } else if (ch === "'" || ch === '"') quote = ch;
    else if (ch === "+") {
      parts.push(current);
      current = "";
      continue;
    }
    current += ch;
  }
  parts.push(current);
  return parts;
}
