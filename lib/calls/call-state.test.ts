import { describe, expect, it } from "vitest";
import { answeredByOf, isStatusAdvance, outcomeOf } from "./call-state";
import { parseCallInput } from "./handle-call-input";

describe("carrier statuses", () => {
  it("only move forward, and an ending never moves", () => {
    expect(isStatusAdvance(null, "ringing")).toBe(true);
    expect(isStatusAdvance("ringing", "in-progress")).toBe(true);
    expect(isStatusAdvance("in-progress", "ringing")).toBe(false);
    expect(isStatusAdvance("ringing", "ringing")).toBe(false);
    expect(isStatusAdvance("completed", "failed")).toBe(false);
    expect(isStatusAdvance("queued", "no-answer")).toBe(true);
  });

  it("name how a call ended", () => {
    expect(outcomeOf("completed", "human")).toBe("answered");
    expect(outcomeOf("completed", null)).toBe("answered");
    expect(outcomeOf("completed", "machine")).toBe("voicemail");
    expect(outcomeOf("busy", null)).toBe("busy");
    expect(outcomeOf("canceled", null)).toBe("failed");
    expect(outcomeOf("ringing", null)).toBeNull();
    expect(["human", "machine_end_beep", "machine_start", "fax", "unknown"].map(answeredByOf)).toEqual(["human", "machine", "machine", "machine", "unknown"]);
  });
});

describe("what the caller pressed or said", () => {
  it("keys map to the menu; other keys are nothing", () => {
    expect(["1", "2", "3", "9", "0", "7", "#"].map((digits) => parseCallInput({ digits }).command)).toEqual([
      "next",
      "remind-later",
      "keep-quiet",
      "repeat",
      "goodbye",
      null,
      null,
    ]);
  });

  it("phrases map to the same commands, the more specific first", () => {
    const said = (speech: string) => parseCallInput({ speech }).command;
    expect(said("Remind me later, please.")).toBe("remind-later");
    expect(said("keep it quiet")).toBe("keep-quiet");
    expect(said("Could you say that again?")).toBe("repeat");
    expect(said("OK, next one")).toBe("next");
    expect(said("Goodbye!")).toBe("goodbye");
    expect(said("pineapple")).toBeNull();
    expect(parseCallInput({}).line).toBe("(no answer)");
  });
});
