import { describe, expect, it } from "vitest";
import { inferSenderType } from "@/lib/mail/infer-sender-type";
import { parseListUnsubscribe } from "@/lib/mail/parse-list-unsubscribe";
import { createMailProvider } from "@/lib/providers/mail/create-mail-provider";
import { DemoMailProvider } from "@/lib/providers/mail/demo";
import { DemoMailbox } from "@/lib/providers/mail/demo-mailbox";
import { DEMO_COMPANY_DOMAIN } from "@/lib/providers/mail/demo-senders";
import { CursorExpiredError, type MailMessageMeta, type SyncCursor } from "@/lib/providers/mail/types";
import { createManualClock } from "@/tests/fakes/manual-clock";

const NOW = Date.UTC(2025, 2, 14, 15, 37, 20);
const DAY = 86_400_000;

async function listAll(provider: DemoMailProvider, pageSize = 500, since?: Date) {
  const messages: MailMessageMeta[] = [];
  let token: string | null = null;
  let estimated: number | null = null;
  do {
    const page = await provider.listPage(token, { pageSize, since });
    estimated ??= page.estimated_total;
    messages.push(...page.messages);
    token = page.next_page_token;
  } while (token);
  return { messages, estimated };
}

async function drain(provider: DemoMailProvider, cursor: SyncCursor) {
  const messages: MailMessageMeta[] = [];
  let token: string | null = null;
  let final: SyncCursor | null = null;
  do {
    const page = await provider.listChanges(cursor, token);
    messages.push(...page.messages);
    token = page.next_page_token;
    final = page.cursor;
  } while (token);
  return { messages, cursor: final! };
}

