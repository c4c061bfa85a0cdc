import { ImapFlow, type FetchMessageObject, type ImapFlowOptions, type MailboxObject, type MessageStructureObject } from "imapflow";
import { z } from "zod";
import { CLASSIFY_HEADERS, hasCalendarSignal, pickClassifyHeaders } from "@/lib/mail/classify-headers";
import { decodeHeaderText, parseAddress } from "@/lib/mail/parse-address";
import { parseHeaderBlock } from "@/lib/mail/parse-header-block";
import { logger } from "@/lib/logger";
import { assertPublicHost, UnsafeHostError } from "@/lib/net/assert-public-host";
import { ConcurrencyLimiter } from "../shared/concurrency-limiter";
import { ImapCommandError, ImapConnectionError, ImapFetchSession, type FetchedHeaders } from "./imap-fetch-session";
import { ImapProtocolError } from "./imap-response";
import { CursorExpiredError, MailProviderError, type MailChanges, type MailMessageMeta, type MailPage, type MailProvider, type SyncCursor } from "./types";

export const imapCredentialsSchema = z.object({
  host: z.string().trim().min(1).max(253),
  port: z.coerce.number().int().min(1).max(65535),
  secure: z.boolean(),
  username: z.string().min(1).max(320),
  password: z.string().min(1).max(1024),
});
export type ImapCredentials = z.infer<typeof imapCredentialsSchema>;

const MAILBOX = "INBOX";
// Only the headers we classify by: BODY.PEEK[HEADER.FIELDS (...)] never sets \Seen.
const HEADER_FIELDS = CLASSIFY_HEADERS.map((h) => h.toUpperCase());
/**
 * What one UID FETCH asks for: UID, INTERNALDATE, BODYSTRUCTURE (calendar parts) and BODY.PEEK of
 * the header fields (never marks mail read). From, To, Subject and Date are among those fields, so
 * no ENVELOPE: the header block says the same, and is one literal instead of a nested structure.
 */
export const IMAP_FETCH_QUERY = { uid: true, internalDate: true, bodyStructure: true, headers: HEADER_FIELDS } as const;
const cursorSchema = z.object({
  uidvalidity: z.string().regex(/^\d+$/),
  uid_next: z.number().int().min(1),
  highest_modseq: z.string().regex(/^\d+$/).nullable().optional(),
});
const listTokenSchema = z.object({ v: z.string(), below: z.number().int().min(1) });
const changesTokenSchema = z.object({ v: z.string(), from: z.number().int().min(1), until: z.number().int().min(0), modseq: z.string().nullable() });
// A listing page is one workflow step and one write transaction: at 1,000 messages those per-page
// costs held a 20,000-message scan to 0.79-0.89x of a bare fetch; at 2,000 it runs 1.03-1.05x, and
// a 100,000-message scan stays at 241-260 MB peak RSS with its pages fetched ahead (npm run bench).
const LIST_PAGE_SIZE = 2000;
const NETWORK_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ENOTFOUND",
  "EAI_AGAIN",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EPIPE",
  "NoConnection",
  "EConnectionClosed",
  "ClosedAfterConnectText",
  "ClosedAfterConnectTLS",
  "CONNECT_TIMEOUT",
  "GREETING_TIMEOUT",
  "UPGRADE_TIMEOUT",
  "ETIMEOUT",
]);

export type ImapProviderOptions = {
  credentials: ImapCredentials;
  connectionTimeoutMs?: number;
  /** Extra trust for the server's certificate (a private CA: tests, a self-hosted server). */
  tlsCa?: string;
};

type BulkListing = { session: ImapFetchSession; validity: string; uidNext: number; exists: number };

/**
 * Any IMAP server through imapflow: INBOX examined read-only, header fields only, newest first.
 * A full listing streams its pages over a second connection that imapflow opens, authenticates and
 * EXAMINEs, then hands over (`unbind()`) to ImapFetchSession, whose reader parses the header FETCH
 * responses at about ten times imapflow's rate; everything else (cursors, SEARCH, the sync of new
 * mail) runs through imapflow itself.
 */
