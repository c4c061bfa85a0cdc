import { describe, expect, it } from "vitest";
import { registerTestUser } from "@/tests/helpers/api";
import { setEnv } from "@/tests/integration/providers/env-scope";
import { AppError } from "@/lib/errors";
import { UNSAFE_TEXT_MESSAGE } from "@/lib/api/safe-text";
import { createWithAction } from "@/lib/api/with-action";
import { loadActiveSession } from "@/lib/auth/authenticate-request";
import { verifyAccessToken } from "@/lib/auth/tokens";

/** The server actions' door over a real session of a freshly registered user (what getCurrentUser finds from the cookie). */
async function signedIn() {
  const user = await registerTestUser();
  const claims = await verifyAccessToken(user.token);
  const withAction = createWithAction(async () => (await loadActiveSession(claims!.userId, claims!.sessionId))!);
  return { user, withAction };
}

describe("withAction, the server actions' door", () => {
  it("hands the action the signed-in user and its session, and its result to the browser", async () => {
    const { user, withAction } = await signedIn();
    const whoAmI = withAction("whoAmIAction", async ({ user: u, sessionId }, greeting: string) => `${greeting} ${u.email} (${typeof sessionId})`);
    expect(await whoAmI("hello")).toEqual({ ok: true, data: `hello ${user.email} (string)` });
  });

  it("maps errors as the API does: an AppError's message and fields, anything else 'Something went wrong'", async () => {
    const { withAction } = await signedIn();
    const conflict = withAction("conflictAction", async () => {
      throw new AppError("VALIDATION_ERROR", "Type your email address exactly to confirm", { confirmation: ["Does not match"] });
    });
    expect(await conflict()).toEqual({
      ok: false,
      code: "VALIDATION_ERROR",
      error: "Type your email address exactly to confirm",
      fieldErrors: { confirmation: ["Does not match"] },
    });
    const crash = withAction("crashAction", async () => {
      throw new Error("connection string postgres://secret@db leaked");
    });
    expect(await crash()).toEqual({ ok: false, code: "INTERNAL_ERROR", error: "Something went wrong" });
  });

  it("refuses NUL and unpaired surrogates in any argument before the action runs", async () => {
    const { withAction } = await signedIn();
    let ran = false;
    const save = withAction("saveAction", async (_ctx, _id: string, _body: { name: string }) => {
      ran = true;
    });
    expect(await save("ok", { name: "a\u0000b" })).toMatchObject({ ok: false, code: "VALIDATION_ERROR", fieldErrors: { "1.name": [UNSAFE_TEXT_MESSAGE] } });
    expect(await save("\ud800", { name: "fine" })).toMatchObject({ ok: false, code: "VALIDATION_ERROR", fieldErrors: { "0": [UNSAFE_TEXT_MESSAGE] } });
    expect(ran).toBe(false);
  });

  it("counts against the user's API rate limit, as withUser does", async () => {
    const restore = setEnv({ RATE_LIMIT_API_PER_MINUTE: "3" });
    try {
      const { withAction } = await signedIn();
      const ping = withAction("pingAction", async () => "pong");
      const results = [];
      for (let i = 0; i < 4; i++) results.push(await ping());
      expect(results.slice(0, 3)).toEqual([
        { ok: true, data: "pong" },
        { ok: true, data: "pong" },
        { ok: true, data: "pong" },
      ]);
      expect(results[3]).toMatchObject({ ok: false, code: "RATE_LIMIT_EXCEEDED" });
    } finally {
      restore();
    }
  });
});
