export type ListUnsubscribe = {
  /** The first https (preferred) or http link, if any. */
  http: string | null;
  /** The first mailto: link, if any. */
  mailto: string | null;
  /** RFC 8058: List-Unsubscribe-Post says One-Click and there is an https link to POST to. */
  one_click: boolean;
};

/**
 * Parse RFC 2369 List-Unsubscribe ("<https://...>, <mailto:...>"): only the bracketed URIs count,
 * whitespace inside them is ignored as RFC 2369 allows folding there. One-click (RFC 8058) needs
 * `List-Unsubscribe-Post: List-Unsubscribe=One-Click` and an https URI (never plain http).
 */
export function parseListUnsubscribe(header: string | null | undefined, postHeader?: string | null): ListUnsubscribe {
  const uris = [...(header ?? "").matchAll(/<([^<>]*)>/g)].map((m) => m[1]!.replace(/\s+/g, ""));
  let https: string | null = null;
  let http: string | null = null;
  let mailto: string | null = null;
  for (const uri of uris) {
    const lower = uri.toLowerCase();
    if (lower.startsWith("https://") && !https && isValidUrl(uri)) https = uri;
    else if (lower.startsWith("http://") && !http && isValidUrl(uri)) http = uri;
    else if (lower.startsWith("mailto:") && !mailto && uri.length > 7) mailto = uri;
  }
  const oneClickPost = /(^|[;\s])list-unsubscribe\s*=\s*one-click(\s*$|[;\s])/i.test((postHeader ?? "").trim());
  return { http: https ?? http, mailto, one_click: Boolean(https && oneClickPost) };
}

function isValidUrl(value: string): boolean {
  try {
    return Boolean(new URL(value).hostname);
  } catch {
    return false;
  }
}
