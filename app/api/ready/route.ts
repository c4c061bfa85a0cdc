import { AppError } from "@/lib/errors";
import { withPublic } from "@/lib/api/with-user";
import { checkReadiness } from "@/lib/system/check-readiness";

// GET /api/ready - readiness: configuration, database and migrations (503 when not ready)
export const GET = withPublic(
  async () => {
    const { ready, checks } = await checkReadiness();
    if (!ready) throw new AppError("SERVICE_UNAVAILABLE", "Not ready", { checks });
    return { status: "ready", checks };
  },
  { rateLimit: false },
);
