/*
 * The subset of CEL (Common Expression Language) that Inngest options are written in, as far as the
 * embedded runner understands it: variable paths (`event.data.call_id`, `async.data.attempt`),
 * string / number / bool / null literals, `+`, `==`, `!=`, `<`, `<=`, `>`, `>=`, `&&`, `||`, `!`,
 * unary `-` and parentheses. A real tokenizer and parser, never eval: anything outside the subset
 * (function calls, indexing, `in`, macros) is a syntax error when the expression is compiled.
 *
 * Evaluation follows CEL: a path that does not exist, or an operator applied to the wrong types, is an
 * error value, not null; `&&` and `||` absorb errors when the other side decides (false && error is
 * false, true || error is true). A condition that ends in an error does not match, so a missing field
 * never makes two events look alike.
 */

export type ExpressionVariables = Record<string, unknown>;

type Node =
  | { type: "literal"; value: string | number | boolean | null }
  | { type: "path"; root: string; keys: string[] }
  | { type: "unary"; op: "!" | "-"; operand: Node }
  | { type: "binary"; op: BinaryOp; left: Node; right: Node };

type BinaryOp = "||" | "&&" | "==" | "!=" | "<" | "<=" | ">" | ">=" | "+";

type Token =
  | { kind: "string"; value: string; at: number }
  | { kind: "number"; value: number; at: number }
  | { kind: "ident"; value: string; at: number }
  | { kind: "op"; value: string; at: number }
  | { kind: "end"; at: number };

/** Thrown for an expression outside the supported subset; the message says where. */
export class ExpressionSyntaxError extends Error {
  constructor(expression: string, reason: string) {
    super(`Unsupported expression "${expression}": ${reason}`);
    this.name = "ExpressionSyntaxError";
  }
}

/** The result of an evaluation that CEL would report as an error (missing field, mismatched types). */
export const EVAL_ERROR: unique symbol = Symbol("cel-error");
/** Any value, or EVAL_ERROR. */
type Value = unknown;

export type CompiledExpression = {
  source: string;
  /** The value, or EVAL_ERROR. */
  evaluate(variables: ExpressionVariables): Value;
  /** True only if the expression evaluates to the boolean true. */
  matches(variables: ExpressionVariables): boolean;
};

// Also tokens the subset has no use for (",", "[", ...), so that the parser can say what is unsupported.
const OPERATORS = ["&&", "||", "==", "!=", "<=", ">=", "<", ">", "!", "+", "-", "(", ")", ".", ",", "[", "]", "{", "}", "?", ":", "*", "/", "%"];
const ESCAPES: Record<string, string> = { n: "\n", t: "\t", r: "\r", "\\": "\\", "'": "'", '"': '"' };

/**
 * Parse `source` once; `roots` are the variable names it may use (`event` and `async` for matching
 * expressions, `event` alone for keys). Throws ExpressionSyntaxError for anything else.
 */
