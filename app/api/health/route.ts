import { withPublic } from "@/lib/api/with-user";

const startedAt = Date.now();

// GET /api/health - liveness: the process answers (no dependencies checked; see /api/ready)
export const GET = withPublic(async () => ({ status: "ok", uptime_seconds: Math.round((Date.now() - startedAt) / 1000), time: new Date().toISOString() }), {
  rateLimit: false,
});
