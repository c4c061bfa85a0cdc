import { purgeDeletedAccounts } from "./account/purge-deleted-accounts";
import { placeCall } from "./calls/place-call";
import { scheduleMailboxSyncs } from "./mail/schedule-mailbox-syncs";
import { syncMailbox } from "./mail/sync-mailbox";
import { refreshSenderSuggestions } from "./senders/refresh-sender-suggestions";

/** Every workflow of the app: what serve() registers with Inngest and what the embedded runner executes. */
export const functions = [purgeDeletedAccounts, placeCall, syncMailbox, scheduleMailboxSyncs, refreshSenderSuggestions];
