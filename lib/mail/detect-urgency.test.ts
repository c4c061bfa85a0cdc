import { describe, expect, it } from "vitest";
import { detectUrgency, type UrgencyInput } from "./detect-urgency";

const all = { urgent_financial: true, investor_updates: true, customer_issues: true, team_urgent: true };
const base: UrgencyInput = { category: "unassigned", sender_type: "personal", domain: "other.com", subject: "", snippet: "", user_domain: "acme.io" };

describe("detectUrgency", () => {
  it("calls for every message of a call-me sender", () => {
    expect(detectUrgency({ ...base, category: "call-me", subject: "hi" }, all)).toBe("call-me");
  });

  it("matches switched-on triggers only", () => {
    const failed = { ...base, sender_type: "tool" as const, subject: "Payment failed for invoice 42" };
    expect(detectUrgency(failed, all)).toBe("urgent_financial");
    expect(detectUrgency(failed, { ...all, urgent_financial: false })).toBeNull();
    expect(detectUrgency({ ...base, subject: "Term sheet attached" }, all)).toBe("investor_updates");
    expect(detectUrgency({ ...base, subject: "Escalation: customer can't log in" }, all)).toBe("customer_issues");
    expect(detectUrgency({ ...base, domain: "acme.io", subject: "URGENT prod is down" }, all)).toBe("team_urgent");
    // Same words from outside the company are not a teammate.
    expect(detectUrgency({ ...base, subject: "urgent: lunch?" }, all)).toBeNull();
  });

  it("never calls for silenced, private or bulk senders", () => {
    for (const category of ["keep-quiet", "why-did-i-signup", "dont-tell-anyone"] as const) {
      expect(detectUrgency({ ...base, category, subject: "Payment failed" }, all)).toBeNull();
    }
    expect(detectUrgency({ ...base, sender_type: "newsletter", subject: "Payment failed: what founders learn" }, all)).toBeNull();
  });
});
