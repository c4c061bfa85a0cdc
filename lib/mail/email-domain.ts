// Second-level labels under which registrations happen one level deeper (example.co.uk).
const SECOND_LEVEL = new Set(["co", "com", "net", "org", "gov", "edu", "ac", "or", "ne", "go", "ltd", "plc"]);

/** The lower-cased domain of an address ("Ann@Mail.Example.COM" -> "mail.example.com"); "" when none. */
export function emailDomain(email: string): string {
  const at = email.lastIndexOf("@");
  if (at < 0) return "";
  return email
    .slice(at + 1)
    .trim()
    .replace(/[>\].]+$/, "")
    .toLowerCase();
}

/**
 * The organisation's domain, so that "mail.github.com" and "github.com" group together
 * ("em.shop.co.uk" -> "shop.co.uk"). A heuristic, not the public suffix list.
 */
export function baseDomain(domain: string): string {
  const labels = domain.toLowerCase().split(".").filter(Boolean);
  if (labels.length <= 2) return labels.join(".");
  const secondLast = labels[labels.length - 2];
  const keep = labels[labels.length - 1]!.length === 2 && SECOND_LEVEL.has(secondLast!) ? 3 : 2;
  return labels.slice(-keep).join(".");
}
