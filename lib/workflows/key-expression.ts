import { compileExpression, EVAL_ERROR, ExpressionSyntaxError } from "./expression";

/*
 * Inngest writes concurrency, singleton, throttle, rate-limit and idempotency keys as CEL expressions
 * over the triggering event (`event.data.integration_id`, `'user-' + event.data.user_id`). Compiled
 * with the runner's expression subset (expression.ts); anything else is refused when the runner
 * starts, so a function never runs with a wrong key. A key that cannot be evaluated (a missing field)
 * is the empty string, one shared key, as a missing field was before.
 */
export function compileKeyExpression(expression: string): (event: Record<string, unknown>) => string {
  let compiled;
  try {
    compiled = compileExpression(expression, ["event"]);
  } catch (error) {
    if (error instanceof ExpressionSyntaxError) throw new Error(`Unsupported key expression "${expression}": ${error.message}`);
    throw error;
  }
  return (event) => {
    const value = compiled.evaluate({ event });
    if (value === EVAL_ERROR || value === null || value === undefined) return "";
    return typeof value === "string" || typeof value === "number" || typeof value === "boolean" || typeof value === "bigint"
      ? String(value)
      : JSON.stringify(value);
  };
}
