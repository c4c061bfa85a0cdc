import { randomUUID } from "node:crypto";
import { logger } from "@/lib/logger";
import type { CarrierCall, PlaceCallRequest, VoiceProvider } from "./types";

/**
 * The embedded default when no phone line is configured: nothing is dialled anywhere. The call goes
 * through the same pipeline and is recorded as not dialled; its log line says so and nothing more
 * (never the script, never mail content).
 */
export class ConsoleVoiceProvider implements VoiceProvider {
  readonly carrier = "console" as const;
  readonly dials = false;
  readonly fromNumber = null;

  async placeCall(req: PlaceCallRequest): Promise<CarrierCall> {
    const providerCallId = `console-${randomUUID()}`;
    logger.info("Call not dialled: no phone line is configured (set TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and TWILIO_PHONE_NUMBER to place real calls)", {
      call: providerCallId,
    });
    const now = new Date();
    return { providerCallId, status: "completed", to: req.to, from: "console", startTime: now, endTime: now, durationSeconds: 0, answeredBy: null };
  }

  async findCalls(): Promise<CarrierCall[]> {
    return [];
  }

  async fetchCall(): Promise<CarrierCall | null> {
    return null;
  }

  async hangUp(): Promise<void> {}

  /** Nothing calls back from the console, so no callback can be genuine. */
  verifyCallback(): boolean {
    return false;
  }
}
