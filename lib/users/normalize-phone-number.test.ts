import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { normalizePhoneNumber } from "./normalize-phone-number";

describe("normalizePhoneNumber", () => {
  it.each([
    ["+14155550123", "+14155550123"],
    ["  +1 (415) 555-0123 ", "+14155550123"],
    ["+33 6 12 34 56 78", "+33612345678"],
    ["+33.6.12.34.56.78", "+33612345678"],
    ["+44 (0)20 7946 0958", "+442079460958"],
    ["+49\u00a030\u00a0123456", "+4930123456"],
  ])("%j is %s", (typed, e164) => expect(normalizePhoneNumber(typed)).toBe(e164));

  it.each([null, "", "   "])("%j means no number", (typed) => expect(normalizePhoneNumber(typed)).toBeNull());

  it.each([
    ["0612345678", "Must be an E.164 phone number such as +14155550123"],
    ["555-0123", "Must be an E.164 phone number such as +14155550123"],
    ["+1 415 CALL NOW", "Must contain only digits after the + (spaces, dashes, dots and brackets are fine)"],
    ["+1-415-555-0123 ext 7", "Must contain only digits after the + (spaces, dashes, dots and brackets are fine)"],
    ["++14155550123", "Must contain only digits after the + (spaces, dashes, dots and brackets are fine)"],
    ["+0612345678", "Must be + then the country code and number: 7 to 15 digits, not starting with 0"],
    ["+12345", "Must be + then the country code and number: 7 to 15 digits, not starting with 0"],
    ["+1234567890123456", "Must be + then the country code and number: 7 to 15 digits, not starting with 0"],
  ])("refuses %j: %s", (typed, message) => {
    let thrown: unknown;
    try {
      normalizePhoneNumber(typed);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(AppError);
    expect(thrown).toMatchObject({ code: "VALIDATION_ERROR", details: { phone_number: [message] } });
  });
});
