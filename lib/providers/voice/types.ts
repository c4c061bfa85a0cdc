/** Twilio's call statuses (the call resource's `status` and the `CallStatus` of its callbacks). */
export const PROVIDER_CALL_STATUSES = ["queued", "initiated", "ringing", "in-progress", "completed", "busy", "no-answer", "canceled", "failed"] as const;
export type ProviderCallStatus = (typeof PROVIDER_CALL_STATUSES)[number];

/** Statuses after which a call never changes again. */
export const TERMINAL_PROVIDER_CALL_STATUSES: readonly ProviderCallStatus[] = ["completed", "busy", "no-answer", "canceled", "failed"];

export type VoiceCarrier = "twilio" | "console";

export type PlaceCallRequest = {
  /** E.164. */
  to: string;
  /** Absolute public URL the carrier fetches (POST) for the call's TwiML. */
  twimlUrl: string;
  /** Absolute; receives initiated, ringing, answered and completed. */
  statusCallbackUrl: string;
  /** Absolute asyncAmdStatusCallback; null = no answering-machine detection. */
  amdCallbackUrl: string | null;
  /** Ring timeout in seconds (~20). */
  timeoutSeconds: number;
};

export type CarrierCall = {
  providerCallId: string;
  status: ProviderCallStatus;
  to: string;
  from: string;
  startTime: Date | null;
  endTime: Date | null;
  durationSeconds: number | null;
  answeredBy: string | null;
};

export interface VoiceProvider {
  readonly carrier: VoiceCarrier;
  /** False for the console: nothing rings anywhere. */
  readonly dials: boolean;
  readonly fromNumber: string | null;
  placeCall(req: PlaceCallRequest): Promise<CarrierCall>;
  /**
   * Calls we placed to `to` since `since` (crash recovery: did a dead process already dial?), oldest
   * first, including calls still queued (no start time yet). Dates are the carrier's: calls it dated
   * up to a minute before `since` count too, as its clock may lag ours.
   */
  findCalls(q: { to: string; since: Date }): Promise<CarrierCall[]>;
  /** The call as the carrier knows it now; null when the carrier has no such call. */
  fetchCall(providerCallId: string): Promise<CarrierCall | null>;
  /** End the call whatever its state (cancel while queued or ringing); a call already over is left as it is. */
  hangUp(providerCallId: string): Promise<void>;
  /** Move a live call to other TwiML (an answering machine gets the voicemail); a call already over is left as it is. */
  redirectCall(providerCallId: string, twimlUrl: string): Promise<void>;
  /** Verify a signed carrier callback against the PUBLIC url it was configured with (never the request's Host). */
  verifyCallback(input: { url: string; signature: string | null; params: Record<string, string> }): boolean;
}

export type VoiceProviderErrorKind = "invalid-number" | "unverified-caller-id" | "auth" | "rate-limited" | "unavailable" | "rejected";

/**
 * The carrier refused or could not be reached. `message` is the carrier's own explanation (safe to
 * store on a call log: it never holds credentials); `code` is the carrier's error code (Twilio 21211 ...).
 */
export class VoiceProviderError extends Error {
  readonly kind: VoiceProviderErrorKind;
  readonly code?: number;
  readonly status?: number;
  readonly retryable: boolean;
  /**
   * placeCall only: the carrier may have created the call although we got no answer saying so (a
   * timeout or a 5xx after it accepted the request). Look the call up (findCalls) before dialling again.
   */
  readonly mayHaveDialled: boolean;

  constructor(kind: VoiceProviderErrorKind, message: string, options: { code?: number; status?: number; retryable?: boolean; mayHaveDialled?: boolean } = {}) {
    super(message);
    this.name = "VoiceProviderError";
    this.kind = kind;
    this.code = options.code;
    this.status = options.status;
    this.retryable = options.retryable ?? (kind === "rate-limited" || kind === "unavailable");
    this.mayHaveDialled = options.mayHaveDialled ?? false;
  }
}
