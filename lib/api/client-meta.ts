import type { ClientMeta } from "@/lib/auth/create-session";

/** The caller's IP (first X-Forwarded-For hop, as Vercel and most proxies set it) and user agent. */
export function clientMeta(req: Request): ClientMeta & { ip: string } {
  const forwarded = req.headers.get("x-forwarded-for")?.split(",")[0]?.trim();
  const ip = forwarded || req.headers.get("x-real-ip")?.trim() || "unknown";
  return { ip: ip.slice(0, 64), userAgent: req.headers.get("user-agent") };
}
