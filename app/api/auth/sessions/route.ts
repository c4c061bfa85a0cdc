import { withUser } from "@/lib/api/with-user";
import { listSessions } from "@/lib/auth/manage-sessions";

// GET /api/auth/sessions - the user's live sessions
export const GET = withUser(async ({ user, sessionId }) => ({ sessions: await listSessions(user.id, sessionId) }));
