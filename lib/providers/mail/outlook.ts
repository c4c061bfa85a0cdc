import { z } from "zod";
import { hasCalendarSignal } from "@/lib/mail/classify-headers";
import { GraphSession, GraphSyncStateExpiredError } from "../microsoft/graph-session";
import { systemClock, type Clock } from "../shared/clock";
import { OUTLOOK_MAIL_APP, type OutlookCredentials } from "./microsoft-oauth";
import { CursorExpiredError, MailProviderError, type MailChanges, type MailMessageMeta, type MailPage, type MailProvider, type SyncCursor } from "./types";

// What Mail.ReadBasic can read: no body, bodyPreview or internetMessageHeaders.
const SELECT = ["id", "conversationId", "subject", "receivedDateTime", "from", "sender", "toRecipients", "replyTo", "isDraft", "inferenceClassification"];
/** Folders whose new mail the delta sync follows. */
const DELTA_FOLDERS = ["inbox"] as const;

const cursorSchema = z.object({ delta_links: z.record(z.string(), z.string().min(1)) });
const changesTokenSchema = z.object({ f: z.number().int().min(0), link: z.string().min(1), got: z.record(z.string(), z.string()) });

type GraphRecipient = { emailAddress?: { name?: string; address?: string } };
type GraphMessage = {
  "@odata.type"?: string;
  "@removed"?: unknown;
  id: string;
  conversationId?: string;
  subject?: string | null;
  receivedDateTime?: string;
  from?: GraphRecipient | null;
  sender?: GraphRecipient | null;
  toRecipients?: GraphRecipient[];
  replyTo?: GraphRecipient[];
  isDraft?: boolean;
  inferenceClassification?: string;
};
type GraphCollection = { value?: GraphMessage[]; "@odata.nextLink"?: string; "@odata.deltaLink"?: string; "@odata.count"?: number };

export type OutlookProviderOptions = {
  credentials: OutlookCredentials;
  /** Microsoft rotates refresh tokens: persist every update (encrypted) or the grant is lost. */
  onCredentialsUpdate?: (credentials: OutlookCredentials) => void | Promise<void>;
  /** Shares the 4-in-flight gate between provider instances of one mailbox (the integration id). */
  mailboxKey?: string;
  clock?: Clock;
  maxRetries?: number;
};

/** Outlook / Microsoft 365 through @microsoft/microsoft-graph-client, Mail.ReadBasic only. */
export class OutlookMailProvider implements MailProvider {
  readonly name = "outlook" as const;
  private readonly graph: GraphSession;
  private readonly clock: Clock;
  private ownAddress: Promise<string> | null = null;

  constructor(options: OutlookProviderOptions) {
    this.clock = options.clock ?? systemClock;
    this.graph = new GraphSession({
      app: OUTLOOK_MAIL_APP,
      credentials: options.credentials,
      onCredentialsUpdate: options.onCredentialsUpdate,
      gateKey: options.mailboxKey && `outlook:${options.mailboxKey}`,
      clock: this.clock,
      maxRetries: options.maxRetries,
    });
  }

  async verify(): Promise<{ account_email: string }> {
    const me = await this.get<{ mail?: string | null; userPrincipalName?: string }>("me?$select=mail,userPrincipalName");
    const account = (me.mail || me.userPrincipalName || "").toLowerCase();
    this.ownAddress ??= Promise.resolve(account);
    return { account_email: account };
  }

  /** The mailbox's own address: /me/messages spans every folder, Sent Items included. */
  private async own(): Promise<string> {
    this.ownAddress ??= this.verify().then((v) => v.account_email);
    try {
      return await this.ownAddress;
    } catch (err) {
      this.ownAddress = null;
      throw err;
    }
  }

  async listPage(pageToken: string | null, options: { pageSize?: number; since?: Date } = {}): Promise<MailPage> {
    let path: string;
    if (pageToken) path = this.relative(pageToken);
    else {
      const params = [`$select=${SELECT.join(",")}`, `$top=${Math.min(1000, options.pageSize ?? 100)}`, "$orderby=receivedDateTime%20desc", "$count=true"];
      if (options.since) params.push(`$filter=receivedDateTime%20ge%20${options.since.toISOString()}`);
      path = `me/messages?${params.join("&")}`;
    }
    const self = await this.own();
    const page = await this.get<GraphCollection>(path);
    return {
      // Drafts and the user's own sent mail are not mail from a sender.
      messages: (page.value ?? []).filter((m) => !m.isDraft && !m["@removed"] && (m.from?.emailAddress?.address ?? "").toLowerCase() !== self).map(toMeta),
      next_page_token: page["@odata.nextLink"] ?? null,
      estimated_total: page["@odata.count"] ?? null,
    };
  }