export class ImapMailProvider implements MailProvider {
  readonly name = "imap" as const;
  private readonly credentials: ImapCredentials;
  private client: ImapFlow | null = null;
  private bulk: BulkListing | null = null;
  /** Set once our FETCH reader met a response it could not parse: imapflow reads the rest. */
  private readerRefused = false;
  // imapflow runs one command at a time per connection; keep our select+fetch sequences whole.
  private readonly serial = new ConcurrencyLimiter(1);

  constructor(private readonly options: ImapProviderOptions) {
    this.credentials = imapCredentialsSchema.parse(options.credentials);
  }

  async verify(): Promise<{ account_email: string }> {
    return this.serial.run(async () => {
      await this.examine();
      const user = this.credentials.username.toLowerCase();
      return { account_email: user.includes("@") ? user : `${user}@${this.credentials.host.toLowerCase()}` };
    });
  }

  async currentCursor(): Promise<SyncCursor> {
    return this.serial.run(async () => {
      const mb = await this.examine();
      const uidNext = await uidNextOf(this.client!, mb, this.credentials.host);
      return { uidvalidity: String(mb.uidValidity), uid_next: uidNext, highest_modseq: modseqOf(mb, this.client!) };
    });
  }

  async listPage(pageToken: string | null, options: { pageSize?: number; since?: Date } = {}): Promise<MailPage> {
    return this.serial.run(async () => {
      const token = pageToken ? decodeToken(pageToken, listTokenSchema) : null;
      const pageSize = Math.max(1, Math.min(LIST_PAGE_SIZE, options.pageSize ?? LIST_PAGE_SIZE));
      if (options.since) {
        // A listing continues on the mailbox it opened (UIDVALIDITY cannot change under an open
        // mailbox; imapflow tracks it from the server's responses).
        const mb = token ? await this.openMailbox() : await this.examine();
        const validity = String(mb.uidValidity);
        if (token && token.v !== validity) throw new CursorExpiredError("IMAP UIDVALIDITY changed during the listing: start again", { idsChanged: true });
        return this.listSincePage(
          validity,
          token ? token.below : await uidNextOf(this.client!, mb, this.credentials.host),
          pageSize,
          options.since,
          token === null,
        );
      }
      // A listing continues on its own connection; a new one (or a lost one) EXAMINEs afresh.
      const mailbox = await this.listingMailbox(token === null);
      const validity = mailbox.validity;
      if (token && token.v !== validity) throw new CursorExpiredError("IMAP UIDVALIDITY changed during the listing: start again", { idsChanged: true });
      // Newest first by UID windows: no SEARCH of every UID on every page (quadratic on a large
      // mailbox). UIDs are dense in practice; where they are sparse the window widens.
      const messages: MailMessageMeta[] = [];
      let hi = (token?.below ?? mailbox.uidNext) - 1;
      let window = pageSize;
      while (hi >= 1 && messages.length < pageSize) {
        const lo = Math.max(1, hi - window + 1);
        const batch = await this.fetchWindow(validity, `${lo}:${hi}`);
        messages.push(...batch);
        hi = lo - 1;
        if (batch.length < window / 2) window = Math.min(window * 4, 1 << 20);
      }
      return {
        messages: newestFirst(messages),
        next_page_token: hi >= 1 ? encodeToken({ v: validity, below: hi + 1 }) : null,
        estimated_total: token ? null : mailbox.exists,
      };
    });
  }

  /** The catch-up listing since a date: SEARCH SINCE bounds it, so listing its UIDs is cheap. */
  private async listSincePage(validity: string, below: number, pageSize: number, since: Date, first: boolean): Promise<MailPage> {
    const uids = below > 1 ? await this.searchUids(`1:${below - 1}`, since) : [];
    const pageUids = uids.slice(-pageSize);
    const fetched = pageUids.length ? await this.fetchRange(`${pageUids[0]}:${pageUids[pageUids.length - 1]}`, validity, new Set(pageUids)) : [];
    // SEARCH SINCE is by day; the catch-up wants the exact instant.
    const messages = fetched.filter((m) => m.date >= since);
    return {
      messages: newestFirst(messages),
      next_page_token: uids.length > pageSize ? encodeToken({ v: validity, below: pageUids[0] }) : null,
      estimated_total: first ? uids.length : null,
    };
  }

