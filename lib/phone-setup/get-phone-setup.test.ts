import { afterEach, describe, expect, it } from "vitest";
import { getPhoneSetup } from "./get-phone-setup";

const KEYS = ["TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "TWILIO_PHONE_NUMBER", "OPENAI_API_KEY"] as const;
const saved = Object.fromEntries(KEYS.map((k) => [k, process.env[k]]));

function configure(vars: Partial<Record<(typeof KEYS)[number], string>>) {
  for (const k of KEYS) delete process.env[k];
  Object.assign(process.env, vars);
}

const TWILIO = { TWILIO_ACCOUNT_SID: `AC${"0".repeat(32)}`, TWILIO_AUTH_TOKEN: "test-token", TWILIO_PHONE_NUMBER: "+15005550006" };
const none = { phone_number: null, phone_confirmed_at: null };
const unconfirmed = { phone_number: "+14155550123", phone_confirmed_at: null };
const confirmed = { phone_number: "+14155550123", phone_confirmed_at: new Date("2026-03-01T10:00:00Z") };

afterEach(() => {
  for (const k of KEYS) {
    if (saved[k] === undefined) delete process.env[k];
    else process.env[k] = saved[k];
  }
});

describe("getPhoneSetup", () => {
  it("without a phone line nothing is dialled, so no number or confirmation is needed", () => {
    configure({});
    expect(getPhoneSetup(none)).toEqual({ dials: false, speech_engine: "twilio-say", phone_number: null, phone_state: "not-needed" });
    expect(getPhoneSetup(unconfirmed)).toMatchObject({ dials: false, phone_number: "+14155550123", phone_state: "not-needed" });
  });

  it("with Twilio configured, the number's state decides: none, not confirmed, confirmed", () => {
    configure(TWILIO);
    expect(getPhoneSetup(none)).toMatchObject({ dials: true, phone_state: "none" });
    expect(getPhoneSetup(unconfirmed)).toMatchObject({ dials: true, phone_state: "unconfirmed" });
    expect(getPhoneSetup(confirmed)).toMatchObject({ dials: true, phone_state: "confirmed" });
  });

  it("a partial Twilio configuration is no phone line", () => {
    configure({ TWILIO_ACCOUNT_SID: TWILIO.TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN: TWILIO.TWILIO_AUTH_TOKEN });
    expect(getPhoneSetup(confirmed)).toMatchObject({ dials: false, phone_state: "not-needed" });
  });

  it("OpenAI speech speaks when OPENAI_API_KEY is set, else Twilio <Say>", () => {
    configure({ ...TWILIO, OPENAI_API_KEY: "sk-test" });
    expect(getPhoneSetup(confirmed).speech_engine).toBe("openai");
    configure(TWILIO);
    expect(getPhoneSetup(confirmed).speech_engine).toBe("twilio-say");
  });
});
