import libmime from "libmime";

export type ParsedAddress = { name: string; email: string };

/** Decode RFC 2047 encoded words ("=?UTF-8?B?...?=") and collapse whitespace; never throws. */
export function decodeHeaderText(value: string): string {
  let decoded = value;
  try {
    decoded = libmime.decodeWords(value);
  } catch {
    /* a malformed encoded word stays as sent */
  }
  return decoded.replace(/\s+/g, " ").trim();
}

function unquote(name: string): string {
  const trimmed = name.trim();
  if (trimmed.length >= 2 && trimmed.startsWith('"') && trimmed.endsWith('"')) {
    return trimmed.slice(1, -1).replace(/\\(.)/g, "$1");
  }
  return trimmed;
}

/** Split an address-list header on the commas that separate addresses (not those inside quotes, <> or comments). */
export function splitAddressList(value: string): string[] {
  const parts: string[] = [];
  let current = "";
  let quoted = false;
  let angle = 0;
  let comment = 0;
  for (let i = 0; i < value.length; i++) {
    const ch = value.charAt(i);
    if (ch === "\\" && quoted) {
      current += ch + (value[i + 1] ?? "");
      i++;
      continue;
    }
    if (ch === '"' && !comment) quoted = !quoted;
    else if (!quoted && ch === "<") angle++;
    else if (!quoted && ch === ">" && angle > 0) angle--;
    else if (!quoted && ch === "(") comment++;
    else if (!quoted && ch === ")" && comment > 0) comment--;
    if (ch === "," && !quoted && !angle && !comment) {
      if (current.trim()) parts.push(current.trim());
      current = "";
      continue;
    }
    current += ch;
  }
  if (current.trim()) parts.push(current.trim());
  return parts;
}

/**
 * Parse one mailbox ("Name <a@b>", "\"Last, First\" <a@b>", "a@b (Name)", "<a@b>", "a@b") with
 * RFC 2047 encoded words in the display name. The address is lower-cased; "" when there is none.
 */
export function parseAddress(value: string): ParsedAddress {
  const raw = value.replace(/\r?\n[ \t]*/g, " ").trim();
  // A group ("Team: a@b, c@d;") yields its first member.
  const group = raw.match(/^[^"<>@]*?:\s*(.*?);?\s*$/);
  const source = group && !raw.includes("<") && group[1] ? (splitAddressList(group[1])[0] ?? "") : raw;
  const angle = source.match(/^(.*)<([^<>]*)>\s*(?:\((.*)\))?\s*$/);
  if (angle) {
    const email = angle[2]!.trim().toLowerCase();
    const name = decodeHeaderText(unquote(angle[1] || angle[3] || ""));
    return { name, email: email.includes("@") ? email : "" };
  }
  const commented = source.match(/^([^\s()]+@[^\s()]+)\s*\((.*)\)\s*$/);
  if (commented) return { email: commented[1]!.toLowerCase(), name: decodeHeaderText(unquote(commented[2]!)) };
  const bare = source.match(/[^\s<>"(),;:]+@[^\s<>"(),;:]+/);
  if (bare) return { email: bare[0].toLowerCase().replace(/\.$/, ""), name: "" };
  return { email: "", name: decodeHeaderText(unquote(source)) };
}

/** Every mailbox of an address-list header (To, Cc, Reply-To). */
export function parseAddressList(value: string): ParsedAddress[] {
  return splitAddressList(value.replace(/\r?\n[ \t]*/g, " "))
    .map(parseAddress)
    .filter((a) => a.email);
}
