import libmime from "libmime";

/**
 * Parse a raw RFC 5322 header block (as IMAP returns for BODY.PEEK[HEADER.FIELDS ...]) into
 * name/value pairs in order, names lower-cased, folded lines joined. Values stay undecoded: each
 * header has its own decoding rules (addresses, encoded words, URIs).
 */
export function parseHeaderBlock(raw: string | Buffer): { name: string; value: string }[] {
  const parsed = libmime.decodeHeaders(typeof raw === "string" ? raw : raw.toString("utf8"), { skipPrototypeKeys: true });
  const out: { name: string; value: string }[] = [];
  for (const [name, values] of Object.entries(parsed)) {
    if (!name) continue;
    for (const value of values as string[]) out.push({ name, value: String(value).replace(/\r?\n[ \t]*/g, " ").trim() });
  }
  return out;
}
