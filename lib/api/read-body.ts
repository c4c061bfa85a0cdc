import { AppError } from "@/lib/errors";
import { assertSafeText } from "./safe-text";

export const MAX_BODY_BYTES = 1024 * 1024;

/** The request body as text, refusing more than `limit` bytes whatever Content-Length claims. */
export async function readBodyText(req: Request, limit = MAX_BODY_BYTES): Promise<string> {
  const declared = Number(req.headers.get("content-length") ?? "");
  if (Number.isFinite(declared) && declared > limit) throw tooLarge(limit);
  if (!req.body) return "";
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      throw tooLarge(limit);
    }
    chunks.push(value);
  }
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(Buffer.concat(chunks));
  } catch {
    throw new AppError("VALIDATION_ERROR", "Invalid input data", { _root: ["Body is not valid UTF-8"] });
  }
}

/**
 * The parsed JSON body; an empty body is `undefined`, malformed JSON a VALIDATION_ERROR, and so is
 * any string in it (key or value) holding NUL or an unpaired surrogate (`"\u0000"`, `"\ud800"`).
 */
export async function readJson(req: Request, limit = MAX_BODY_BYTES): Promise<unknown> {
  const text = await readBodyText(req, limit);
  if (text.trim() === "") return undefined;
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new AppError("VALIDATION_ERROR", "Malformed JSON body", { _root: ["Body is not valid JSON"] });
  }
  assertSafeText(body);
  return body;
}

function tooLarge(limit: number): AppError {
  return new AppError("PAYLOAD_TOO_LARGE", `Request body exceeds ${Math.round(limit / 1024)} KB`);
}