  /**
   * New mail since the cursor, by UID; expunges and flag changes are not needed (MailChanges). Whether
   * anything is new is read from the EXAMINE the UIDVALIDITY check needs anyway, so a sync that finds
   * nothing sends no FETCH:
   * - UIDNEXT MUST change whenever a message is added, even one expunged since (RFC 9051 2.3.1.1): not
   *   past the stored uid_next, nothing is new; past it, it bounds the new range uid_next..UIDNEXT-1,
   *   fetched in pages (no `*`: `n:*` names the last message when n is past it).
   * - Some servers leave UIDNEXT out of EXAMINE (Winmail Pro, mail.163.com). There CONDSTORE, which
   *   imapflow ENABLEs where advertised, answers instead: an unchanged HIGHESTMODSEQ proves that
   *   nothing at all changed (RFC 7162 3.1: a new message gets a higher mod-sequence), so that sync
   *   sends nothing either; otherwise one UID SEARCH UID uid_next:* finds the new UIDs. Where both
   *   are present UIDNEXT decides: it is what the range is made of, and a server that forgets to
   *   raise HIGHESTMODSEQ on delivery then costs no mail.
   * Not used: CHANGEDSINCE on the FETCH (every UID from uid_next on is newer than the stored
   * HIGHESTMODSEQ, so it filters nothing, and it would hide new mail on a server whose mod-sequences
   * went back without a new UIDVALIDITY), and QRESYNC, which is not enabled: what it adds over
   * CONDSTORE is VANISHED (expunged UIDs) and the flag changes of known messages, which PookAi does
   * not use, at the price of an EXAMINE that streams a FETCH for every message changed since.
   */
  async listChanges(cursor: SyncCursor, pageToken: string | null, pageSize = 500): Promise<MailChanges> {
    return this.serial.run(async () => {
      const parsed = cursorSchema.safeParse(cursor);
      if (!parsed.success) throw new CursorExpiredError("IMAP cursor is unreadable");
      const stored = parsed.data;
      const mb = await this.examine();
      const validity = String(mb.uidValidity);
      // New UIDVALIDITY: every stored UID is meaningless now (RFC 3501 2.3.1.1); the caller rescans.
      if (validity !== stored.uidvalidity) throw new CursorExpiredError("IMAP UIDVALIDITY changed", { idsChanged: true });
      let state = pageToken ? decodeToken(pageToken, changesTokenSchema) : null;
      if (state && state.v !== validity) throw new CursorExpiredError("IMAP UIDVALIDITY changed", { idsChanged: true });
      if (!state) {
        const modseq = modseqOf(mb, this.client!);
        const until = await this.lastNewUid(mb, stored.uid_next, modseq !== null && modseq === stored.highest_modseq);
        if (until === null)
          return { messages: [], next_page_token: null, cursor: { uidvalidity: validity, uid_next: stored.uid_next, highest_modseq: modseq } };
        state = { v: validity, from: stored.uid_next, until, modseq };
      }
      const hi = Math.min(state.until, state.from + pageSize - 1);
      const wanted = new Set<number>();
      for (let uid = state.from; uid <= hi; uid++) wanted.add(uid);
      const messages = await this.fetchRange(`${state.from}:${hi}`, validity, wanted);
      if (hi < state.until) return { messages, next_page_token: encodeToken({ ...state, from: hi + 1 }), cursor: null };
      return { messages, next_page_token: null, cursor: { uidvalidity: validity, uid_next: state.until + 1, highest_modseq: state.modseq } };
    });
  }

