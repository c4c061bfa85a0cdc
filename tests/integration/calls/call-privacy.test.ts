import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { functions } from "@/inngest/functions";
import { getCall } from "@/lib/calls/get-call";
import { listCalls } from "@/lib/calls/list-calls";
import { getDb } from "@/lib/db";
import { callLogs, users } from "@/lib/db/schema";
import { clearQuietHours } from "@/tests/helpers/seed";
import { oauthRedirectUri } from "@/lib/integrations/connect-email-integration";
import { getScanJob } from "@/lib/scan/get-scan-job";
import { createWorkflowRunner } from "@/lib/workflows/embedded-runner";
import { startGmailFake } from "@/tests/fakes/gmail-server";
import { startOpenAiFake } from "@/tests/fakes/openai-server";
import { startTwilioFake } from "@/tests/fakes/twilio-server";
import { api, registerTestUser } from "@/tests/helpers/api";
import { startAppHttpServer } from "@/tests/helpers/app-http-server";
import { useFake } from "@/tests/helpers/use-fake";
import { setEnv } from "@/tests/integration/providers/env-scope";

/*
 * A dont-tell-anyone sender's name, address, subjects and previews never leave the app: every request
 * the LLM/speech fake and the carrier fake receive, everything the carrier heard (calls and a
 * voicemail), every callback answer, the stored calls and every log line are searched for them.
 */

const twilioFake = useFake(() => startTwilioFake());
const gmail = useFake(() => startGmailFake());
const openai = useFake(() => startOpenAiFake());
let app: Awaited<ReturnType<typeof startAppHttpServer>>;
let restoreEnv: () => void;
const POLL = { timeout: 60_000, interval: 100 };

const SECRET = {
  name: "Hannah Quillfeather",
  email: "hq@quietclinic.example",
  subjects: ["Biopsy results are in", "Urgent: payment failed for your treatment"],
  preview: "Your pathology report shows",
};
const needles = [SECRET.name, SECRET.email, "quietclinic", ...SECRET.subjects, SECRET.preview, "Quillfeather"];

beforeAll(async () => {
  app = await startAppHttpServer();
  restoreEnv = setEnv({ APP_URL: app.url });
});
afterAll(async () => {
  restoreEnv();
  await app.stop();
});

