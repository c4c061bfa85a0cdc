/** The closed value sets the database, the API and the UI share: one source for each. */
export const SENDER_CATEGORIES = ["call-me", "remind-me", "keep-quiet", "why-did-i-signup", "dont-tell-anyone", "unassigned"] as const;
export const SENDER_TYPES = ["newsletter", "tool", "meeting", "promotional", "personal"] as const;
export const CALL_TYPES = ["urgent", "digest", "meeting-reminder", "phone-confirmation"] as const;
export const CALL_STATUSES = ["scheduled", "in-progress", "completed", "failed"] as const;
/** What the carrier says of one attempt (Twilio's CallStatus values). */
export const PROVIDER_CALL_STATUSES = ["queued", "initiated", "ringing", "in-progress", "completed", "busy", "no-answer", "canceled", "failed"] as const;
/** Who picked up, from answering-machine detection. */
export const ANSWERED_BY = ["human", "machine", "unknown"] as const;
/** How a call (or one attempt of it) ended, for people: the API's summary beside `status`. */
export const CALL_OUTCOMES = ["answered", "voicemail", "no-answer", "busy", "failed", "not-dialled"] as const;
export const VOICE_CARRIERS = ["twilio", "console"] as const;
export const SPEECH_ENGINES = ["twilio-say", "openai"] as const;
export const MEETING_REMINDER_TIMINGS = ["15-minutes", "30-minutes", "1-hour", "2-hours", "1-day"] as const;
export const MEETING_REMINDER_FREQUENCIES = ["all-meetings", "important-only", "external-only", "investor-calls"] as const;
export const MEETING_REMINDER_METHODS = ["call-only", "digest-only", "call-and-digest"] as const;
export const MAIL_PROVIDERS = ["gmail", "outlook", "imap", "demo"] as const;
export const CALENDAR_PROVIDERS = ["google", "outlook", "caldav", "demo"] as const;
/** A calendar event's own status and the user's response to it, as the providers report them. */
export const CALENDAR_EVENT_STATUSES = ["confirmed", "tentative", "cancelled"] as const;
export const SELF_RESPONSES = ["accepted", "tentative", "declined", "needs-action"] as const;
export const RULE_MATCH_TYPES = ["email", "domain", "list_id"] as const;

export type SenderCategory = (typeof SENDER_CATEGORIES)[number];
export type SenderType = (typeof SENDER_TYPES)[number];
export type CallType = (typeof CALL_TYPES)[number];
export type CallStatus = (typeof CALL_STATUSES)[number];
export type ProviderCallStatus = (typeof PROVIDER_CALL_STATUSES)[number];
export type AnsweredBy = (typeof ANSWERED_BY)[number];
export type CallOutcome = (typeof CALL_OUTCOMES)[number];
export type VoiceCarrierName = (typeof VOICE_CARRIERS)[number];
export type SpeechEngine = (typeof SPEECH_ENGINES)[number];
