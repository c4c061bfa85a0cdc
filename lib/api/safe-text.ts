import { AppError } from "@/lib/errors";

/** NUL, or a UTF-16 surrogate without its pair: text that no UTF-8 database column can hold. */
// NUL is exactly what this guard looks for.
// eslint-disable-next-line no-control-regex
const UNSAFE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export const UNSAFE_TEXT_MESSAGE = "Must not contain NUL characters or invalid UTF-8";

/** The paths ("updates.0.category", "_root") of every string, key or value, in `value` that is not safe text. */
export function findUnsafeText(value: unknown, path: string[] = [], found: string[] = []): string[] {
  if (typeof value === "string") {
    if (UNSAFE.test(value)) found.push(path.length ? path.join(".") : "_root");
  } else if (Array.isArray(value)) {
    value.forEach((item, i) => findUnsafeText(item, [...path, String(i)], found));
  } else if (value !== null && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) {
      if (UNSAFE.test(key)) found.push([...path, key].join("."));
      findUnsafeText(item, [...path, key], found);
    }
  }
  return found;
}

/**
 * Every text input goes through here before any schema or database sees it (the doors call it on
 * bodies, query strings, path parameters and server-action arguments): NUL and invalid UTF-8 are a
 * VALIDATION_ERROR naming each field, never a database error.
 */
export function assertSafeText(value: unknown): void {
  const paths = findUnsafeText(value);
  if (paths.length) throw unsafeText(paths);
}

/**
 * A raw query string (`?a=1&b=%00`) checked byte by byte: URLSearchParams would quietly turn invalid
 * UTF-8 into U+FFFD, so each name and value is decoded strictly here. A `%` not followed by two hex
 * digits stays a literal `%`, as URLSearchParams reads it.
 */
export function assertSafeQuery(search: string): void {
  const paths: string[] = [];
  for (const pair of search.replace(/^\?/, "").split("&")) {
    if (!pair) continue;
    const eq = pair.indexOf("=");
    const rawName = eq < 0 ? pair : pair.slice(0, eq);
    const name = strictDecode(rawName);
    const value = eq < 0 ? "" : strictDecode(pair.slice(eq + 1));
    if (name === null || value === null || UNSAFE.test(name) || UNSAFE.test(value)) paths.push(name !== null && !UNSAFE.test(name) ? name : "_query");
  }
  if (paths.length) throw unsafeText([...new Set(paths)]);
}

function strictDecode(component: string): string | null {
  try {
    return decodeURIComponent(component.replace(/\+/g, " ").replace(/%(?![0-9a-fA-F]{2})/g, "%25"));
  } catch {
    return null;
  }
}

function unsafeText(paths: string[]): AppError {
  return new AppError("VALIDATION_ERROR", "Invalid input data", Object.fromEntries(paths.map((p) => [p, [UNSAFE_TEXT_MESSAGE]])));
}
