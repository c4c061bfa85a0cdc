import type { CallItem } from "@/lib/db/schema/calls";
import type { CallType } from "@/lib/schemas/enums";
import { wallTime } from "@/lib/time/zoned-time";

/*
 * What PookAi says on a call, as deterministic templates: the default script (an LLM may polish the
 * item lines when configured). Every sentence a call can speak is built here, so the TwiML renderer,
 * the voicemail, the console transcript and speech synthesis all use the same words.
 */

const GIST_MAX = 220;
const SUBJECT_MAX = 160;

/** A stored message as a call reads it. Never built for a dont-tell-anyone sender. */
export type MessageForCall = {
  message_id: string;
  sender_id: string;
  from_name: string;
  from_email: string;
  subject: string;
  preview: string;
  received_at: Date;
};

function clip(text: string, max: number): string {
  const t = text.replace(/\s+/g, " ").trim();
  if (t.length <= max) return t;
  const cut = t.slice(0, max);
  const space = cut.lastIndexOf(" ");
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).replace(/[,;:\-–—]+$/, "")}…`;
}

/** The first sentence of a preview, short enough to say in one breath. */
export function gistOf(preview: string): string {
  const text = preview.replace(/\s+/g, " ").trim();
  if (!text) return "";
  const sentence = /^(.{20,}?[.!?])(\s|$)/.exec(text)?.[1] ?? text;
  return clip(sentence, GIST_MAX);
}

/** Who wrote, as a person would say it: the display name, else the address's local part. */
export function spokenSender(name: string, email: string): string {
  const n = name.replace(/["<>]/g, "").trim();
  if (n) return n;
  const local = email.split("@")[0] ?? email;
  return local.replace(/[._-]+/g, " ").trim() || email;
}

/** "just now", "12 minutes ago", "at 9:05 AM", "yesterday at 6:40 PM", "on Tuesday at 8:15 AM". */
export function spokenWhen(at: Date, now: Date, timeZone: string): string {
  const minutes = Math.round((now.getTime() - at.getTime()) / 60_000);
  if (minutes < 2) return "just now";
  if (minutes < 60) return `${minutes} minutes ago`;
  const clock = new Intl.DateTimeFormat("en-US", { timeZone, hour: "numeric", minute: "2-digit" }).format(at);
  const a = wallTime(at, timeZone);
  const n = wallTime(now, timeZone);
  const dayDiff = Math.round((Date.UTC(n.year, n.month - 1, n.day) - Date.UTC(a.year, a.month - 1, a.day)) / 86_400_000);
  if (dayDiff === 0) return `at ${clock}`;
  if (dayDiff === 1) return `yesterday at ${clock}`;
  const weekday = new Intl.DateTimeFormat("en-US", { timeZone, weekday: "long" }).format(at);
  return `on ${weekday} at ${clock}`;
}

/** One item of an urgent call: who wrote, when, the subject, and a one-sentence gist. */
export function messageItem(m: MessageForCall, now: Date, timeZone: string): CallItem {
  const from = spokenSender(m.from_name, m.from_email);
  const subject = clip(m.subject, SUBJECT_MAX);
  const gist = gistOf(m.preview);
  const about = subject ? `, about: ${subject}.` : ", with no subject.";
  const text = `From ${from}, ${spokenWhen(m.received_at, now, timeZone)}${about}${gist ? ` It says: ${gist}` : ""}`;
  return { kind: "message", message_id: m.message_id, sender_id: m.sender_id, from, subject, text };
}

/** A note the caller of the API asked PookAi to read. */
export function noteItem(content: string): CallItem {
  return { kind: "note", text: clip(content, 2000) };
}

function firstName(name: string): string {
  return name.trim().split(/\s+/)[0] ?? "";
}

/** The opening: who is calling (an automated assistant, said first), and why. */
export function greeting(input: { userName: string; callType: CallType; items: CallItem[]; isTest?: boolean }): string {
  const hello = firstName(input.userName) ? `Hi ${firstName(input.userName)}.` : "Hi.";
  const who = "This is PookAi, your automated inbox assistant.";
  if (input.isTest) return `${hello} ${who} This is the call you asked for, so you can hear how I sound.`;
  const messages = input.items.filter((i) => i.kind === "message").length;
  if (input.callType === "urgent") {
    if (!messages) return `${hello} ${who} I'm calling with an urgent message.`;
    return `${hello} ${who} I'm calling about ${messages === 1 ? "an urgent email" : `${messages} urgent emails`}.`;
  }
  return `${hello} ${who}`;
}

export const MENU_FULL =
  "Press 1 or say next to go on. Press 2 or say remind me later to hear it in your digest. Press 3 or say keep quiet to stop calls about this sender. Press 9 to repeat, or 0 to say goodbye.";
export const MENU_SHORT = "1 for next, 2 remind me later, 3 keep quiet, 9 repeat, 0 goodbye.";
export const MENU_NOTE = "Press 1 or say next to go on, 9 to repeat, or 0 to say goodbye.";
export const NOT_UNDERSTOOD = "Sorry, I didn't catch that.";
export const REMIND_LATER_ACK = "Okay. It will be in your next digest.";
export const CLOSING = "That's everything for now. Goodbye.";
export const GOODBYE = "Goodbye.";
export const NOTHING_LEFT = "There's nothing left to read: those emails were handled already. Goodbye.";

export function keepQuietAck(from: string): string {
  return `Done. Mail from ${from} is kept quiet from now on, and I won't call about it.`;
}

/** Spoken hints for speech recognition, in the order of the menu. */
export const SPEECH_HINTS = "next, remind me later, keep quiet, repeat, goodbye";

/**
 * The voicemail: who it is from and the subject only (never a preview), for a non-private sender; the
 * rest is in the app.
 */
export function voicemail(input: { userName: string; callType: CallType; items: CallItem[]; isTest?: boolean }): string {
  const hello = firstName(input.userName) ? `Hi ${firstName(input.userName)}, this is PookAi,` : "Hi, this is PookAi,";
  if (input.isTest) return `${hello} your inbox assistant, returning your test call. Everything works. Goodbye.`;
  const messages = input.items.filter((i) => i.kind === "message");
  const first = messages[0];
  if (!first) return `${hello} your inbox assistant, with an urgent message. The details are in the app. Goodbye.`;
  const about = first.subject ? ` about ${first.subject}` : "";
  const more = messages.length > 1 ? `, and ${messages.length - 1} more` : "";
  return `${hello} your inbox assistant. You have ${messages.length === 1 ? "an urgent email" : `${messages.length} urgent emails`}: from ${first.from}${about}${more}. The details are in the app. Goodbye.`;
}

/** The confirmation code read out digit by digit, twice. */
export function confirmationScript(code: string): string {
  const spoken = code.split("").join(", ");
  return `Hi, this is PookAi, your automated inbox assistant, confirming your phone number. Your code is ${spoken}. Again, your code is ${spoken}. Enter it in the app, or press 1 now to confirm this number.`;
}
export const CONFIRMED = "Thank you. Your number is confirmed. Goodbye.";

/** The whole script of a call in reading order, as stored on the call log. */
export function fullScript(input: { userName: string; callType: CallType; items: CallItem[]; isTest?: boolean }): string {
  const parts = [greeting(input), ...input.items.map((i) => i.text)];
  if (!input.isTest) parts.push(CLOSING);
  return parts.join("\n");
}
