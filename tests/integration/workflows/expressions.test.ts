import { describe, expect, it } from "vitest";
import { compileExpression, EVAL_ERROR } from "@/lib/workflows/expression";

const ROOTS = ["event", "async"];
const evaluate = (source: string, vars: Record<string, unknown>) => compileExpression(source, ROOTS).evaluate(vars);
const matches = (source: string, vars: Record<string, unknown>) => compileExpression(source, ROOTS).matches(vars);

const event = { name: "call/urgent.requested", data: { call_id: "c-1", attempt: 2, user: { tz: "Europe/Paris" }, quiet: false, note: null } };

describe("the runner's CEL subset", () => {
  it("compares paths of the run's event and the incoming event, and literals", () => {
    const incoming = { name: "call/answered", data: { call_id: "c-1", attempt: 2 } };
    const vars = { event, async: incoming };
    expect(matches("async.data.call_id == event.data.call_id && async.data.attempt == 2", vars)).toBe(true);
    expect(matches("async.data.call_id == event.data.call_id && async.data.attempt == 3", vars)).toBe(false);
    expect(matches("async.data.call_id != 'c-2' && (event.data.attempt >= 2 || false)", vars)).toBe(true);
    expect(matches(`event.data.user.tz == "Europe/Paris" && !event.data.quiet && event.data.note == null`, vars)).toBe(true);
    expect(evaluate("event.data.attempt < 3 && event.data.attempt > 1 && event.data.attempt <= 2", vars)).toBe(true);
    expect(evaluate("'a' < 'b'", vars)).toBe(true);
    expect(evaluate("-event.data.attempt + 5", vars)).toBe(3);
    expect(evaluate(`'it\\'s ' + "a \\"quote\\""`, vars)).toBe(`it's a "quote"`);
    expect(evaluate("1.5e1 == 15", vars)).toBe(true);
    // Heterogeneous equality: different types are unequal, never coerced.
    expect(evaluate("event.data.attempt == '2'", vars)).toBe(false);
    expect(evaluate("event.data.user == event.data.user", vars)).toBe(true);
  });

  it("treats a missing field or a mismatched operator as an error that never matches, unless && / || decide anyway", () => {
    const vars = { event, async: { name: "x", data: {} } };
    expect(evaluate("async.data.call_id == event.data.call_id", vars)).toBe(EVAL_ERROR);
    // Both sides missing must not look equal: a cancel event without call_id cancels nothing.
    expect(matches("async.data.call_id == event.data.missing", vars)).toBe(false);
    expect(matches("async.data.call_id == event.data.call_id || true", vars)).toBe(true);
    expect(matches("async.data.call_id == event.data.call_id && false", vars)).toBe(false);
    expect(evaluate("event.data.call_id < 3", vars)).toBe(EVAL_ERROR);
    expect(evaluate("!event.data.call_id", vars)).toBe(EVAL_ERROR);
    expect(evaluate("event.data.call_id.length", vars)).toBe(EVAL_ERROR);
    expect(matches("event.data.attempt", vars)).toBe(false); // not a boolean
    expect(evaluate("event.data.attempt", { event })).toBe(2);
    expect(evaluate("async.data", { event })).toBe(EVAL_ERROR);
  });

  it("refuses anything outside the subset when compiled, saying where", () => {
    const refused: [string, RegExp][] = [
      ["size(event.data.ids) > 2", /unknown name "size"/],
      ["event.data.ids.exists(x, x == 1)", /function and method calls are not supported/],
      ["event.data['call_id'] == 'x'", /indexing is not supported/],
      ["event.data.attempt * 2 == 4", /unexpected "\*" at 20/],
      ["event.data.call_id in ['a']", /unexpected "in"/],
      ["event.data.attempt - 1 == 1", /subtraction is not supported/],
      ["event.data.call_id == 'open", /unterminated string/],
      ["(event.data.attempt == 2", /expected "\)"/],
      ["event.data.attempt == 2 ==", /unexpected the end/],
      ["process.env.SECRET == 'x'", /unknown name "process"/],
      ["event.data.call_id == 'a' ; drop", /unexpected character ";"/],
      ["'\\x41' == 'A'", /unsupported escape/],
      ["", /unexpected the end/],
    ];
    for (const [source, reason] of refused) expect(() => compileExpression(source, ROOTS), source).toThrow(reason);
    expect(() => compileExpression("async.data.x == 1", ["event"])).toThrow(/unknown name "async"/);
  });
});