  /** The highest UID that arrived since `from` (see listChanges), or null when nothing did. */
  private async lastNewUid(mb: MailboxObject, from: number, modseqUnchanged: boolean): Promise<number | null> {
    if (isUid(mb.uidNext)) return mb.uidNext > from ? mb.uidNext - 1 : null;
    if (modseqUnchanged || !mb.exists) return null;
    const uids = (await this.searchUids(`${from}:*`)).filter((uid) => uid >= from);
    return uids.length ? uids[uids.length - 1]! : null;
  }

  async close(): Promise<void> {
    const client = this.client;
    const bulk = this.bulk;
    this.client = null;
    this.bulk = null;
    await Promise.all([bulk?.session.close(), client?.logout().catch(() => client.close())]);
  }

  private async connect(): Promise<ImapFlow> {
    if (this.client?.usable) return this.client;
    this.client = null;
    const client = await this.openClient({});
    client.on("error", () => {
      // Reported through the pending command; a dead connection is replaced on the next call.
      if (this.client === client) this.client = null;
    });
    this.client = client;
    return client;
  }

  /** The listing connection: opened, authenticated and EXAMINEd by imapflow, then handed over. */
  private async openBulk(): Promise<BulkListing> {
    const previous = this.bulk;
    this.bulk = null;
    await previous?.session.close();
    // Uncompressed, so the handed-over socket carries plain IMAP both ways.
    const client = await this.openClient({ disableCompression: true });
    client.on("error", () => {});
    let mb: MailboxObject;
    try {
      mb = await client.mailboxOpen(MAILBOX, { readOnly: true });
    } catch (err) {
      client.close();
      throw mapImapError(err, this.credentials.host);
    }
    let uidNext: number;
    try {
      uidNext = await uidNextOf(client, mb, this.credentials.host);
    } catch (err) {
      client.close();
      throw err;
    }
    const { socket } = client.unbind();
    this.bulk = { session: new ImapFetchSession(socket), validity: String(mb.uidValidity), uidNext, exists: mb.exists };
    return this.bulk;
  }

  /** The mailbox a listing reads: a fresh EXAMINE to start one, the open connection to continue it. */
  private async listingMailbox(fresh: boolean): Promise<{ validity: string; uidNext: number; exists: number }> {
    if (this.readerRefused) {
      const mb = fresh ? await this.examine() : await this.openMailbox();
      return { validity: String(mb.uidValidity), uidNext: await uidNextOf(this.client!, mb, this.credentials.host), exists: mb.exists };
    }
    return !fresh && this.bulk?.session.usable ? this.bulk : this.openBulk();
  }

  /**
   * One UID window of a listing over the handed-over connection. A dropped connection is opened
   * again once (a server that hangs up after a UIDVALIDITY change is then caught by the check). A
   * response our reader cannot parse is logged and the listing goes on through imapflow, so an odd
   * server costs speed, never mail.
   */
  private async fetchWindow(validity: string, range: string): Promise<MailMessageMeta[]> {
    for (let attempt = 0; ; attempt++) {
      if (this.readerRefused) {
        const mb = await this.openMailbox();
        if (String(mb.uidValidity) !== validity) throw new CursorExpiredError("IMAP UIDVALIDITY changed during the listing: start again", { idsChanged: true });
        return this.fetchRange(range, validity, null);
      }
      const bulk = this.bulk?.session.usable ? this.bulk : await this.openBulk();
      if (bulk.validity !== validity) throw new CursorExpiredError("IMAP UIDVALIDITY changed during the listing: start again", { idsChanged: true });
      try {
        const fetched = await bulk.session.fetchHeaders(range, HEADER_FIELDS);
        return fetched.map((m) => toMeta(m, validity));
      } catch (err) {
        if (this.bulk === bulk) this.bulk = null;
        await bulk.session.close();
        if (err instanceof ImapProtocolError) {
          this.readerRefused = true;
          logger.warn("IMAP listing: unreadable FETCH response, continuing through imapflow", { host: this.credentials.host, range, error: err.message });
        } else if (!(err instanceof ImapConnectionError && attempt === 0)) {
          throw mapImapError(err, this.credentials.host);
        }
      }
    }
  }

