import twilio from "twilio";
import type { CallInstance } from "twilio/lib/rest/api/v2010/account/call";
import type { TwilioConfig } from "@/lib/env";
import { TwilioBaseUrlClient } from "./twilio-base-url-client";
import { PROVIDER_CALL_STATUSES, VoiceProviderError, type CarrierCall, type PlaceCallRequest, type ProviderCallStatus, type VoiceProvider } from "./types";

/** Every progress event: Twilio's default is `completed` only, and a space-joined string is not a list. */
const STATUS_CALLBACK_EVENTS = ["initiated", "ringing", "answered", "completed"];

/** Twilio error codes by what they mean for us (https://www.twilio.com/docs/api/errors). */
const INVALID_NUMBER_CODES = new Set([21211, 21214, 21217]);
const CALLER_ID_CODES = new Set([21210, 21212]);
/**
 * How far Twilio's clock may be behind ours: findCalls also returns calls Twilio dated up to this much
 * before `since`, so that a crash-recovery look-up never misses the call it is looking for.
 */
export const CLOCK_SKEW_MS = 60_000;
/** "Call is not in-progress": the call already ended, so there is nothing to hang up. */
const CALL_NOT_IN_PROGRESS = 21220;

/** Real phone calls through twilio-node; `apiBaseUrl` moves its REST traffic off api.twilio.com. */
export class TwilioVoiceProvider implements VoiceProvider {
  readonly carrier = "twilio" as const;
  readonly dials = true;
  readonly fromNumber: string;
  private readonly client: twilio.Twilio;
  private readonly authToken: string;

  constructor(config: TwilioConfig) {
    this.fromNumber = config.phoneNumber;
    this.authToken = config.authToken;
    const clientOptions = { timeout: 15_000 };
    this.client = twilio(config.accountSid, config.authToken, {
      ...clientOptions,
      // No retries inside: calls.create has no idempotency key, so a retried create could ring twice.
      autoRetry: false,
      ...(config.apiBaseUrl ? { httpClient: new TwilioBaseUrlClient(config.apiBaseUrl, clientOptions) } : {}),
    });
  }

  async placeCall(req: PlaceCallRequest): Promise<CarrierCall> {
    const call = await this.client.calls
      .create({
        to: req.to,
        from: this.fromNumber,
        url: req.twimlUrl,
        method: "POST",
        statusCallback: req.statusCallbackUrl,
        statusCallbackMethod: "POST",
        statusCallbackEvent: STATUS_CALLBACK_EVENTS,
        timeout: req.timeoutSeconds,
        ...(req.amdCallbackUrl
          ? {
              machineDetection: "DetectMessageEnd",
              asyncAmd: "true",
              asyncAmdStatusCallback: req.amdCallbackUrl,
              asyncAmdStatusCallbackMethod: "POST",
            }
          : {}),
      })
      .catch((error: unknown) => {
        const mapped = toVoiceProviderError(error, "account");
        // Without Twilio's answer we cannot know whether it created the call.
        if (mapped.kind !== "unavailable") throw mapped;
        throw new VoiceProviderError(mapped.kind, mapped.message, { code: mapped.code, status: mapped.status, mayHaveDialled: true });
      });
    return toCarrierCall(call);
  }

  async findCalls(q: { to: string; since: Date }): Promise<CarrierCall[]> {
    // Twilio filters StartTime by day, and a queued call has no start time at all: ask for both, then
    // keep what Twilio created since `since`, read on Twilio's clock (whole seconds, maybe skewed).
    const from = new Date(Math.floor((q.since.getTime() - CLOCK_SKEW_MS) / 1000) * 1000);
    const filters = { to: q.to, from: this.fromNumber };
    const [started, queued] = await Promise.all([
      this.client.calls.list({ ...filters, startTimeAfter: from, pageSize: 100 }),
      this.client.calls.list({ ...filters, status: "queued", pageSize: 100 }),
    ]).catch((error: unknown) => {
      throw toVoiceProviderError(error, "account");
    });
    const bySid = new Map<string, CallInstance>();
    for (const call of [...started, ...queued]) bySid.set(call.sid, call);
    // Twilio's types say these dates are always there; its API answers null until a call has started.
    /* eslint-disable @typescript-eslint/no-unnecessary-condition */
    return [...bySid.values()]
      .filter((call) => (call.dateCreated ?? call.startTime ?? new Date(0)).getTime() >= from.getTime())
      .sort((a, b) => (a.dateCreated?.getTime() ?? 0) - (b.dateCreated?.getTime() ?? 0))
      .map(toCarrierCall);
    /* eslint-enable @typescript-eslint/no-unnecessary-condition */
  }

