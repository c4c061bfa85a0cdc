import { describe, expect, it } from "vitest";
import { api, registerTestUser } from "@/tests/helpers/api";
import { hasDovecot, startDovecot } from "@/tests/fakes/dovecot";
import { hasRadicale, startRadicale } from "@/tests/fakes/radicale";
import { useFake } from "@/tests/helpers/use-fake";

// Seed 000: POST /api/integrations/{email,calendar}/connect take { provider: string, auth_token: string }
// for every provider. A client written from the seed alone must be able to connect each of them.
describe("seed 000's connect body, { provider, auth_token }, for every provider", () => {
  it.each(["email", "calendar"])("connects the demo %s (the token is accepted and not needed)", async (kind) => {
    const user = await registerTestUser();
    const res = await api("POST", `/api/integrations/${kind}/connect`, { token: user.token, body: { provider: "demo", auth_token: "..." } });
    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({ integration_id: expect.any(String), status: "connected", provider: "demo" });
  });

  it.each(["email", "calendar"])("explains what auth_token must be for %s providers that need a server", async (kind) => {
    const user = await registerTestUser();
    const provider = kind === "email" ? "imap" : "caldav";
    for (const auth_token of ["...", "https://", `${provider === "imap" ? "imaps" : "https"}://only-a-host.example`]) {
      const res = await api("POST", `/api/integrations/${kind}/connect`, { token: user.token, body: { provider, auth_token } });
      expect(res.status).toBe(400);
      expect(res.body.error).toMatchObject({ code: "VALIDATION_ERROR", details: { auth_token: [expect.stringMatching(/auth_token must/)] } });
    }
    const both = await api("POST", `/api/integrations/${kind}/connect`, {
      token: user.token,
      body: { provider, auth_token: `${provider === "imap" ? "imaps" : "https"}://u:p@host.example`, username: "u" },
    });
    expect(both.body.error.details.auth_token).toEqual(["Send auth_token or username, not both"]);
  });

  describe.skipIf(!hasDovecot() && !process.env.CI)("IMAP: auth_token is an imap(s):// URL carrying the login", () => {
    const dovecot = useFake(async () =>
      Object.assign(await startDovecot({ users: [{ username: "seed@imap.test", password: "p@ss word" }] }), { env: { ALLOW_PRIVATE_NETWORK: "1" } }),
    );

    it("connects, and a wrong password in the URL is refused like a wrong password field", async () => {
      const user = await registerTestUser();
      const { host, port, username, password } = dovecot.credentials("seed@imap.test");
      const url = (pass: string) => `imap://${encodeURIComponent(username)}:${encodeURIComponent(pass)}@${host}:${port}`;
      const wrong = await api("POST", "/api/integrations/email/connect", { token: user.token, body: { provider: "imap", auth_token: url("nope") } });
      expect(wrong.status).toBe(400);
      expect(wrong.body.error.message).toMatch(/IMAP server rejected the credentials/);
      const res = await api("POST", "/api/integrations/email/connect", { token: user.token, body: { provider: "imap", auth_token: url(password) } });
      expect(res.status).toBe(201);
      expect(res.body.data).toMatchObject({ provider: "imap", account_email: "seed@imap.test" });
    });
  });

  describe.skipIf(!hasRadicale() && !process.env.CI)("CalDAV: auth_token is the server's URL with the login in it", () => {
    const radicale = useFake(async () => {
      const server = await startRadicale();
      await server.createCalendar("work");
      return Object.assign(server, { env: { ALLOW_PRIVATE_NETWORK: "1" } });
    });

    it("connects with the credentials taken out of the URL", async () => {
      const user = await registerTestUser();
      const { url, username, password } = radicale.credentials();
      const withLogin = new URL(url);
      withLogin.username = encodeURIComponent(username);
      withLogin.password = encodeURIComponent(password);
      const res = await api("POST", "/api/integrations/calendar/connect", { token: user.token, body: { provider: "caldav", auth_token: withLogin.href } });
      expect(res.status).toBe(201);
      expect(res.body.data).toMatchObject({ provider: "caldav", status: "connected" });
      expect(JSON.stringify(res.body)).not.toContain(password);
    });
  });
});
