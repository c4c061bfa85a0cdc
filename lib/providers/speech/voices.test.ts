import { describe, expect, it } from "vitest";
import { VOICES } from "@/lib/schemas/preferences";
import { DEFAULT_VOICE, SAY_TEXT_LIMITS, sayLimitFor, sayVoiceFor, splitForSay, VOICE_OPTIONS, voiceOptionFor } from "./voices";

const bytes = (s: string) => new TextEncoder().encode(s).length;

describe("the voice catalogue", () => {
  it("has one entry per selectable voice, in order, each with a Polly neural <Say> voice", () => {
    expect(VOICE_OPTIONS.map((v) => v.id)).toEqual([...VOICES]);
    for (const v of VOICE_OPTIONS) {
      expect(v.openaiVoice).toBe(v.id);
      expect(v.sayVoice).toMatch(/^Polly\.[A-Z][a-z]+-(Neural|Generative)$/);
      expect(v.sayLanguage).toMatch(/^en-(US|GB)$/);
      // A label a person understands: the name, how it sounds, the accent.
      expect(v.label).toMatch(new RegExp(`^${v.id[0]!.toUpperCase()}${v.id.slice(1)} — [a-z ]+ \\((US|British) English\\)$`));
      expect(v.description).toContain("(Amazon Polly) reads your calls");
    }
    expect(new Set(VOICE_OPTIONS.map((v) => v.label)).size).toBe(VOICE_OPTIONS.length);
  });

  it("maps a stored preference to its <Say> voice, and anything unknown to the default's", () => {
    expect(sayVoiceFor("onyx")).toBe("Polly.Gregory-Neural");
    expect(sayVoiceFor("fable")).toBe("Polly.Brian-Neural");
    expect(voiceOptionFor("fable").sayLanguage).toBe("en-GB");
    expect(DEFAULT_VOICE).toBe("alloy");
    expect(sayVoiceFor("no-such-voice")).toBe(sayVoiceFor("alloy"));
    expect(sayVoiceFor(null)).toBe(sayVoiceFor("alloy"));
  });

  it("knows each engine's <Say> limit", () => {
    expect(sayLimitFor("Polly.Joanna-Neural")).toBe(3_000);
    expect(sayLimitFor("Google.en-US-Neural2-A")).toBe(5_000);
    expect(sayLimitFor("woman")).toBe(4_096);
    expect(SAY_TEXT_LIMITS.polly).toBe(3_000);
  });
});

describe("splitForSay", () => {
  it("keeps short text whole (whitespace tidied) and gives nothing for blank text", () => {
    expect(splitForSay("  Hello,\n\n  world.  ")).toEqual(["Hello, world."]);
    expect(splitForSay(" \n\t ")).toEqual([]);
  });

  it("cuts at sentence ends under the limit, and puts the text back together exactly", () => {
    const text = "First sentence here. Second one is a bit longer! Is this the third? Yes, and “quoted.” Then (brackets.) End";
    const chunks = splitForSay(text, 50);
    expect(chunks).toEqual(["First sentence here. Second one is a bit longer!", "Is this the third? Yes, and “quoted.”", "Then (brackets.) End"]);
    expect(chunks.join(" ")).toBe(text);
  });

  it("does not treat a decimal point or an address as a sentence end", () => {
    expect(splitForSay("Version 2.5 shipped to dana@example.com today. Next item.", 48)).toEqual([
      "Version 2.5 shipped to dana@example.com today.",
      "Next item.",
    ]);
  });

  it("falls back to word boundaries for a sentence longer than the limit, never cutting a word", () => {
    const sentence = Array.from({ length: 400 }, (_, i) => `word${i}`).join(" ");
    const chunks = splitForSay(sentence, 100);
    expect(chunks.length).toBeGreaterThan(1);
    for (const c of chunks) {
      expect(bytes(c)).toBeLessThanOrEqual(100);
      expect(c).toMatch(/^word\d+( word\d+)*$/);
    }
    expect(chunks.join(" ")).toBe(sentence);
  });

  it("counts UTF-8 bytes, as Twilio does, and never splits a character", () => {
    const text = "Ça coûte 10 €. ".repeat(400).trim();
    const chunks = splitForSay(text, SAY_TEXT_LIMITS.polly);
    expect(chunks.length).toBeGreaterThan(1);
    for (const c of chunks) expect(bytes(c)).toBeLessThanOrEqual(3_000);
    expect(chunks.join(" ")).toBe(text);
  });

  it("cuts a single word longer than the limit as a last resort, still under the limit and never empty", () => {
    const url = `https://example.com/${"é".repeat(40)}`;
    const chunks = splitForSay(`See ${url} now.`, 30);
    for (const c of chunks) {
      expect(c.length).toBeGreaterThan(0);
      expect(bytes(c)).toBeLessThanOrEqual(30);
    }
    expect(chunks.join("").replace(/ /g, "")).toBe(`See${url}now.`);
  });

  it("splits a long script into the fewest pieces that fit", () => {
    const sentence = "You have a new message from the finance team about the quarterly numbers.";
    const text = Array.from({ length: 100 }, () => sentence).join(" ");
    const chunks = splitForSay(text);
    // 100 sentences of 75 bytes with their space: 40 fit in 3,000 bytes, so 40 + 40 + 20.
    expect(chunks.map((c) => c.split(". ").length)).toEqual([40, 40, 20]);
    for (const c of chunks) expect(bytes(c)).toBeLessThanOrEqual(3_000);
  });

  it("refuses a limit that is not a positive integer", () => {
    expect(() => splitForSay("Hello.", 0)).toThrow(RangeError);
  });
});