  async fetchCall(providerCallId: string): Promise<CarrierCall | null> {
    try {
      return toCarrierCall(await this.client.calls(providerCallId).fetch());
    } catch (error) {
      if (restStatus(error) === 404) return null;
      throw toVoiceProviderError(error, "call");
    }
  }

  async hangUp(providerCallId: string): Promise<void> {
    try {
      // `completed` ends a call in any live state: answered calls hang up, queued or ringing ones are canceled.
      await this.client.calls(providerCallId).update({ status: "completed" });
    } catch (error) {
      if (restCode(error) === CALL_NOT_IN_PROGRESS) return;
      throw toVoiceProviderError(error, "call");
    }
  }

  async redirectCall(providerCallId: string, twimlUrl: string): Promise<void> {
    try {
      await this.client.calls(providerCallId).update({ url: twimlUrl, method: "POST" });
    } catch (error) {
      if (restCode(error) === CALL_NOT_IN_PROGRESS) return;
      throw toVoiceProviderError(error, "call");
    }
  }

  verifyCallback(input: { url: string; signature: string | null; params: Record<string, string> }): boolean {
    if (!input.signature) return false;
    return twilio.validateRequest(this.authToken, input.signature, input.url, input.params);
  }
}

// Twilio's types say every field is there; its API answers null for the ones a call has not reached yet.
/* eslint-disable @typescript-eslint/no-unnecessary-condition */
function toCarrierCall(call: CallInstance): CarrierCall {
  const duration = call.duration === null || call.duration === undefined || call.duration === "" ? null : Number(call.duration);
  return {
    providerCallId: call.sid,
    status: toProviderStatus(call.status),
    to: call.to,
    from: call.from,
    startTime: call.startTime ?? null,
    endTime: call.endTime ?? null,
    durationSeconds: duration === null || Number.isNaN(duration) ? null : duration,
    answeredBy: call.answeredBy ?? null,
  };
}
/* eslint-enable @typescript-eslint/no-unnecessary-condition */

function toProviderStatus(status: string): ProviderCallStatus {
  return (PROVIDER_CALL_STATUSES as readonly string[]).includes(status) ? (status as ProviderCallStatus) : "queued";
}

/** Twilio answered with an error (twilio-node's RestException, or TwilioServiceException for RFC 9457 bodies). */
function asRestError(error: unknown): { status: number; code?: number; message: string } | null {
  if (!(error instanceof Error)) return null;
  const { status, code } = error as Error & { status?: unknown; code?: unknown };
  if (typeof status !== "number") return null;
  return { status, code: typeof code === "number" ? code : undefined, message: error.message };
}

function restStatus(error: unknown): number | undefined {
  return asRestError(error)?.status;
}

function restCode(error: unknown): number | undefined {
  return asRestError(error)?.code;
}

/**
 * Twilio's REST error (status, code, message) as a VoiceProviderError. `scope` says what a 404 means:
 * on the account's call list it is a wrong account SID (an auth problem), on one call a call Twilio does not know.
 */
export function toVoiceProviderError(error: unknown, scope: "account" | "call"): VoiceProviderError {
  const rest = asRestError(error);
  if (rest) {
    const { status, code } = rest;
    const message = rest.message || `Twilio answered HTTP ${status}`;
    const details = { code, status };
    if (code !== undefined && INVALID_NUMBER_CODES.has(code)) return new VoiceProviderError("invalid-number", message, details);
    if (code !== undefined && CALLER_ID_CODES.has(code)) return new VoiceProviderError("unverified-caller-id", message, details);
    if (code === 20003 || status === 401 || status === 403 || (scope === "account" && status === 404)) return new VoiceProviderError("auth", message, details);
    if (code === 20429 || status === 429) return new VoiceProviderError("rate-limited", message, details);
    if (status >= 500) return new VoiceProviderError("unavailable", message, details);
    return new VoiceProviderError("rejected", message, details);
  }
  // No answer at all (refused connection, timeout, DNS): Twilio could not be reached.
  const reason = error instanceof Error ? error.message : String(error);
  return new VoiceProviderError("unavailable", `Twilio could not be reached: ${reason}`);
}
