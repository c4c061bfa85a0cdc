import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  buildMicrosoftConsentUrl,
  exchangeMicrosoftAuthCode,
  microsoftCredentialsFromRefreshToken,
  type OutlookCredentials,
} from "@/lib/providers/mail/microsoft-oauth";
import { OutlookMailProvider } from "@/lib/providers/mail/outlook";
import { CursorExpiredError, MailProviderError, type MailMessageMeta } from "@/lib/providers/mail/types";
import { startGraphFake, type FakeGraphMessageInput, type GraphFake } from "@/tests/fakes/graph-server";
import { createManualClock } from "@/tests/fakes/manual-clock";
import { closedPort, setEnv } from "./env-scope";

const NOW = Date.now();

function sample(i: number, overrides: Partial<FakeGraphMessageInput> = {}): FakeGraphMessageInput {
  return {
    fromName: `Sender ${i % 30}`,
    fromAddress: `sender${i % 30}@Contoso${i % 5}.com`,
    subject: `Message ${i}`,
    receivedAt: NOW - (i + 10) * 3600_000,
    ...overrides,
  };
}

async function listAll(provider: OutlookMailProvider, pageSize: number) {
  const messages: MailMessageMeta[] = [];
  let token: string | null = null;
  let pages = 0;
  let estimated: number | null = null;
  do {
    const page = await provider.listPage(token, { pageSize });
    estimated ??= page.estimated_total;
    messages.push(...page.messages);
    token = page.next_page_token;
    pages++;
  } while (token);
  return { messages, pages, estimated };
}

async function drainChanges(provider: OutlookMailProvider, cursor: Record<string, unknown>) {
  const messages: MailMessageMeta[] = [];
  let token: string | null = null;
  let final: Record<string, unknown> | null = null;
  do {
    const page = await provider.listChanges(cursor, token);
    messages.push(...page.messages);
    token = page.next_page_token;
    final = page.cursor;
  } while (token);
  return { messages, cursor: final! };
}