  private async openClient(extra: Partial<ImapFlowOptions>): Promise<ImapFlow> {
    const { host, port, secure, username, password } = this.credentials;
    let addresses: string[];
    try {
      addresses = await assertPublicHost(host);
    } catch (err) {
      if (err instanceof UnsafeHostError && err.reason === "unresolvable") throw new MailProviderError(`Cannot resolve IMAP host ${host}`, "unavailable");
      throw new MailProviderError(`IMAP host ${host} is not allowed: ${(err as Error).message}`, "invalid_request");
    }
    // Connect to the address we checked (no second DNS answer), verify TLS against the host name.
    const client = new ImapFlow({
      host: addresses[0],
      servername: host,
      port,
      secure,
      auth: { user: username, pass: password },
      logger: false,
      disableAutoIdle: true,
      connectionTimeout: this.options.connectionTimeoutMs ?? 20_000,
      greetingTimeout: this.options.connectionTimeoutMs ?? 16_000,
      tls: { servername: host, ...(this.options.tlsCa ? { ca: this.options.tlsCa } : {}) },
      clientInfo: { name: "PookAi" },
      ...extra,
    });
    // Until the caller attaches its own: a failed connect is reported by connect() itself.
    const onConnectError = () => {};
    client.on("error", onConnectError);
    try {
      await client.connect();
    } catch (err) {
      client.close();
      throw mapImapError(err, `${host}:${port}`);
    } finally {
      client.off("error", onConnectError);
    }
    return client;
  }

  /** EXAMINE INBOX afresh (read-only SELECT): current UIDNEXT, UIDVALIDITY, HIGHESTMODSEQ. */
  private async examine(): Promise<MailboxObject> {
    const client = await this.connect();
    try {
      if (client.mailbox) await client.mailboxClose();
      return await client.mailboxOpen(MAILBOX, { readOnly: true });
    } catch (err) {
      throw mapImapError(err, this.credentials.host);
    }
  }

  /** The mailbox this connection already has open, or a fresh EXAMINE. */
  private async openMailbox(): Promise<MailboxObject> {
    const open = this.client?.usable ? this.client.mailbox : false;
    return open && open.path === MAILBOX && open.readOnly ? open : this.examine();
  }

  private async searchUids(range: string, since?: Date): Promise<number[]> {
    try {
      const found = await this.client!.search({ uid: range, ...(since ? { since } : {}) }, { uid: true });
      return (found || []).slice().sort((a, b) => a - b);
    } catch (err) {
      throw mapImapError(err, this.credentials.host);
    }
  }

  /** One UID FETCH for the range through imapflow: structure and the classification header fields (PEEK). */
  private async fetchRange(range: string, validity: string, only: Set<number> | null): Promise<MailMessageMeta[]> {
    const out: MailMessageMeta[] = [];
    try {
      const query = { ...IMAP_FETCH_QUERY, headers: [...IMAP_FETCH_QUERY.headers] };
      for await (const msg of this.client!.fetch(range, query, { uid: true })) {
        if (!only || only.has(msg.uid)) out.push(toMeta(fromImapflow(msg), validity));
      }
    } catch (err) {
      throw mapImapError(err, this.credentials.host);
    }
    return out;
  }
}

function isUid(value: unknown): value is number {
  return Number.isSafeInteger(value) && (value as number) >= 1;
}

/** HIGHESTMODSEQ where CONDSTORE is on for this session and the mailbox keeps mod-sequences. */
function modseqOf(mb: MailboxObject, client: ImapFlow): string | null {
  return client.enabled.has("CONDSTORE") && !mb.noModseq && mb.highestModseq !== undefined ? String(mb.highestModseq) : null;
}

/**
 * UIDNEXT from the EXAMINE or, from a server that leaves it out (Winmail Pro, mail.163.com), one past
 * the highest UID there is (`UID SEARCH UID *` names just that message).
 */
async function uidNextOf(client: ImapFlow, mb: MailboxObject, where: string): Promise<number> {
  if (isUid(mb.uidNext)) return mb.uidNext;
  if (!mb.exists) return 1;
  try {
    const found = (await client.search({ uid: "*" }, { uid: true })) || [];
    return found.length ? Math.max(...found) + 1 : 1;
  } catch (err) {
    throw mapImapError(err, where);
  }
}

