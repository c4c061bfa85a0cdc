import { describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { api, registerTestUser } from "@/tests/helpers/api";
import { getDb } from "@/lib/db";
import { users } from "@/lib/db/schema";

describe("GET/PUT /api/users/profile", () => {
  it("returns and updates the profile", async () => {
    const user = await registerTestUser();
    const get = await api("GET", "/api/users/profile", { token: user.token });
    expect(get.status).toBe(200);
    expect(get.body.data.user).toMatchObject({ id: user.user.id, timezone: "UTC", phone_number: null });
    const put = await api("PUT", "/api/users/profile", {
      token: user.token,
      body: { name: "Ada Lovelace", timezone: "America/Los_Angeles", phone_number: "+14155550123" },
    });
    expect(put.status).toBe(200);
    expect(put.body.data.user).toMatchObject({ name: "Ada Lovelace", timezone: "America/Los_Angeles", phone_number: "+14155550123" });
    const cleared = await api("PUT", "/api/users/profile", { token: user.token, body: { phone_number: null } });
    expect(cleared.body.data.user.phone_number).toBeNull();
  });

  it("rejects a fake time zone, a non-E.164 number and unknown fields, changing nothing", async () => {
    const user = await registerTestUser();
    const res = await api("PUT", "/api/users/profile", {
      token: user.token,
      body: { timezone: "EST5EDT-ish", phone_number: "555-0123", email: "new@example.com" },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("VALIDATION_ERROR");
    expect(res.body.error.details).toHaveProperty("timezone");
    expect(res.body.error.details).toHaveProperty("phone_number");
    for (const timezone of ["+02:00", "CEST", "Europe/Atlantis"]) {
      expect((await api("PUT", "/api/users/profile", { token: user.token, body: { timezone } })).status).toBe(400);
    }
    expect((await api("GET", "/api/users/profile", { token: user.token })).body.data.user).toMatchObject({ timezone: "UTC", phone_number: null });
    expect((await api("PUT", "/api/users/profile", { token: user.token, body: {} })).status).toBe(400);
  });

  it("normalises the phone number as the settings form does, and says what is wrong with one it cannot read", async () => {
    const user = await registerTestUser();
    const put = (phone_number: string | null) => api("PUT", "/api/users/profile", { token: user.token, body: { phone_number } });
    expect((await put("+1 (415) 555-0123")).body.data.user.phone_number).toBe("+14155550123");
    expect((await put("+44 (0)20 7946 0958")).body.data.user.phone_number).toBe("+442079460958");
    const national = await put("0612345678");
    expect(national.status).toBe(400);
    expect(national.body.error).toMatchObject({ code: "VALIDATION_ERROR", details: { phone_number: ["Must be an E.164 phone number such as +14155550123"] } });
    expect((await put("+1 415 CALL NOW")).body.error.details.phone_number).toEqual([
      "Must contain only digits after the + (spaces, dashes, dots and brackets are fine)",
    ]);
    expect((await api("GET", "/api/users/profile", { token: user.token })).body.data.user.phone_number).toBe("+442079460958");
    expect((await put("")).body.data.user.phone_number).toBeNull();
  });

  it("needs authentication", async () => {
    expect((await api("GET", "/api/users/profile")).status).toBe(401);
    expect((await api("PUT", "/api/users/profile", { body: { name: "x" } })).status).toBe(401);
    expect((await api("DELETE", "/api/users/account")).status).toBe(401);
  });
});

describe("DELETE /api/users/account", () => {
  it("soft-deletes now: tokens and login are refused at once, purge scheduled after the grace period", async () => {
    const user = await registerTestUser();
    const second = await api("POST", "/api/auth/login", { body: { email: user.email, password: user.password } });
    const res = await api("DELETE", "/api/users/account", { token: user.token });
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual({ deleted_at: expect.any(String), purge_after: expect.any(String) });
    const graceMs = new Date(res.body.data.purge_after).getTime() - new Date(res.body.data.deleted_at).getTime();
    expect(graceMs).toBe(30 * 86_400_000);

    expect((await api("GET", "/api/auth/me", { token: user.token })).status).toBe(401);
    expect((await api("GET", "/api/auth/me", { token: second.body.data.access_token })).status).toBe(401);
    expect((await api("POST", "/api/auth/refresh", { body: { refresh_token: user.refreshToken } })).status).toBe(401);
    const login = await api("POST", "/api/auth/login", { body: { email: user.email, password: user.password } });
    expect(login.status).toBe(401);

    const db = await getDb();
    const [row] = await db.select().from(users).where(eq(users.id, user.user.id));
    expect(row!.deleted_at).not.toBeNull();
    // The email can be used for a new account.
    expect((await api("POST", "/api/auth/register", { body: { email: user.email, password: "brand-new-pass", name: "Again" } })).status).toBe(201);
  });
});