describe("a dont-tell-anyone sender", () => {
  it("never reaches the LLM, speech, the carrier, a voicemail, a stored call or a log", { timeout: 240_000 }, async () => {
    const logged: string[] = [];
    for (const level of ["log", "warn", "error", "info", "debug"] as const) {
      vi.spyOn(console, level).mockImplementation((...args: unknown[]) => void logged.push(args.map(String).join(" ")));
    }
    const runner = createWorkflowRunner({ functions, backoff: () => 20, pollIntervalMs: 50 });
    runner.start();
    try {
      const user = await registerTestUser({ name: "Robin Vale" });
      const phone = "+15550509001";
      const db = await getDb();
      await db.update(users).set({ phone_number: phone, phone_confirmed_at: new Date() }).where(eq(users.id, user.user.id));
      await clearQuietHours(user.user.id);
      // Private from the first scan on: a domain rule.
      expect(
        (await api("POST", "/api/rules", { token: user.token, body: { match: { domain: "quietclinic.example" }, category: "dont-tell-anyone" } })).status,
      ).toBe(201);
      expect((await api("POST", "/api/rules", { token: user.token, body: { match: { domain: "ops.example" }, category: "call-me" } })).status).toBe(201);

      const inbox = "robin@gmail.example";
      gmail.addUser(inbox);
      gmail.addMessages(inbox, [
        {
          from: `${SECRET.name} <${SECRET.email}>`,
          subject: "Appointment booked",
          snippet: `${SECRET.preview} earlier results`,
          date: Date.now() - 86_400_000,
        },
        { from: "Ops Pager <pager@ops.example>", subject: "Weekly uptime", snippet: "All green", date: Date.now() - 86_400_000 },
        { from: "Weekly Digest <news@letters.example>", subject: "Issue #12", snippet: "Read more", date: Date.now() - 86_400_000 },
      ]);
      const code = gmail.issueAuthCode(inbox, oauthRedirectUri("google"));
      expect((await api("POST", "/api/integrations/email/connect", { token: user.token, body: { provider: "gmail", auth_token: code } })).status).toBe(201);
      const scan = await api("POST", "/api/senders/scan", { token: user.token });
      await expect.poll(async () => (await getScanJob(user.user.id, scan.body.data.job_id)).status, POLL).toBe("completed");

      // Urgent-looking mail from both; a person answers the first call and a machine the second.
      twilioFake.setScenario(phone, { answer: "human", inputs: [{ digits: "1" }, { digits: "1" }] });
      gmail.addMessages(inbox, [
        { from: `${SECRET.name} <${SECRET.email}>`, subject: SECRET.subjects[0]!, snippet: SECRET.preview, date: Date.now() },
        { from: `${SECRET.name} <${SECRET.email}>`, subject: SECRET.subjects[1]!, snippet: "Card declined, final notice", date: Date.now() },
        { from: "Ops Pager <pager@ops.example>", subject: "Production is down", snippet: "503s since 09:12", date: Date.now() },
      ]);
      const sync = await api("POST", "/api/integrations/email/sync", { token: user.token });
      await expect.poll(async () => (await getScanJob(user.user.id, sync.body.data.job_id)).status, POLL).toBe("completed");
      await expect.poll(async () => (await listCalls(user.user.id, { page: 1, limit: 20 })).calls.some((c) => c.status === "completed"), POLL).toBe(true);

      twilioFake.setScenario(phone, { answer: "machine" });
      gmail.addMessages(inbox, [
        { from: `${SECRET.name} <${SECRET.email}>`, subject: "Urgent: call us back", snippet: SECRET.preview, date: Date.now() + 1000 },
        { from: "Ops Pager <pager@ops.example>", subject: "Still down", snippet: "Escalated", date: Date.now() + 1000 },
      ]);
      const sync2 = await api("POST", "/api/integrations/email/sync", { token: user.token });
      await expect.poll(async () => (await getScanJob(user.user.id, sync2.body.data.job_id)).status, POLL).toBe("completed");
      await expect
        .poll(
          async () =>
            (await listCalls(user.user.id, { page: 1, limit: 20 })).calls
              .filter((c) => c.status === "completed")
              .map((c) => c.outcome)
              .sort(),
          POLL,
        )
        .toEqual(["answered", "voicemail"]);
      await twilioFake.waitForIdle();

      // It did all happen: the LLM, speech and the carrier were used, for the other sender.
      expect(openai.received.some((r) => r.path === "/v1/chat/completions")).toBe(true);
      expect(openai.speechRequests.length).toBeGreaterThan(0);
      expect(twilioFake.calls()).toHaveLength(2);
      const heard = twilioFake.calls().flatMap((c) => c.transcript.map((e) => JSON.stringify(e)));
      expect(openai.speechRequests.some((r) => r.input.includes("Production is down"))).toBe(true);
      expect(heard.join(" ")).toContain('"verb":"play"');

      const calls = await db.select().from(callLogs).where(eq(callLogs.user_id, user.user.id));
      const everything = {
        "OpenAI requests (LLM and speech)": openai.received.map((r) => r.body),
        "Twilio REST requests": twilioFake.restRequests.map((r) => JSON.stringify(r)),
        "what the carrier heard": heard,
        "requests the carrier sent and the app's answers": twilioFake.sent.map((s) => JSON.stringify(s)),
        "stored calls": calls.map((c) => JSON.stringify(c)),
        "the calls API": await Promise.all(calls.map(async (c) => JSON.stringify(await getCall(user.user.id, c.id)))),
        logs: logged,
      };
      for (const [where, texts] of Object.entries(everything)) {
        const haystack = texts.join("\n").toLowerCase();
        for (const needle of needles) expect(haystack.includes(needle.toLowerCase()), `${where} mention "${needle}"`).toBe(false);
      }
    } finally {
      await runner.stop({ graceMs: 5000 });
      vi.restoreAllMocks();
    }
  });
});
