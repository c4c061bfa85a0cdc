/**
 * Parse a raw RFC 5322 header block (as IMAP returns for BODY.PEEK[HEADER.FIELDS ...]) into
 * name/value pairs in order, names lower-cased, folded lines joined with one space. Values stay
 * undecoded: each header has its own decoding rules (addresses, encoded words, URIs). Lines that
 * are not headers (no colon, or a continuation before any header) are skipped; the block ends at
 * the first empty line.
 */
export function parseHeaderBlock(raw: string | Buffer): { name: string; value: string }[] {
  const text = typeof raw === "string" ? raw : raw.toString("utf8");
  const out: { name: string; value: string }[] = [];
  let name = "";
  let value = "";
  const flush = () => {
    if (name) out.push({ name, value: value.trim() });
    name = "";
    value = "";
  };
  for (const line of text.split(/\r?\n/)) {
    if (!line) break;
    const first = line.charCodeAt(0);
    if (first === 32 || first === 9) {
      if (name) value += ` ${line.trim()}`;
      continue;
    }
    flush();
    const colon = line.indexOf(":");
    if (colon <= 0) continue;
    name = line.slice(0, colon).trim().toLowerCase();
    value = line.slice(colon + 1);
  }
  flush();
  return out;
}
