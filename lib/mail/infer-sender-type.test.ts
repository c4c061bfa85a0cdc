import { describe, expect, it } from "vitest";
import { inferSenderType } from "./infer-sender-type";

const base = { from_email: "ann@example.com", subject: "Lunch?", headers: {} as Record<string, string> };

describe("inferSenderType", () => {
  it("calls plain mail from a person personal", () => {
    expect(inferSenderType(base)).toBe("personal");
  });
  it("detects meetings from text/calendar or invitation subjects", () => {
    expect(inferSenderType({ ...base, headers: { "content-type": "text/calendar; method=REQUEST" } })).toBe("meeting");
    expect(inferSenderType({ ...base, subject: "Invitation: Weekly sync @ Tue 10am" })).toBe("meeting");
    expect(inferSenderType({ ...base, has_calendar: true })).toBe("meeting");
  });
  it("detects newsletters from list headers", () => {
    expect(inferSenderType({ ...base, headers: { "list-unsubscribe": "<https://x.example/u>" }, subject: "This week in AI" })).toBe("newsletter");
    expect(inferSenderType({ ...base, headers: { "list-id": "<news.example.com>" } })).toBe("newsletter");
    expect(inferSenderType({ ...base, headers: { precedence: "bulk" } })).toBe("newsletter");
  });
  it("detects promotions from ESP campaign headers or promo subjects on bulk mail", () => {
    expect(inferSenderType({ ...base, headers: { "x-mailgun-tag": "spring" } })).toBe("promotional");
    expect(inferSenderType({ ...base, headers: { precedence: "bulk" }, subject: "48 hours only: 30% off everything" })).toBe("promotional");
    // A promo-sounding subject from a person is not a promotion.
    expect(inferSenderType({ ...base, subject: "Great deal on the office lease?" })).toBe("personal");
  });
  it("detects tools from Auto-Submitted, SaaS senders and no-reply addresses", () => {
    expect(inferSenderType({ ...base, headers: { "auto-submitted": "auto-generated" } })).toBe("tool");
    expect(inferSenderType({ ...base, headers: { "auto-submitted": "no" } })).toBe("personal");
    expect(inferSenderType({ ...base, from_email: "notifications@github.com", headers: { "list-id": "<repo.org.github.com>" } })).toBe("tool");
    expect(inferSenderType({ ...base, from_email: "no-reply@shop.example" })).toBe("tool");
  });
});
