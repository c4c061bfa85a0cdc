import type { MailProviderName } from "@/lib/providers/mail/types";
import { providerErrorToAppError } from "./provider-error-to-app-error";

const LABEL: Record<MailProviderName, string> = { gmail: "Gmail", outlook: "Outlook", imap: "The IMAP server", demo: "The demo mailbox" };

/** A mail provider failure as the API reports it (see providerErrorToAppError), naming the mailbox's service. */
export function mailErrorToAppError(error: unknown, provider: MailProviderName): unknown {
  return providerErrorToAppError(error, LABEL[provider]);
}