describe("demo mailbox", () => {
  it("is a realistic 90-day mailbox: >= 3,000 messages, >= 250 senders, all five sender types", async () => {
    const provider = new DemoMailProvider({ seed: "test-seed", clock: createManualClock(NOW) });
    await expect(provider.verify()).resolves.toEqual({ account_email: expect.stringContaining(`@${DEMO_COMPANY_DOMAIN}`) });
    const { messages, estimated } = await listAll(provider, 700);
    expect(messages.length).toBeGreaterThanOrEqual(3000);
    expect(estimated).toBe(messages.length);
    expect(new Set(messages.map((m) => m.provider_message_id)).size).toBe(messages.length);
    const times = messages.map((m) => m.date.getTime());
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(Math.max(...times)).toBeLessThanOrEqual(NOW);
    expect(Math.min(...times)).toBeGreaterThan(NOW - 90 * DAY);
    expect(Math.min(...times)).toBeLessThan(NOW - 89 * DAY);
    expect(messages.filter((m) => m.date.getTime() > NOW - 3 * 3600_000).length).toBeGreaterThan(0);

    const senders = new Map<string, Set<string>>();
    for (const m of messages) {
      const types = senders.get(m.from_email) ?? new Set<string>();
      types.add(inferSenderType(m));
      senders.set(m.from_email, types);
    }
    expect(senders.size).toBeGreaterThanOrEqual(250);
    // Headers alone classify every sender consistently, and each type is well represented.
    for (const [email, types] of senders) expect([email, types.size]).toEqual([email, 1]);
    const perType: Record<string, number> = {};
    for (const types of senders.values()) for (const t of types) perType[t] = (perType[t] ?? 0) + 1;
    expect(Object.keys(perType).sort()).toEqual(["meeting", "newsletter", "personal", "promotional", "tool"]);
    for (const count of Object.values(perType)) expect(count).toBeGreaterThanOrEqual(10);

    // The generator's intended type and the header inference agree.
    const mailbox = new DemoMailbox("test-seed");
    for (const sender of mailbox.senders) {
      const seen = senders.get(sender.email);
      if (seen) expect([sender.email, [...seen][0]]).toEqual([sender.email, sender.type]);
    }
  });

  it("carries the signals the product needs: unsubscribe styles, calendar invites, colleagues, urgent mail", async () => {
    const { messages } = await listAll(new DemoMailProvider({ seed: "test-seed", clock: createManualClock(NOW) }));
    const unsubscribe = messages
      .filter((m) => m.headers["list-unsubscribe"])
      .map((m) => parseListUnsubscribe(m.headers["list-unsubscribe"], m.headers["list-unsubscribe-post"]));
    expect(unsubscribe.some((u) => u.one_click && u.http?.startsWith("https://"))).toBe(true);
    expect(unsubscribe.some((u) => !u.http && u.mailto)).toBe(true);
    expect(unsubscribe.some((u) => !u.one_click && u.http && u.mailto)).toBe(true);
    expect(messages.some((m) => m.has_calendar && /text\/calendar/.test(m.headers["content-type"] ?? ""))).toBe(true);
    expect(messages.some((m) => m.headers["auto-submitted"] === "auto-generated" && /no-?reply|notification/.test(m.from_email))).toBe(true);
    expect(messages.some((m) => m.headers.precedence === "bulk" && (m.headers["x-mailgun-tag"] || m.headers["x-sg-eid"] || m.headers["x-mc-user"]))).toBe(true);
    expect(messages.filter((m) => m.from_email.endsWith(`@${DEMO_COMPANY_DOMAIN}`)).length).toBeGreaterThan(100);
    for (const urgent of [/Payment failed/, /Production is down/, /^(Re: )?Term sheet/, /Customer escalation/]) {
      expect(messages.some((m) => urgent.test(m.subject))).toBe(true);
    }
    for (const m of messages.slice(0, 50)) {
      expect(m.subject.length).toBeGreaterThan(3);
      expect(m.snippet.length).toBeGreaterThan(10);
      expect(m.subject).not.toMatch(/\{\w+\}/);
      expect(m.snippet).not.toMatch(/\{\w+\}/);
    }
  });

  it("is deterministic: same seed same mailbox, another seed another", async () => {
    const a = await listAll(new DemoMailProvider({ seed: "same", clock: createManualClock(NOW) }), 300);
    const b = await listAll(new DemoMailProvider({ seed: "same", clock: createManualClock(NOW) }), 1000);
    expect(JSON.stringify(b.messages)).toBe(JSON.stringify(a.messages));
    const c = await listAll(new DemoMailProvider({ seed: "other", clock: createManualClock(NOW) }));
    expect(c.messages.map((m) => m.provider_message_id)).not.toEqual(a.messages.map((m) => m.provider_message_id));
  });

  it("keeps receiving mail as time passes, never twice, and nothing new within the same minute", async () => {
    const clock = createManualClock(NOW);
    const provider = new DemoMailProvider({ seed: "test-seed", clock });
    const cursor = await provider.currentCursor();
    const before = await listAll(provider);

    clock.advance(20_000); // same minute
    expect((await drain(provider, cursor)).messages).toEqual([]);

    clock.advance(6 * 3600_000);
    const first = await drain(provider, cursor);
    expect(first.messages.length).toBeGreaterThan(3);
    for (const m of first.messages) {
      expect(m.date.getTime()).toBeGreaterThan(Math.floor(NOW / 60_000) * 60_000);
      expect(m.date.getTime()).toBeLessThanOrEqual(clock.now());
    }
    const again = await drain(provider, first.cursor);
    expect(again.messages).toEqual([]);

    // The new mail is exactly what a full listing now has on top of the earlier one.
    const after = await listAll(provider);
    const earlier = new Set(before.messages.map((m) => m.provider_message_id));
    const added = after.messages.filter((m) => !earlier.has(m.provider_message_id)).map((m) => m.provider_message_id);
    expect(added.sort()).toEqual(first.messages.map((m) => m.provider_message_id).sort());

    // A second instance (another process) sees the same new mail.
    const other = new DemoMailProvider({ seed: "test-seed", clock });
    expect((await drain(other, cursor)).messages.map((m) => m.provider_message_id)).toEqual(first.messages.map((m) => m.provider_message_id));
    await expect(provider.listChanges({ nope: 1 }, null)).rejects.toBeInstanceOf(CursorExpiredError);
  });

  it("lists only mail since a date for the catch-up, and is what the factory builds without credentials", async () => {
    const clock = createManualClock(NOW);
    const provider = createMailProvider({ provider: "demo", credentials: { seed: "test-seed" }, clock });
    if (!(provider instanceof DemoMailProvider)) throw new Error("the factory did not build the demo provider");
    const since = new Date(NOW - 2 * DAY);
    const { messages } = await listAll(provider, 100, since);
    expect(messages.length).toBeGreaterThan(20);
    expect(messages.every((m) => m.date >= since)).toBe(true);
    const all = await listAll(provider);
    expect(messages.length).toBe(all.messages.filter((m) => m.date >= since).length);
    await expect(createMailProvider({ provider: "demo", credentials: {} }).verify()).resolves.toBeTruthy();
  });
});
