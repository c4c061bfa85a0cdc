/** Free mailbox providers: two people on gmail.com are not colleagues. */
export const PUBLIC_MAIL_DOMAINS = [
  "gmail.com",
  "googlemail.com",
  "outlook.com",
  "hotmail.com",
  "live.com",
  "yahoo.com",
  "icloud.com",
  "me.com",
  "proton.me",
  "protonmail.com",
  "aol.com",
  "gmx.com",
];

const SET = new Set(PUBLIC_MAIL_DOMAINS);

/** True for a free mailbox provider's domain (case-insensitive). */
export function isPublicMailDomain(domain: string): boolean {
  return SET.has(domain.trim().toLowerCase());
}
