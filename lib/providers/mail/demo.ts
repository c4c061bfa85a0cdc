import { z } from "zod";
import { systemClock, type Clock } from "../shared/clock";
import { DEMO_WINDOW_MS, DemoMailbox } from "./demo-mailbox";
import { DEMO_ACCOUNT_EMAIL } from "./demo-senders";
import { CursorExpiredError, MailProviderError, type MailChanges, type MailPage, type MailProvider, type SyncCursor } from "./types";

export const DEMO_DEFAULT_SEED = "pookai-demo";

const cursorSchema = z.object({ as_of: z.number().int() });
const tokenSchema = z.object({ after: z.number(), until: z.number().int(), before: z.number().int() });

export type DemoProviderOptions = {
  /** Same seed, same mailbox. */
  seed?: string;
  clock?: Clock;
};

/** The demo mailbox needs no credentials: the generated mailbox of `seed` as seen at the clock's "now". */
export class DemoMailProvider implements MailProvider {
  readonly name = "demo" as const;
  private readonly mailbox: DemoMailbox;
  private readonly clock: Clock;

  constructor(options: DemoProviderOptions = {}) {
    this.mailbox = new DemoMailbox(options.seed ?? DEMO_DEFAULT_SEED);
    this.clock = options.clock ?? systemClock;
  }

  async verify(): Promise<{ account_email: string }> {
    return { account_email: DEMO_ACCOUNT_EMAIL };
  }

  async currentCursor(): Promise<SyncCursor> {
    return { as_of: this.nowMinute() };
  }

  async listPage(pageToken: string | null, options: { pageSize?: number; since?: Date } = {}): Promise<MailPage> {
    const pageSize = Math.max(1, Math.min(2000, options.pageSize ?? 500));
    let state: z.infer<typeof tokenSchema>;
    let estimated: number | null = null;
    if (pageToken) state = decode(pageToken);
    else {
      const until = this.nowMinute();
      // "after" is exclusive: one millisecond before the window (or `since`) starts.
      const after = Math.max(until - DEMO_WINDOW_MS, options.since ? options.since.getTime() - 1 : 0);
      state = { after, until, before: Number.NaN };
      estimated = this.mailbox.count(after, until);
    }
    const { messages, nextBeforeSlot } = this.mailbox.scan(state.after, state.until, pageSize, Number.isNaN(state.before) ? undefined : state.before);
    return { messages, next_page_token: nextBeforeSlot === null ? null : encode({ ...state, before: nextBeforeSlot }), estimated_total: estimated };
  }

  async listChanges(cursor: SyncCursor, pageToken: string | null): Promise<MailChanges> {
    const parsed = cursorSchema.safeParse(cursor);
    if (!parsed.success) throw new CursorExpiredError("Demo cursor is unreadable");
    const state = pageToken ? decode(pageToken) : { after: parsed.data.as_of, until: this.nowMinute(), before: Number.NaN };
    // Nothing older than the mailbox window is "new"; this also bounds the work after a long absence.
    const after = Math.max(state.after, state.until - DEMO_WINDOW_MS);
    const { messages, nextBeforeSlot } = this.mailbox.scan(after, state.until, 500, Number.isNaN(state.before) ? undefined : state.before);
    if (nextBeforeSlot !== null) return { messages, next_page_token: encode({ ...state, before: nextBeforeSlot }), cursor: null };
    return { messages, next_page_token: null, cursor: { as_of: Math.max(state.until, parsed.data.as_of) } };
  }

  /** Whole minutes: two looks within the same minute see the same mailbox. */
  private nowMinute(): number {
    return Math.floor(this.clock.now() / 60_000) * 60_000;
  }
}

function encode(state: z.infer<typeof tokenSchema>): string {
  return Buffer.from(JSON.stringify(state)).toString("base64url");
}

function decode(token: string): z.infer<typeof tokenSchema> {
  try {
    return tokenSchema.parse(JSON.parse(Buffer.from(token, "base64url").toString("utf8")));
  } catch {
    throw new MailProviderError("Unreadable demo page token", "invalid_request");
  }
}
