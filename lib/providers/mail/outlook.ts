import { GraphSession, GraphSyncStateExpiredError } from "../microsoft/graph-session";
import { systemClock, type Clock } from "../shared/clock";
import { discoverMailFolders, isNotFound, type GraphGet } from "./graph-mail-folders";
import { MESSAGE_SELECT, isFromSender, toMailMessageMeta, type GraphCollection } from "./graph-message-meta";
import { decodeSyncRound, encodeSyncRound, outlookCursorSchema, type OutlookCursor, type SyncRound } from "./graph-sync-cursor";
import { OUTLOOK_MAIL_APP, type OutlookCredentials } from "./microsoft-oauth";
import { CursorExpiredError, MailProviderError, type MailChanges, type MailMessageMeta, type MailPage, type MailProvider, type SyncCursor } from "./types";

// On every request: a message keeps its id when it moves between folders (it is stored once per id).
const IMMUTABLE_IDS = 'IdType="ImmutableId"';
const DELTA_PAGE_SIZE = 100;
/** Graph's bound on a page of messages ($top 1-1000). */
const MAX_PAGE_SIZE = 1000;
/** Slack for the mail server's clock against ours when asking for mail received since an instant. */
const CLOCK_SLACK_MS = 5 * 60_000;
/** A page of changes reads on into the next folder until it holds this many messages. */
const CHANGES_PAGE_TARGET = 100;

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
  private followedFolders: Promise<Set<string>> | null = null;

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
    let pageSize = Math.max(1, Math.min(MAX_PAGE_SIZE, options.pageSize ?? 100));
    if (pageToken) {
      path = this.relative(pageToken);
      // The next link repeats the first request's $top: ask for the same page size again.
      pageSize = Number(new URL(pageToken).searchParams.get("$top")) || pageSize;
    } else {
      const params = [`$select=${MESSAGE_SELECT.join(",")}`, `$top=${pageSize}`, "$orderby=receivedDateTime%20desc", "$count=true"];
      if (options.since) params.push(`$filter=receivedDateTime%20ge%20${options.since.toISOString()}`);
      path = `me/messages?${params.join("&")}`;
    }
    const [self, folders] = await Promise.all([this.own(), this.scanFolders()]);
    const page = await this.get<GraphCollection>(path, pageSize);
    return {
      // /me/messages spans every folder: keep those the delta sync follows, so a scan and a sync agree.
      messages: (page.value ?? []).filter((m) => folders.has(m.parentFolderId ?? "") && isFromSender(m, self)).map(toMailMessageMeta),
      next_page_token: page["@odata.nextLink"] ?? null,
      estimated_total: page["@odata.count"] ?? null,
    };
  }

  /**
   * A delta round per followed folder filtered to mail received from now on: Graph hands back a
   * deltaLink without us paging through the whole folder, and later rounds report only what arrives after.
   */
  async currentCursor(): Promise<SyncCursor> {
    const walkedAt = this.clock.now();
    const folders = await discoverMailFolders(this.getter, this.relativeLink);
    const since = new Date(walkedAt - CLOCK_SLACK_MS);
    const links = await Promise.all(folders.followed.map(async (id) => [id, await this.drainDelta(this.initialDeltaLink(id, since))] as const));
    const cursor: OutlookCursor = {
      // A folder deleted since the walk has no delta link.
      delta_links: Object.fromEntries(links.filter((entry): entry is readonly [string, string] => entry[1] !== null)),
      skipped_folders: folders.skipped,
      synced_at: new Date(walkedAt).toISOString(),
      id_type: "immutable",
    };
    return cursor;
  }

  /**
   * New mail in every followed folder since the cursor, folder after folder. At the end of the round
   * the folders are walked again: a folder created since is read from the previous walk on (ingest
   * stores a message once, so overlap is harmless), one deleted or moved to Deleted Items is dropped.
   */
  async listChanges(cursor: SyncCursor, pageToken: string | null): Promise<MailChanges> {
    const parsed = outlookCursorSchema.safeParse(cursor);
    if (!parsed.success || !Object.keys(parsed.data.delta_links).length) throw new CursorExpiredError("Outlook cursor has no delta link", { fullResync: true });
    // Stored before immutable ids: the stored messages carry ids a relisting would not repeat (they
    // change when a message moves), so they are forgotten and listed once more under immutable ids.
    if (parsed.data.id_type !== "immutable") throw new CursorExpiredError("Outlook cursor predates immutable ids", { idsChanged: true });
    const start = parsed.data;
    const round: SyncRound = pageToken
      ? decodeSyncRound(pageToken)
      : { queue: Object.entries(start.delta_links).map(([folder, link]) => ({ folder, link })), got: {}, walk: null };
    const self = await this.own();
    const messages: MailMessageMeta[] = [];
    while (messages.length < CHANGES_PAGE_TARGET) {
      const head = round.queue[0];
      if (!head) {
        if (round.walk) break;
        await this.walkAgain(start, round);
        continue;
      }
      const page = await this.readDelta(head.link);
      if (page) {
        messages.push(...(page.value ?? []).filter((m) => isFromSender(m, self)).map(toMailMessageMeta));
        if (page["@odata.nextLink"]) {
          head.link = page["@odata.nextLink"];
          continue;
        }
        if (!page["@odata.deltaLink"]) throw new MailProviderError("Graph delta ended without a deltaLink", "unavailable");
        round.got[head.folder] = page["@odata.deltaLink"];
      }
      round.queue.shift();
    }
    if (round.queue.length || !round.walk) return { messages, next_page_token: encodeSyncRound(round), cursor: null };
    const next: OutlookCursor = { delta_links: round.got, skipped_folders: round.walk.skipped, synced_at: round.walk.at, id_type: "immutable" };
    return { messages, next_page_token: null, cursor: next };
  }

  /** One delta page; null when the folder is gone (deleted since the last walk). */
  private async readDelta(link: string): Promise<GraphCollection | null> {
    try {
      return await this.get<GraphCollection>(this.relative(link), DELTA_PAGE_SIZE);
    } catch (err) {
      if (err instanceof GraphSyncStateExpiredError) {
        throw new CursorExpiredError(`Outlook delta token expired (${err.message})`, { fullResync: true });
      }
      if (isNotFound(err)) return null;
      throw err;
    }
  }

  /** Walk the folders again at the end of a round: queue new ones, drop vanished ones. */
  private async walkAgain(start: OutlookCursor, round: SyncRound): Promise<void> {
    const walkedAt = this.clock.now();
    const folders = await discoverMailFolders(this.getter, this.relativeLink, { followed: Object.keys(round.got), skipped: start.skipped_folders ?? [] });
    const followed = new Set(folders.followed);
    round.got = Object.fromEntries(Object.entries(round.got).filter(([id]) => followed.has(id)));
    // A cursor without a walk time cannot tell since when: from now on.
    const since = new Date((start.synced_at ? Date.parse(start.synced_at) : walkedAt) - CLOCK_SLACK_MS);
    for (const id of folders.followed) if (!round.got[id]) round.queue.push({ folder: id, link: this.initialDeltaLink(id, since) });
    round.walk = { skipped: folders.skipped, at: new Date(walkedAt).toISOString() };
  }

  private initialDeltaLink(folderId: string, since: Date): string {
    const query = `$select=${MESSAGE_SELECT.join(",")}&changeType=created&$filter=receivedDateTime%20ge%20${since.toISOString()}`;
    return `${this.graph.baseUrl}/v1.0/me/mailFolders/${encodeURIComponent(folderId)}/messages/delta?${query}`;
  }

  /** Page through a delta round to its deltaLink, discarding what it reports; null when the folder is gone. */
  private async drainDelta(link: string): Promise<string | null> {
    for (let path = this.relative(link); ;) {
      let page: GraphCollection;
      try {
        page = await this.get<GraphCollection>(path, DELTA_PAGE_SIZE);
      } catch (err) {
        if (isNotFound(err)) return null;
        throw err;
      }
      if (page["@odata.deltaLink"]) return page["@odata.deltaLink"];
      if (!page["@odata.nextLink"]) throw new MailProviderError("Graph delta ended without a deltaLink", "unavailable");
      path = this.relative(page["@odata.nextLink"]);
    }
  }

  /** The followed folders, walked once per provider (a scan's pages share one). */
  private async scanFolders(): Promise<Set<string>> {
    this.followedFolders ??= discoverMailFolders(this.getter, this.relativeLink).then((f) => new Set(f.followed));
    try {
      return await this.followedFolders;
    } catch (err) {
      this.followedFolders = null;
      throw err;
    }
  }

  /** Every request asks for immutable ids; `pageSize` adds Prefer: odata.maxpagesize. */
  private get<T>(path: string, pageSize?: number): Promise<T> {
    return this.graph.get<T>(path, { Prefer: pageSize ? `odata.maxpagesize=${pageSize}, ${IMMUTABLE_IDS}` : IMMUTABLE_IDS });
  }

  private readonly getter: GraphGet = (path) => this.get(path);

  private relative(link: string): string {
    return this.graph.relative(link);
  }

  private readonly relativeLink = (link: string) => this.relative(link);
}
