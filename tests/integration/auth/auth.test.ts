import { describe, expect, it } from "vitest";
import { api, registerTestUser } from "@/tests/helpers/api";
import { verificationHooks } from "@/lib/auth/verify-email";

describe("POST /api/auth/register", () => {
  it("creates the account, returns tokens and the user in the envelope", async () => {
    const res = await api("POST", "/api/auth/register", {
      body: { email: "Ada@Example.com", password: "s3cret-enough", name: "Ada", timezone: "Europe/London" },
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      success: true,
      message: expect.any(String),
      data: {
        user: { email: "ada@example.com", name: "Ada", timezone: "Europe/London", email_verified: false, phone_number: null },
        token_type: "Bearer",
        expires_in: 3600,
        access_token: expect.any(String),
        refresh_token: expect.any(String),
      },
    });
    expect(res.body.data.user).not.toHaveProperty("password_hash");
  });

  it("refuses a duplicate email with CONFLICT", async () => {
    const { email } = await registerTestUser();
    const res = await api("POST", "/api/auth/register", { body: { email: email.toUpperCase(), password: "another-password", name: "X" } });
    expect(res.status).toBe(409);
    expect(res.body).toEqual({ success: false, error: { code: "CONFLICT", message: expect.any(String) } });
  });

  it("reports every failing field", async () => {
    const res = await api("POST", "/api/auth/register", { body: { email: "nope", password: "short", name: "", timezone: "Mars/Olympus" } });
    expect(res.status).toBe(400);
    expect(res.body.success).toBe(false);
    expect(res.body.error.code).toBe("VALIDATION_ERROR");
    expect(Object.keys(res.body.error.details).sort()).toEqual(["email", "name", "password", "timezone"]);
  });

  it("answers malformed JSON with 400 and an oversized body with 413", async () => {
    const bad = await api("POST", "/api/auth/register", { rawBody: "{not json", headers: { "content-type": "application/json" } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe("VALIDATION_ERROR");
    const big = await api("POST", "/api/auth/register", { rawBody: JSON.stringify({ name: "x".repeat(1024 * 1024 + 10) }) });
    expect(big.status).toBe(413);
    expect(big.body.error.code).toBe("PAYLOAD_TOO_LARGE");
  });
});

describe("POST /api/auth/login and GET /api/auth/me", () => {
  it("logs in with the right password and refuses the wrong one", async () => {
    const { email, password } = await registerTestUser();
    const good = await api("POST", "/api/auth/login", { body: { email, password } });
    expect(good.status).toBe(200);
    const me = await api("GET", "/api/auth/me", { token: good.body.data.access_token });
    expect(me.status).toBe(200);
    expect(me.body).toEqual({ success: true, data: { user: expect.objectContaining({ email }) } });

    const bad = await api("POST", "/api/auth/login", { body: { email, password: "wrong password" } });
    expect(bad.status).toBe(401);
    expect(bad.body.error).toEqual({ code: "UNAUTHORIZED", message: "Invalid email or password" });
    const unknown = await api("POST", "/api/auth/login", { body: { email: "ghost@example.com", password: "whatever1" } });
    expect(unknown.body.error).toEqual(bad.body.error);
  });

  it("refuses missing, malformed and forged tokens", async () => {
    expect((await api("GET", "/api/auth/me")).status).toBe(401);
    const malformed = await api("GET", "/api/auth/me", { headers: { authorization: "Token abc" } });
    expect(malformed.status).toBe(401);
    expect(malformed.body.error.code).toBe("UNAUTHORIZED");
    const { token } = await registerTestUser();
    const forged = token.slice(0, -4) + (token.endsWith("AAAA") ? "BBBB" : "AAAA");
    expect((await api("GET", "/api/auth/me", { token: forged })).status).toBe(401);
  });
});

describe("logout, sessions and refresh", () => {
  it("logout refuses the same access token and its refresh token afterwards", async () => {
    const { token, refreshToken } = await registerTestUser();
    const out = await api("POST", "/api/auth/logout", { token });
    expect(out.status).toBe(200);
    expect(out.body).toEqual({ success: true, data: null, message: "Logged out" });
    const after = await api("GET", "/api/auth/me", { token });
    expect(after.status).toBe(401);
    expect((await api("POST", "/api/auth/refresh", { body: { refresh_token: refreshToken } })).status).toBe(401);
  });

  it("refresh rotates: the new pair works, the old refresh token is refused and its reuse revokes the session", async () => {
    const { refreshToken } = await registerTestUser();
    const first = await api("POST", "/api/auth/refresh", { body: { refresh_token: refreshToken } });
    expect(first.status).toBe(200);
    const { access_token, refresh_token } = first.body.data;
    expect(refresh_token).not.toBe(refreshToken);
    expect((await api("GET", "/api/auth/me", { token: access_token })).status).toBe(200);

    const reuse = await api("POST", "/api/auth/refresh", { body: { refresh_token: refreshToken } });
    expect(reuse.status).toBe(401);
    expect(reuse.body.error.message).toMatch(/already used/);
    // Reuse means the token leaked: the whole session is gone, including the newest tokens.
    expect((await api("GET", "/api/auth/me", { token: access_token })).status).toBe(401);
    expect((await api("POST", "/api/auth/refresh", { body: { refresh_token } })).status).toBe(401);
  });

  it("validates the refresh body", async () => {
    const res = await api("POST", "/api/auth/refresh", { body: {} });
    expect(res.status).toBe(400);
    expect(res.body.error.details).toHaveProperty("refresh_token");
  });

  it("lists sessions and revokes another one; a second user cannot touch it", async () => {
    const a = await registerTestUser();
    const second = await api("POST", "/api/auth/login", { body: { email: a.email, password: a.password } });
    const list = await api("GET", "/api/auth/sessions", { token: a.token });
    expect(list.status).toBe(200);
    expect(list.body.data.sessions).toHaveLength(2);
    const other = list.body.data.sessions.find((s: { current: boolean }) => !s.current);
    expect(list.body.data.sessions.filter((s: { current: boolean }) => s.current)).toHaveLength(1);

    const b = await registerTestUser();
    const stolen = await api("DELETE", `/api/auth/sessions/${other.id}`, { token: b.token });
    expect(stolen.status).toBe(404);
    expect(stolen.body.error.code).toBe("NOT_FOUND");
    expect((await api("GET", "/api/auth/me", { token: second.body.data.access_token })).status).toBe(200);

    const revoked = await api("DELETE", `/api/auth/sessions/${other.id}`, { token: a.token });
    expect(revoked.status).toBe(200);
    expect((await api("GET", "/api/auth/me", { token: second.body.data.access_token })).status).toBe(401);
    expect((await api("GET", "/api/auth/sessions", { token: a.token })).body.data.sessions).toHaveLength(1);
    expect((await api("DELETE", "/api/auth/sessions/not-a-uuid", { token: a.token })).status).toBe(404);
  });
});

describe("POST /api/auth/verify-email", () => {
  it("verifies with the emailed token once", async () => {
    let captured = "";
    const hook = (_email: string, token: string) => (captured = token);
    verificationHooks.add(hook);
    const { token } = await registerTestUser();
    verificationHooks.delete(hook);
    expect(captured).not.toBe("");
    const res = await api("POST", "/api/auth/verify-email", { body: { token: captured } });
    expect(res.status).toBe(200);
    expect(res.body.data.user.email_verified).toBe(true);
    expect((await api("GET", "/api/auth/me", { token })).body.data.user.email_verified).toBe(true);
    const again = await api("POST", "/api/auth/verify-email", { body: { token: captured } });
    expect(again.status).toBe(400);
    expect(again.body.error.code).toBe("VALIDATION_ERROR");
  });
});
