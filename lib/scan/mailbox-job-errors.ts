/**
 * A mailbox job cannot go on, and trying again will not change that: the workflow ends the job
 * (failed, with this message as its reason) instead of retrying the step.
 */
export class MailboxJobEndedError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** The job's row is gone, or the job already ended (completed or failed): nothing is left to do. */
export class ScanJobGoneError extends MailboxJobEndedError {}

/** The mailbox was disconnected while its job ran; what was scanned is kept. */
export class MailboxDisconnectedError extends MailboxJobEndedError {}

/**
 * The provider refused the stored credentials (revoked grant, changed password). The mailbox is
 * marked as in error by the time this is thrown: only the user connecting it again can help.
 */
export class MailboxCredentialsRefusedError extends MailboxJobEndedError {}