  /**
   * A delta round per folder filtered to mail received from now on: Graph hands back a deltaLink
   * without us paging through the whole folder, and later rounds report only what arrives after.
   */
  async currentCursor(): Promise<SyncCursor> {
    const since = new Date(this.clock.now() - 5 * 60_000).toISOString();
    const links: Record<string, string> = {};
    for (const folder of DELTA_FOLDERS) {
      let path = `me/mailFolders/${folder}/messages/delta?$select=${SELECT.join(",")}&changeType=created&$filter=receivedDateTime%20ge%20${since}`;
      for (;;) {
        const page = await this.get<GraphCollection>(path, { Prefer: "odata.maxpagesize=200" });
        if (page["@odata.deltaLink"]) {
          links[folder] = page["@odata.deltaLink"];
          break;
        }
        if (!page["@odata.nextLink"]) throw new MailProviderError("Graph delta ended without a deltaLink", "unavailable");
        path = this.relative(page["@odata.nextLink"]);
      }
    }
    return { delta_links: links };
  }

  async listChanges(cursor: SyncCursor, pageToken: string | null): Promise<MailChanges> {
    const parsed = cursorSchema.safeParse(cursor);
    if (!parsed.success || DELTA_FOLDERS.some((f) => !parsed.data.delta_links[f])) throw new CursorExpiredError("Outlook cursor has no delta link", { fullResync: true });
    const state = pageToken ? decodeChangesToken(pageToken) : { f: 0, link: parsed.data.delta_links[DELTA_FOLDERS[0]], got: {} };
    let page: GraphCollection;
    try {
      page = await this.get<GraphCollection>(this.relative(state.link), { Prefer: "odata.maxpagesize=100" });
    } catch (err) {
      if (err instanceof GraphSyncStateExpiredError) throw new CursorExpiredError(`Outlook delta token expired (${err.message})`, { fullResync: true });
      throw err;
    }
    const messages = (page.value ?? []).filter((m) => !m["@removed"] && !m.isDraft).map(toMeta);
    const folder = DELTA_FOLDERS[state.f];
    if (page["@odata.nextLink"]) {
      return { messages, next_page_token: encodeChangesToken({ ...state, link: page["@odata.nextLink"] }), cursor: null };
    }
    const deltaLink = page["@odata.deltaLink"];
    if (!deltaLink) throw new MailProviderError("Graph delta ended without a deltaLink", "unavailable");
    const got = { ...state.got, [folder]: deltaLink };
    const nextFolder = DELTA_FOLDERS[state.f + 1];
    if (nextFolder) {
      return { messages, next_page_token: encodeChangesToken({ f: state.f + 1, link: parsed.data.delta_links[nextFolder], got }), cursor: null };
    }
    return { messages, next_page_token: null, cursor: { delta_links: got } };
  }

  private get<T>(path: string, headers: Record<string, string> = {}): Promise<T> {
    return this.graph.get<T>(path, headers);
  }

  private relative(link: string): string {
    return this.graph.relative(link);
  }
}

function encodeChangesToken(state: z.infer<typeof changesTokenSchema>): string {
  return Buffer.from(JSON.stringify(state)).toString("base64url");
}

function decodeChangesToken(token: string): z.infer<typeof changesTokenSchema> {
  try {
    return changesTokenSchema.parse(JSON.parse(Buffer.from(token, "base64url").toString("utf8")));
  } catch {
    throw new MailProviderError("Unreadable Outlook page token", "invalid_request");
  }
}

function address(r: GraphRecipient | null | undefined): string {
  const a = r?.emailAddress;
  if (!a?.address) return "";
  return a.name && a.name !== a.address ? `${a.name} <${a.address}>` : a.address;
}

function toMeta(m: GraphMessage): MailMessageMeta {
  const fromAddress = (m.from?.emailAddress?.address ?? "").toLowerCase();
  const subject = m.subject ?? "";
  // Mail.ReadBasic has no internet headers: keep what Graph tells us that classification can use.
  const headers: Record<string, string> = {};
  const sender = (m.sender?.emailAddress?.address ?? "").toLowerCase();
  if (sender && sender !== fromAddress) headers.sender = address(m.sender);
  const replyTo = (m.replyTo ?? []).map(address).filter(Boolean).join(", ");
  if (replyTo) headers["reply-to"] = replyTo;
  const isInvite = /eventMessage/i.test(m["@odata.type"] ?? "");
  return {
    provider_message_id: m.id,
    thread_id: m.conversationId ?? null,
    from_email: fromAddress,
    from_name: m.from?.emailAddress?.name && m.from.emailAddress.name !== m.from.emailAddress.address ? m.from.emailAddress.name : "",
    to: (m.toRecipients ?? []).map(address).filter(Boolean).join(", "),
    subject,
    snippet: "",
    date: new Date(m.receivedDateTime ?? 0),
    headers,
    has_calendar: isInvite || hasCalendarSignal(headers, subject),
  };
}