export function compileExpression(source: string, roots: readonly string[]): CompiledExpression {
  const tokens = tokenize(source);
  let pos = 0;
  // The token list always ends with an "end" token; reading past it keeps answering "end".
  const peek = (): Token => tokens[pos] ?? { kind: "end", at: source.length };
  const fail = (reason: string): never => {
    throw new ExpressionSyntaxError(source, reason);
  };
  const isOp = (value: string) => {
    const t = peek();
    return t.kind === "op" && t.value === value;
  };
  const describe = (t: Token) => (t.kind === "end" ? "the end" : `"${"value" in t ? t.value : ""}" at ${t.at + 1}`);

  /** A left-associative chain of `operand (op operand)*` for the binary operators `ops`. */
  const chain = (ops: readonly BinaryOp[], operand: () => Node) => (): Node => {
    let left = operand();
    for (;;) {
      const t = peek();
      if (t.kind !== "op" || !ops.includes(t.value as BinaryOp)) return left;
      pos++;
      left = { type: "binary", op: t.value as BinaryOp, left, right: operand() };
    }
  };
  // Precedence, loosest first: ||, &&, relations, +, unary.
  const parseSum = (): Node => {
    const sum = chain(["+"], parseUnary)();
    if (isOp("-")) fail(`subtraction is not supported (at ${peek().at + 1})`);
    return sum;
  };
  const parseRelation = chain(["==", "!=", "<", "<=", ">", ">="], parseSum);
  const parseAnd = chain(["&&"], parseRelation);
  const parseOr = chain(["||"], parseAnd);
  const parseUnary = (): Node => {
    if (isOp("!")) {
      pos++;
      return { type: "unary", op: "!", operand: parseUnary() };
    }
    if (isOp("-")) {
      pos++;
      return { type: "unary", op: "-", operand: parseUnary() };
    }
    return parsePrimary();
  };
  const parsePrimary = (): Node => {
    const t = peek();
    if (t.kind === "op" && t.value === "(") {
      pos++;
      const inner = parseOr();
      if (!isOp(")")) fail(`expected ")" but found ${describe(peek())}`);
      pos++;
      return inner;
    }
    if (t.kind === "string" || t.kind === "number") {
      pos++;
      return { type: "literal", value: t.value };
    }
    if (t.kind === "ident") {
      pos++;
      if (t.value === "true" || t.value === "false") return { type: "literal", value: t.value === "true" };
      if (t.value === "null") return { type: "literal", value: null };
      if (!roots.includes(t.value)) fail(`unknown name "${t.value}" (use ${roots.map((r) => `${r}.…`).join(" or ")})`);
      const keys: string[] = [];
      while (isOp(".")) {
        pos++;
        const key = peek();
        if (key.kind !== "ident") fail(`expected a field name after "." but found ${describe(key)}`);
        keys.push((key as { value: string }).value);
        pos++;
      }
      if (isOp("(")) fail("function and method calls are not supported");
      if (isOp("[")) fail("indexing is not supported (use dotted field names)");
      return { type: "path", root: t.value, keys };
    }
    return fail(`unexpected ${describe(t)}`);
  };

  const ast = parseOr();
  if (peek().kind !== "end") fail(`unexpected ${describe(peek())}`);
  return {
    source,
    evaluate: (variables) => evaluate(ast, variables),
    matches: (variables) => evaluate(ast, variables) === true,
  };
}

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const fail = (reason: string): never => {
    throw new ExpressionSyntaxError(source, reason);
  };
  while (i < source.length) {
    const ch = source.charAt(i);
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    if (ch === "'" || ch === '"') {
      const start = i;
      let value = "";
      i++;
      for (;;) {
        if (i >= source.length) fail(`unterminated string starting at ${start + 1}`);
        const c = source.charAt(i);
        if (c === ch) break;
        if (c === "\\") {
          const escaped = ESCAPES[source.charAt(i + 1)];
          if (escaped === undefined) return fail(`unsupported escape "\\${source.charAt(i + 1)}" at ${i + 1}`);
          value += escaped;
          i += 2;
          continue;
        }
        value += c;
        i++;
      }
      i++;
      tokens.push({ kind: "string", value, at: start });
      continue;
    }
    const number = /^(?:\d+\.\d+|\d+)(?:[eE][+-]?\d+)?/.exec(source.slice(i));
    if (number) {
      tokens.push({ kind: "number", value: Number(number[0]), at: i });
      i += number[0].length;
      continue;
    }
    const ident = /^[A-Za-z_][A-Za-z0-9_]*/.exec(source.slice(i));
    if (ident) {
      tokens.push({ kind: "ident", value: ident[0], at: i });
      i += ident[0].length;
      continue;
    }
    const op = OPERATORS.find((o) => source.startsWith(o, i));
    if (!op) return fail(`unexpected character "${ch}" at ${i + 1}`);
    tokens.push({ kind: "op", value: op, at: i });
    i += op.length;
  }
  tokens.push({ kind: "end", at: source.length });
  return tokens;
}

function evaluate(node: Node, variables: ExpressionVariables): Value {
  switch (node.type) {
    case "literal":
      return node.value;
    case "path": {
      if (!Object.hasOwn(variables, node.root)) return EVAL_ERROR;
      let value: unknown = variables[node.root];
      for (const key of node.keys) {
        if (!value || typeof value !== "object" || Array.isArray(value) || !Object.hasOwn(value, key)) return EVAL_ERROR;
        value = (value as Record<string, unknown>)[key];
      }
      return value === undefined ? EVAL_ERROR : value;
    }
    case "unary": {
      const operand = evaluate(node.operand, variables);
      if (node.op === "!") return typeof operand === "boolean" ? !operand : EVAL_ERROR;
      return typeof operand === "number" ? -operand : EVAL_ERROR;
    }
    case "binary": {
      if (node.op === "&&" || node.op === "||") return logical(node.op, evaluate(node.left, variables), evaluate(node.right, variables));
      const left = evaluate(node.left, variables);
      const right = evaluate(node.right, variables);
      if (left === EVAL_ERROR || right === EVAL_ERROR) return EVAL_ERROR;
      switch (node.op) {
        case "==":
          return equals(left, right);
        case "!=":
          return !equals(left, right);
        case "+":
          if (typeof left === "number" && typeof right === "number") return left + right;
          if (typeof left === "string" && typeof right === "string") return left + right;
          return EVAL_ERROR;
        default:
          return compare(node.op, left, right);
      }
    }
  }
}

/** CEL's commutative logic: a decisive side wins over an error on the other. */
function logical(op: "&&" | "||", left: Value, right: Value): Value {
  const decisive = op === "&&" ? false : true;
  if (left === decisive || right === decisive) return decisive;
  if (typeof left !== "boolean" || typeof right !== "boolean") return EVAL_ERROR;
  return !decisive;
}

/** Heterogeneous equality (as cel-go): values of different types are simply unequal. */
function equals(left: unknown, right: unknown): boolean {
  if (left === null || right === null) return left === right;
  if (typeof left !== typeof right) return false;
  if (typeof left === "object") return JSON.stringify(left) === JSON.stringify(right);
  return left === right;
}

function compare(op: BinaryOp, left: unknown, right: unknown): Value {
  const comparable = (typeof left === "number" && typeof right === "number") || (typeof left === "string" && typeof right === "string");
  if (!comparable) return EVAL_ERROR;
  const l = left;
  const r = right;
  if (op === "<") return l < r;
  if (op === "<=") return l <= r;
  if (op === ">") return l > r;
  return l >= r;
}