describe("outlook provider against the loopback Graph", () => {
  let fake: GraphFake;
  let restoreEnv: () => void;
  let credentials: OutlookCredentials;
  const persist = (c: OutlookCredentials) => {
    credentials = c;
  };

  beforeAll(async () => {
    fake = await startGraphFake();
    restoreEnv = setEnv(fake.env);
    credentials = { refresh_token: fake.setUser({ mail: "Grace@Contoso.com", displayName: "Grace Hopper" }).refreshToken };
    fake.addMessages(Array.from({ length: 120 }, (_, i) => sample(i)));
    fake.addMessages([
      sample(500, { subject: "Invitation: Design review", odataType: "#microsoft.graph.eventMessageRequest", receivedAt: NOW - 2 * 3600_000 }),
      sample(501, { subject: "unsent", folder: "drafts", receivedAt: NOW - 3 * 3600_000 }),
      sample(502, { subject: "I wrote this", fromAddress: "grace@contoso.com", folder: "sentitems", receivedAt: NOW - 4 * 3600_000 }),
    ]);
  });

  afterAll(async () => {
    restoreEnv();
    await fake.stop();
  });

  it("verifies and lists every message page by page with envelope metadata", async () => {
    const provider = new OutlookMailProvider({ credentials, onCredentialsUpdate: persist });
    await expect(provider.verify()).resolves.toEqual({ account_email: "grace@contoso.com" });
    // The rotated refresh token reached the caller.
    expect(credentials.access_token).toBeTruthy();

    const { messages, pages, estimated } = await listAll(provider, 25);
    expect(pages).toBe(5);
    expect(estimated).toBe(123);
    expect(messages).toHaveLength(121); // the draft and the user's sent mail are not mail from a sender
    expect(new Set(messages.map((m) => m.provider_message_id)).size).toBe(121);
    expect(messages.some((m) => m.subject === "I wrote this")).toBe(false);
    const dates = messages.map((m) => m.date.getTime());
    expect(dates).toEqual([...dates].sort((a, b) => b - a));
    const invite = messages[0];
    expect(invite).toMatchObject({
      subject: "Invitation: Design review",
      has_calendar: true,
      from_email: "sender20@contoso0.com",
      from_name: "Sender 20",
      snippet: "",
    });
    expect(invite!.to).toBe("Grace@Contoso.com");
    expect(messages[1]!.has_calendar).toBe(false);
    const first = fake.stats.paths.find((p) => p.includes("/me/messages?"))!;
    expect(decodeURIComponent(first)).toContain(
      "$select=id,conversationId,subject,receivedDateTime,from,sender,toRecipients,replyTo,isDraft,inferenceClassification,parentFolderId",
    );
    // Every page, next links included, asked for the page size and for immutable ids; so did every other request.
    const listing = fake.stats.log.filter((l) => l.path.startsWith("/v1.0/me/messages"));
    expect(listing).toHaveLength(5);
    for (const request of listing) expect(request.prefer).toBe('odata.maxpagesize=25, IdType="ImmutableId"');
    expect(fake.stats.log.filter((l) => !l.prefer.includes('IdType="ImmutableId"'))).toEqual([]);
  });

  it("pages the listing by Prefer: odata.maxpagesize, up to Graph's 1000", async () => {
    const provider = new OutlookMailProvider({ credentials, onCredentialsUpdate: persist });
    expect((await listAll(provider, 40)).pages).toBe(4); // 123 messages
    const before = fake.stats.log.length;
    const { pages, messages } = await listAll(provider, 5000);
    expect(pages).toBe(1);
    expect(messages).toHaveLength(121);
    expect(fake.stats.log.slice(before).find((l) => l.path.startsWith("/v1.0/me/messages"))?.prefer).toBe('odata.maxpagesize=1000, IdType="ImmutableId"');

    // The fake itself: the preference bounds a page below $top, as Graph's does.
    const raw = async (prefer?: string) => {
      const res = await fetch(`${fake.url}/v1.0/me/messages?$select=id&$top=50`, {
        headers: { authorization: `Bearer ${credentials.access_token}`, ...(prefer && { prefer }) },
      });
      return { size: ((await res.json()) as { value: unknown[] }).value.length, applied: res.headers.get("preference-applied") };
    };
    expect(await raw()).toEqual({ size: 50, applied: null });
    expect(await raw("odata.maxpagesize=7")).toEqual({ size: 7, applied: "odata.maxpagesize=7" });
  });

  it("syncs new inbox mail by delta: once, never twice, and not read-state changes", async () => {
    const provider = new OutlookMailProvider({ credentials, onCredentialsUpdate: persist });
    const cursor = await provider.currentCursor();
    const inbox = fake.folderId("inbox");
    // The mailbox has no folders of the user's own: inbox and archive, by id.
    expect(Object.keys((cursor as { delta_links: object }).delta_links).sort()).toEqual([inbox, fake.folderId("archive")].sort());

    const none = await drainChanges(provider, cursor);
    expect(none.messages).toEqual([]);

    const ids = fake.addMessages(Array.from({ length: 23 }, (_, i) => sample(1000 + i, { subject: `New ${i}`, receivedAt: Date.now() + i })));
    fake.addMessages([sample(2000, { subject: "sent by me", folder: "sentitems", receivedAt: Date.now() })]);
    fake.markRead(ids[0]!);
    const before = fake.stats.log.length;
    const first = await drainChanges(provider, none.cursor);
    expect(first.messages.map((m) => m.subject).sort()).toEqual(Array.from({ length: 23 }, (_, i) => `New ${i}`).sort());
    expect(first.messages.map((m) => m.provider_message_id).sort()).toEqual([...ids].sort());
    // One page of up to 100 (Prefer: odata.maxpagesize) where Graph's default of 10 would take three.
    const inboxDelta = fake.stats.log.slice(before).filter((l) => l.path.includes(`/mailFolders/${encodeURIComponent(inbox)}/messages/delta`));
    expect(inboxDelta).toHaveLength(1);
    expect(inboxDelta[0]!.prefer).toBe('odata.maxpagesize=100, IdType="ImmutableId"');

    fake.markRead(ids[1]!);
    fake.deleteMessage(ids[2]!);
    const second = await drainChanges(provider, first.cursor);
    expect(second.messages).toEqual([]);
    expect(fake.stats.paths.some((p) => p.includes("changeType=created"))).toBe(true);
  });

  it("turns an expired delta token (410 SyncStateNotFound) into CursorExpiredError", async () => {
    const provider = new OutlookMailProvider({ credentials, onCredentialsUpdate: persist });
    const cursor = await provider.currentCursor();
    fake.expireDeltaTokens();
    await expect(provider.listChanges(cursor, null)).rejects.toBeInstanceOf(CursorExpiredError);
    await expect(provider.listChanges({}, null)).rejects.toBeInstanceOf(CursorExpiredError);
  });

  it("keeps at most 4 requests in flight per mailbox", async () => {
    const slow = await startGraphFake({ latencyMs: 25 });
    const restore = setEnv(slow.env);
    try {
      const rt = slow.setUser({ mail: "busy@contoso.com", displayName: "Busy" }).refreshToken;
      slow.addMessages(Array.from({ length: 40 }, (_, i) => sample(i)));
      let stored: OutlookCredentials = { refresh_token: rt };
      const a = new OutlookMailProvider({ credentials: stored, mailboxKey: "integration-busy", onCredentialsUpdate: (c) => void (stored = c) });
      await a.verify();
      const token = (await a.listPage(null, { pageSize: 5 })).next_page_token!;
      // A second instance for the same mailbox (a scan and a sync at once) shares the gate.
      const b = new OutlookMailProvider({ credentials: stored, mailboxKey: "integration-busy" });
      const results = await Promise.all([
        ...Array.from({ length: 8 }, () => a.listPage(token, { pageSize: 5 })),
        ...Array.from({ length: 8 }, () => b.verify()),
      ]);
      expect(results).toHaveLength(16);
      expect(slow.stats.maxInFlight).toBeLessThanOrEqual(4);
      expect(slow.stats.maxInFlight).toBeGreaterThan(1);
      expect(slow.stats.throttled).toBe(0);
    } finally {
      restore();
      await slow.stop();
    }
  });

  it("waits out 429 Retry-After before trying again", async () => {
    const clock = createManualClock(Date.now());
    const timed = await startGraphFake({ clock });
    const restore = setEnv(timed.env);
    try {
      const rt = timed.setUser({ mail: "t@contoso.com", displayName: "T" }).refreshToken;
      timed.addMessages(Array.from({ length: 30 }, (_, i) => sample(i)));
      const provider = new OutlookMailProvider({ credentials: { refresh_token: rt }, clock });
      await provider.verify();
      timed.throttleNext(2, 9);
      const start = clock.now();
      const { messages } = await listAll(provider, 10);
      expect(messages).toHaveLength(30);
      expect(timed.stats.throttled).toBe(2);
      expect(timed.stats.earlyRetries).toBe(0);
      expect(clock.now() - start).toBeGreaterThanOrEqual(18_000);
    } finally {
      restore();
      await timed.stop();
    }
  });

  it("maps bad credentials to auth and an unreachable Graph to unavailable", async () => {
    const bad = new OutlookMailProvider({ credentials: { refresh_token: "M.C1_not-valid" } });
    const err = await bad.verify().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MailProviderError);
    expect((err as MailProviderError).kind).toBe("auth");
    // An access token Graph no longer accepts and a refresh token that is spent.
    const revoked = new OutlookMailProvider({ credentials: { refresh_token: "M.C1_spent", access_token: "eyJ.bogus", expires_at: Date.now() + 3600_000 } });
    await expect(revoked.verify()).rejects.toMatchObject({ kind: "auth" });

    const port = await closedPort();
    const restore = setEnv({ GRAPH_API_BASE_URL: `http://127.0.0.1:${port}` });
    try {
      const unreachable = new OutlookMailProvider({ credentials, onCredentialsUpdate: persist });
      await expect(unreachable.verify()).rejects.toMatchObject({ name: "MailProviderError", kind: "unavailable" });
    } finally {
      restore();
    }
    const restoreLogin = setEnv({ MICROSOFT_LOGIN_BASE_URL: `http://127.0.0.1:${port}` });
    try {
      await expect(microsoftCredentialsFromRefreshToken(credentials.refresh_token)).rejects.toMatchObject({ kind: "unavailable" });
    } finally {
      restoreLogin();
    }
  });

  it("refuses to follow a page link to another host (it would carry our token)", async () => {
    const provider = new OutlookMailProvider({ credentials, onCredentialsUpdate: persist });
    await expect(provider.listPage("https://evil.example/v1.0/me/messages?$skip=10")).rejects.toMatchObject({ kind: "invalid_request" });
  });

  it("runs the OAuth flow: consent URL, code exchange, refresh token input", async () => {
    const redirectUri = "http://localhost:3000/api/integrations/outlook/callback";
    const consent = new URL(buildMicrosoftConsentUrl({ state: "st-9", redirectUri }));
    expect(consent.origin + consent.pathname).toBe(`${fake.url}/common/oauth2/v2.0/authorize`);
    expect(consent.searchParams.get("scope")).toBe("offline_access User.Read Mail.ReadBasic");
    expect(consent.searchParams.get("client_id")).toBe(fake.clientId);
    const redirect = await fetch(consent, { redirect: "manual" });
    const back = new URL(redirect.headers.get("location")!);
    expect(back.searchParams.get("state")).toBe("st-9");
    const fresh = await exchangeMicrosoftAuthCode({ code: back.searchParams.get("code")!, redirectUri });
    expect(fresh.refresh_token).toBeTruthy();
    await expect(exchangeMicrosoftAuthCode({ code: back.searchParams.get("code")!, redirectUri })).rejects.toMatchObject({ kind: "auth" });
    const viaToken = await microsoftCredentialsFromRefreshToken(fresh.refresh_token);
    expect(viaToken.refresh_token).not.toBe(fresh.refresh_token);
    await expect(new OutlookMailProvider({ credentials: viaToken }).verify()).resolves.toEqual({ account_email: "grace@contoso.com" });
  });
});