function uidOf(meta: MailMessageMeta): number {
  return Number(meta.provider_message_id.slice(meta.provider_message_id.indexOf(":") + 1));
}

/** Highest UID first (the order a scan records pages in). */
function newestFirst(messages: MailMessageMeta[]): MailMessageMeta[] {
  return messages
    .map((m) => ({ m, uid: uidOf(m) }))
    .sort((a, b) => b.uid - a.uid)
    .map((x) => x.m);
}

function encodeToken(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString("base64url");
}

function decodeToken<T>(token: string, schema: z.ZodType<T>): T {
  try {
    return schema.parse(JSON.parse(Buffer.from(token, "base64url").toString("utf8")));
  } catch {
    throw new MailProviderError("Unreadable IMAP page token", "invalid_request");
  }
}

function hasCalendarPart(node: MessageStructureObject | undefined): boolean {
  if (!node) return false;
  if (/^(text\/calendar|application\/ics)$/i.test(node.type)) return true;
  return (node.childNodes ?? []).some(hasCalendarPart);
}

function fromImapflow(msg: FetchMessageObject): FetchedHeaders {
  const internal = msg.internalDate ? new Date(msg.internalDate) : null;
  return {
    uid: msg.uid,
    internal_date: internal && !Number.isNaN(internal.getTime()) ? internal : null,
    header: msg.headers ? msg.headers.toString("utf8") : "",
    has_calendar_part: hasCalendarPart(msg.bodyStructure),
  };
}

/** The message's metadata from its header block, whichever reader fetched it. */
function toMeta(msg: FetchedHeaders, validity: string): MailMessageMeta {
  const list = parseHeaderBlock(msg.header);
  const header = (name: string) => list.find((h) => h.name === name)?.value ?? "";
  const from = parseAddress(header("from") || header("sender"));
  const subject = decodeHeaderText(header("subject"));
  const headers = pickClassifyHeaders(list);
  const sent = msg.internal_date ? null : new Date(header("date"));
  const date = msg.internal_date ?? (sent && !Number.isNaN(sent.getTime()) ? sent : new Date(0));
  return {
    provider_message_id: `${validity}:${msg.uid}`,
    thread_id: null,
    from_email: from.email,
    from_name: from.name,
    to: decodeHeaderText(header("to")),
    subject,
    snippet: "",
    date,
    headers,
    has_calendar: msg.has_calendar_part || hasCalendarSignal(headers, subject),
  };
}

/** Readable, credential-free errors: bad login -> auth; cannot connect -> unavailable. */
function mapImapError(err: unknown, where: string): Error {
  if (err instanceof MailProviderError || err instanceof CursorExpiredError) return err;
  if (err instanceof ImapCommandError || err instanceof ImapConnectionError)
    return new MailProviderError(`IMAP server ${where}: ${err.message}`, "unavailable");
  const e = err as { authenticationFailed?: boolean; serverResponseCode?: string; code?: string; responseText?: string; message?: string };
  if (e.authenticationFailed || e.serverResponseCode === "AUTHENTICATIONFAILED" || e.serverResponseCode === "AUTHORIZATIONFAILED") {
    return new MailProviderError(`IMAP login to ${where} failed: check the username and password (many providers need an app password)`, "auth");
  }
  const code = String(e.code ?? "");
  if (NETWORK_CODES.has(code)) return new MailProviderError(`Cannot reach IMAP server ${where} (${code})`, "unavailable");
  if (/^(CERT_|ERR_SSL|ERR_TLS|DEPTH_ZERO|SELF_SIGNED|UNABLE_TO_VERIFY)/.test(code) || code === "EPROTO") {
    return new MailProviderError(`TLS with IMAP server ${where} failed (${code}): check the port and the secure setting`, "unavailable");
  }
  return new MailProviderError(`IMAP server ${where} answered: ${e.responseText ?? e.message ?? "unknown error"}`, "unavailable");
}
