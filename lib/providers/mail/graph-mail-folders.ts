import { MailProviderError } from "./types";

/** A GET on the Outlook provider's Graph session (a path relative to /v1.0/). */
export type GraphGet = <T>(path: string) => Promise<T>;

/**
 * Well-known folders (all directly under msgfolderroot) whose mail is not mail from a sender, or
 * that the user has already turned away: their whole subtree is neither scanned nor synced, as Gmail
 * leaves out sent, drafts, spam and trash. Inbox, archive, clutter and the user's own folders (where
 * server-side rules file incoming mail) are followed, with every folder under them.
 */
export const SKIPPED_WELL_KNOWN_FOLDERS = [
  "drafts",
  "sentitems",
  "outbox",
  "deleteditems",
  "junkemail",
  "conversationhistory",
  "syncissues",
  "scheduled",
] as const;

const FOLDER_SELECT = "$select=id,childFolderCount&$top=100";

type GraphFolder = { "@odata.type"?: string; id: string; childFolderCount?: number };
type GraphFolderPage = { value?: GraphFolder[]; "@odata.nextLink"?: string };

/** Which folders are followed, and which top-level ones were recognised as skipped (cached in the cursor). */
export type MailFolderSet = { followed: string[]; skipped: string[] };

/**
 * Walk the folder tree (GET /me/mailFolders, then childFolders level by level; Graph has no
 * recursive listing) and classify it. `known` is what the previous walk found: when every top-level
 * folder is already in it, the well-known names are not looked up again.
 */
export async function discoverMailFolders(
  get: GraphGet,
  relative: (link: string) => string,
  known?: { followed: Iterable<string>; skipped: Iterable<string> },
): Promise<MailFolderSet> {
  const top = await listFolders(get, relative, `me/mailFolders?${FOLDER_SELECT}`);
  const followedBefore = new Set(known?.followed ?? []);
  const skippedBefore = new Set(known?.skipped ?? []);
  const allKnown = known && top.every((f) => followedBefore.has(f.id) || skippedBefore.has(f.id));
  const skipped = allKnown ? skippedBefore : new Set(await resolveWellKnownFolders(get, SKIPPED_WELL_KNOWN_FOLDERS));

  const followed: string[] = [];
  let level = top.filter((f) => !skipped.has(f.id));
  while (level.length) {
    followed.push(...level.map((f) => f.id));
    const parents = level.filter((f) => (f.childFolderCount ?? 0) > 0);
    const children = await Promise.all(
      parents.map((f) => listFolders(get, relative, `me/mailFolders/${encodeURIComponent(f.id)}/childFolders?${FOLDER_SELECT}`)),
    );
    level = children.flat().filter((f) => !followed.includes(f.id));
  }
  return { followed, skipped: top.filter((f) => skipped.has(f.id)).map((f) => f.id) };
}

/** The ids behind well-known folder names; a folder the mailbox does not have (yet) is left out. */
export async function resolveWellKnownFolders(get: GraphGet, names: readonly string[]): Promise<string[]> {
  const ids = await Promise.all(
    names.map(async (name) => {
      try {
        return (await get<{ id: string }>(`me/mailFolders/${name}?$select=id`)).id;
      } catch (err) {
        if (isNotFound(err)) return null;
        throw err;
      }
    }),
  );
  return ids.filter((id): id is string => Boolean(id));
}

/** Graph answered 404: a folder that does not exist, or no longer does. */
export function isNotFound(err: unknown): boolean {
  return err instanceof MailProviderError && err.httpStatus === 404;
}

async function listFolders(get: GraphGet, relative: (link: string) => string, first: string): Promise<GraphFolder[]> {
  const out: GraphFolder[] = [];
  for (let path: string | null = first; path;) {
    const page: GraphFolderPage = await get<GraphFolderPage>(path);
    // Search folders show mail that lives in other folders.
    out.push(...(page.value ?? []).filter((f) => !/mailSearchFolder/i.test(f["@odata.type"] ?? "")));
    path = page["@odata.nextLink"] ? relative(page["@odata.nextLink"]) : null;
  }
  return out;
}