describe("outlook provider: every folder that receives mail", () => {
  let fake: GraphFake;
  let restoreEnv: () => void;
  let credentials: OutlookCredentials;
  const persist = (c: OutlookCredentials) => {
    credentials = c;
  };
  const provider = () => new OutlookMailProvider({ credentials, onCredentialsUpdate: persist });
  const folders: Record<string, string> = {};
  const linksOf = (cursor: Record<string, unknown>) => (cursor as { delta_links: Record<string, string> }).delta_links;
  const mail = (subject: string, folder: string, overrides: Partial<FakeGraphMessageInput> = {}): FakeGraphMessageInput => ({
    fromName: "Rule Filed",
    fromAddress: "news@shop.example",
    subject,
    receivedAt: Date.now(),
    folder,
    ...overrides,
  });

  beforeAll(async () => {
    fake = await startGraphFake();
    restoreEnv = setEnv(fake.env);
    credentials = { refresh_token: fake.setUser({ mail: "ada@contoso.com", displayName: "Ada" }).refreshToken };
    folders.projects = fake.addFolder("Projects");
    folders.clients = fake.addFolder("Clients", folders.projects);
    folders.newsletters = fake.addFolder("Newsletters", "inbox");
    folders.deletedFolder = fake.addFolder("Old project", "deleteditems");
    folders.sentArchive = fake.addFolder("Sent 2024", "sentitems");
    const old = (subject: string, folder: string) => mail(subject, folder, { receivedAt: NOW - 30 * 86_400_000 });
    fake.addMessages([
      old("old inbox", "inbox"),
      old("old archive", "archive"),
      old("old projects", folders.projects),
      old("old clients", folders.clients),
      old("old newsletter", folders.newsletters),
      old("old junk", "junkemail"),
      old("old deleted", "deleteditems"),
      old("old in a deleted folder", folders.deletedFolder),
      old("old sent", "sentitems"),
      old("old draft", "drafts"),
      old("old conflict", "conflicts"),
    ]);
  });

  afterAll(async () => {
    restoreEnv();
    await fake.stop();
  });

  it("scans and syncs the same folders: inbox, archive and the user's own, not drafts, sent, junk or deleted items", async () => {
    const cursor = await provider().currentCursor();
    expect(Object.keys(linksOf(cursor)).sort()).toEqual(
      [fake.folderId("inbox"), fake.folderId("archive"), folders.projects, folders.clients, folders.newsletters].sort(),
    );

    const { messages } = await listAll(provider(), 100);
    expect(messages.map((m) => m.subject).sort()).toEqual(["old archive", "old clients", "old inbox", "old newsletter", "old projects"]);
  });

  it("reports mail that rules file into the user's folders after the cursor, once, and nothing from skipped folders", async () => {
    const p = provider();
    const cursor = await p.currentCursor();
    fake.addMessages([
      mail("new newsletter", folders.newsletters!),
      mail("new client mail", folders.clients!),
      mail("new archived", "archive"),
      mail("new junk", "junkemail"),
      mail("new deleted", "deleteditems"),
      mail("new in a deleted folder", folders.deletedFolder!),
      mail("new draft", "drafts"),
      mail("new sent", "sentitems"),
      mail("new sent, filed", folders.sentArchive!),
      mail("new chat", "conversationhistory"),
      mail("new conflict", "conflicts"),
      mail("my own note", folders.projects!, { fromAddress: "Ada@Contoso.com" }),
    ]);
    const first = await drainChanges(p, cursor);
    expect(first.messages.map((m) => m.subject).sort()).toEqual(["new archived", "new client mail", "new newsletter"]);
    expect((await drainChanges(p, first.cursor)).messages).toEqual([]);
  });

  it("picks up a folder created after the cursor, with the mail already in it", async () => {
    const p = provider();
    const cursor = await p.currentCursor();
    const receipts = fake.addFolder("Receipts");
    const invoices = fake.addFolder("Invoices", folders.newsletters);
    const spamSub = fake.addFolder("Phishing", "junkemail");
    fake.addMessages([mail("first receipt", receipts), mail("first invoice", invoices), mail("phish", spamSub)]);

    const first = await drainChanges(p, cursor);
    expect(first.messages.map((m) => m.subject).sort()).toEqual(["first invoice", "first receipt"]);
    expect(Object.keys(linksOf(first.cursor))).toEqual(expect.arrayContaining([receipts, invoices]));
    expect(Object.keys(linksOf(first.cursor))).not.toContain(spamSub);

    // Next round: from their delta links, nothing twice; and no new top-level folder, so no well-known look-ups.
    fake.addMessages([mail("second receipt", receipts)]);
    const before = fake.stats.log.length;
    const second = await drainChanges(p, first.cursor);
    expect(second.messages.map((m) => m.subject)).toEqual(["second receipt"]);
    expect(fake.stats.log.slice(before).filter((l) => /\/mailFolders\/[a-z]+\?/.test(l.path))).toEqual([]);
  });

  it("keeps a message's id when it moves to another folder (immutable ids), so it is stored once", async () => {
    const p = provider();
    const cursor = await p.currentCursor();
    const [id] = fake.addMessages([mail("move me", "inbox")]);
    const first = await drainChanges(p, cursor);
    expect(first.messages.map((m) => [m.subject, m.provider_message_id])).toEqual([["move me", id]]);

    const raw = async (prefer?: string) => {
      const res = await fetch(`${fake.url}/v1.0/me/messages?$select=id,subject&$top=1000`, {
        headers: { authorization: `Bearer ${credentials.access_token}`, ...(prefer && { prefer }) },
      });
      return ((await res.json()) as { value: { id: string; subject: string }[] }).value.find((m) => m.subject === "move me")!.id;
    };
    const defaultIdBefore = await raw();
    fake.moveMessage(id!, folders.projects!);
    // Graph's default ids change on a move; immutable ids do not.
    expect(await raw()).not.toBe(defaultIdBefore);
    expect(await raw('IdType="ImmutableId"')).toBe(id);

    // The move shows as new mail in Projects, under the id already stored; a scan lists it under it too.
    const second = await drainChanges(p, first.cursor);
    expect(second.messages.map((m) => [m.subject, m.provider_message_id])).toEqual([["move me", id]]);
    expect((await listAll(p, 100)).messages.filter((m) => m.subject === "move me").map((m) => m.provider_message_id)).toEqual([id]);
  });

  it("drops a followed folder deleted between rounds and syncs the others", async () => {
    const p = provider();
    const temp = fake.addFolder("Temp");
    const cursor = await p.currentCursor();
    expect(Object.keys(linksOf(cursor))).toContain(temp);
    fake.deleteFolder(temp);
    fake.addMessages([mail("after the delete", "inbox")]);
    const round = await drainChanges(p, cursor);
    expect(round.messages.map((m) => m.subject)).toEqual(["after the delete"]);
    expect(Object.keys(linksOf(round.cursor))).not.toContain(temp);
  });

  it("asks a cursor from before immutable ids for a resync that forgets the stored ids", async () => {
    const p = provider();
    await p.verify();
    // What the inbox-only sync stored: the inbox's delta link under the well-known name, ids as Graph's default.
    const since = new Date(Date.now() - 5 * 60_000).toISOString();
    const select = "id,conversationId,subject,receivedDateTime,from,sender,toRecipients,replyTo,isDraft,inferenceClassification";
    const res = await fetch(
      `${fake.url}/v1.0/me/mailFolders/inbox/messages/delta?$select=${select}&changeType=created&$filter=receivedDateTime%20ge%20${since}`,
      {
        headers: { authorization: `Bearer ${credentials.access_token}`, prefer: "odata.maxpagesize=200" },
      },
    );
    const legacy = { delta_links: { inbox: ((await res.json()) as { "@odata.deltaLink": string })["@odata.deltaLink"] } };
    const failure = await p.listChanges(legacy, null).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(CursorExpiredError);
    expect(failure).toMatchObject({ idsChanged: true, fullResync: true });
    // A cursor of today's shape goes on incrementally.
    const cursor = await p.currentCursor();
    expect(cursor).toMatchObject({ id_type: "immutable" });
    fake.addMessages([mail("projects later", folders.projects!)]);
    const round = await drainChanges(p, cursor);
    expect(round.messages.map((m) => m.subject)).toEqual(["projects later"]);
    expect(round.cursor).toMatchObject({ id_type: "immutable" });
  });

  it("on an expired delta token asks for a full resync that keeps the stored (immutable) ids", async () => {
    const p = provider();
    const cursor = await p.currentCursor();
    expect(cursor.id_type).toBe("immutable");
    const legacy = { delta_links: { inbox: linksOf(cursor)[fake.folderId("inbox")] } };
    fake.expireDeltaTokens();
    await expect(p.listChanges(cursor, null)).rejects.toMatchObject({ name: "CursorExpiredError", fullResync: true, idsChanged: false });
    // A cursor from before immutable ids forgets the stored ids, expired or not.
    await expect(p.listChanges(legacy, null)).rejects.toMatchObject({ name: "CursorExpiredError", fullResync: true, idsChanged: true });
  });
});
