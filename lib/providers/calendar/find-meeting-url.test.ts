import { describe, expect, it } from "vitest";
import { findMeetingUrl } from "./find-meeting-url";

describe("findMeetingUrl", () => {
  it("finds Zoom, Meet and Teams links in free text and drops trailing punctuation", () => {
    expect(findMeetingUrl("Room 4B", "Join: https://acme.zoom.us/j/123456789?pwd=abc. Thanks")).toBe("https://acme.zoom.us/j/123456789?pwd=abc");
    expect(findMeetingUrl("https://meet.google.com/abc-defg-hij")).toBe("https://meet.google.com/abc-defg-hij");
    expect(findMeetingUrl(null, undefined, "<https://teams.microsoft.com/l/meetup-join/19%3ameeting>")).toBe(
      "https://teams.microsoft.com/l/meetup-join/19%3ameeting",
    );
  });

  it("ignores other links, plain http and look-alike hosts", () => {
    expect(findMeetingUrl("Agenda: https://docs.google.com/document/d/1", "http://zoom.us/j/1")).toBeNull();
    expect(findMeetingUrl("https://zoom.us.evil.example/j/1", "https://notzoom.us/j/1")).toBeNull();
    expect(findMeetingUrl("")).toBeNull();
  });
});
