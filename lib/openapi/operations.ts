import { z } from "zod";
import { loginBodySchema, refreshBodySchema, registerBodySchema, sessionSchema, tokensResponseSchema, verifyEmailBodySchema } from "@/lib/schemas/auth";
import { callAnalyticsQuerySchema, callAnalyticsSchema, senderAnalyticsQuerySchema, senderAnalyticsSchema } from "@/lib/schemas/analytics";
import {
  calendarEventsResponseSchema,
  calendarIntegrationSchema,
  calendarStatusResponseSchema,
  connectCalendarBodySchema,
  connectCalendarResponseSchema,
  daysAheadQuerySchema,
  upcomingRemindersResponseSchema,
} from "@/lib/schemas/calendar";
import { callSchema, listCallsQuerySchema, nextDigestSchema, scheduleUrgentBodySchema } from "@/lib/schemas/calls";
import { userSchema } from "@/lib/schemas/common";
import { preferencesSchema, updatePreferencesBodySchema } from "@/lib/schemas/preferences";
import { bulkUpdateBodySchema, listSendersQuerySchema, senderSchema, updateCategoryBodySchema } from "@/lib/schemas/senders";
import { connectEmailBodySchema, connectEmailResponseSchema, emailStatusResponseSchema, integrationSchema, jobResponseSchema, scanJobSchema, startJobBodySchema } from "@/lib/schemas/integrations";
import { createRuleBodySchema, ruleSchema } from "@/lib/schemas/rules";
import { deleteAccountResponseSchema, profileResponseSchema, updateProfileBodySchema } from "@/lib/schemas/users";

export type Operation = {
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  /** OpenAPI path template, e.g. /api/senders/{id}. */
  path: string;
  summary: string;
  tag: string;
  auth: boolean;
  query?: z.ZodType;
  body?: z.ZodType;
  response?: z.ZodType;
  status?: number;
  paginated?: boolean;
};

const checks = z.record(z.string(), z.object({ status: z.enum(["ok", "error"]), message: z.string().optional() }));

/** Every /api operation. A test holds this list equal to the route files, so nothing goes undocumented. */
export const OPERATIONS: Operation[] = [
  { method: "POST", path: "/api/auth/register", summary: "Create an account and sign in", tag: "auth", auth: false, body: registerBodySchema, response: tokensResponseSchema, status: 201 },
  { method: "POST", path: "/api/auth/login", summary: "Sign in with email and password", tag: "auth", auth: false, body: loginBodySchema, response: tokensResponseSchema },
  { method: "POST", path: "/api/auth/logout", summary: "End the current session", tag: "auth", auth: true, response: z.null() },
  { method: "GET", path: "/api/auth/me", summary: "The signed-in user", tag: "auth", auth: true, response: z.object({ user: userSchema }) },
  { method: "POST", path: "/api/auth/refresh", summary: "Rotate a refresh token into a new token pair", tag: "auth", auth: false, body: refreshBodySchema, response: tokensResponseSchema },
  { method: "POST", path: "/api/auth/verify-email", summary: "Verify the email address with the emailed token", tag: "auth", auth: false, body: verifyEmailBodySchema, response: z.object({ user: userSchema }) },
  { method: "GET", path: "/api/auth/sessions", summary: "Live sessions of the user", tag: "auth", auth: true, response: z.object({ sessions: z.array(sessionSchema) }) },
  { method: "DELETE", path: "/api/auth/sessions/{id}", summary: "Revoke a session", tag: "auth", auth: true, response: z.null() },
  { method: "GET", path: "/api/users/profile", summary: "The user's profile", tag: "users", auth: true, response: profileResponseSchema },
  { method: "PUT", path: "/api/users/profile", summary: "Update name, time zone or phone number", tag: "users", auth: true, body: updateProfileBodySchema, response: profileResponseSchema },
  { method: "DELETE", path: "/api/users/account", summary: "Delete the account (purged after the grace period)", tag: "users", auth: true, response: deleteAccountResponseSchema },
  { method: "GET", path: "/api/senders", summary: "List senders", tag: "senders", auth: true, query: listSendersQuerySchema, response: z.object({ senders: z.array(senderSchema), total: z.number().int(), page: z.number().int() }), paginated: true },
  { method: "GET", path: "/api/senders/{id}", summary: "One sender", tag: "senders", auth: true, response: z.object({ sender: senderSchema }) },
  { method: "PUT", path: "/api/senders/{id}/category", summary: "Assign a sender to a category", tag: "senders", auth: true, body: updateCategoryBodySchema, response: z.object({ sender: senderSchema }) },
  { method: "POST", path: "/api/senders/bulk-update", summary: "Assign categories to many senders (all or nothing)", tag: "senders", auth: true, body: bulkUpdateBodySchema, response: z.object({ updated_count: z.number().int() }) },
  { method: "POST", path: "/api/senders/scan", summary: "Scan the mailbox for senders (a running scan is returned)", tag: "senders", auth: true, body: startJobBodySchema, response: jobResponseSchema, status: 202 },
  { method: "GET", path: "/api/senders/scan/{job_id}", summary: "Status and progress of a scan", tag: "senders", auth: true, response: scanJobSchema },
  {
    method: "POST",
    path: "/api/senders/{id}/unsubscribe",
    summary: "Unsubscribe: one-click (RFC 8058) or the link to open",
    tag: "senders",
    auth: true,
    response: z.object({
      sender: senderSchema,
      unsubscribe: z.object({ method: z.enum(["one-click", "link", "mailto"]), status: z.enum(["succeeded", "manual"]), url: z.string().nullable() }),
    }),
  },
  { method: "GET", path: "/api/rules", summary: "Domain, email and List-Id rules", tag: "rules", auth: true, response: z.object({ rules: z.array(ruleSchema) }) },
  { method: "POST", path: "/api/rules", summary: "Create a rule and apply it to existing senders", tag: "rules", auth: true, body: createRuleBodySchema, response: z.object({ rule: ruleSchema, applied_count: z.number().int() }), status: 201 },
  { method: "DELETE", path: "/api/rules/{id}", summary: "Delete a rule", tag: "rules", auth: true, response: z.object({ reverted_count: z.number().int() }) },
  { method: "POST", path: "/api/integrations/email/connect", summary: "Connect a mailbox (tried before anything is stored)", tag: "integrations", auth: true, body: connectEmailBodySchema, response: connectEmailResponseSchema, status: 201 },
  { method: "GET", path: "/api/integrations/email/status", summary: "Mailbox connection status", tag: "integrations", auth: true, response: emailStatusResponseSchema },
  { method: "POST", path: "/api/integrations/email/sync", summary: "Sync new mail now", tag: "integrations", auth: true, body: startJobBodySchema, response: jobResponseSchema, status: 202 },
  { method: "DELETE", path: "/api/integrations/email/{id}", summary: "Disconnect a mailbox (senders are kept)", tag: "integrations", auth: true, response: z.object({ integration: integrationSchema, revoked: z.boolean() }) },
  { method: "GET", path: "/api/integrations/email/google/start", summary: "Browser OAuth: redirect to Google's consent screen (302)", tag: "integrations", auth: true },
  { method: "GET", path: "/api/integrations/email/google/callback", summary: "Browser OAuth: Google's redirect back (302 to /integrations)", tag: "integrations", auth: true },
  { method: "GET", path: "/api/integrations/email/microsoft/start", summary: "Browser OAuth: redirect to Microsoft's consent screen (302)", tag: "integrations", auth: true },
  { method: "GET", path: "/api/integrations/email/microsoft/callback", summary: "Browser OAuth: Microsoft's redirect back (302 to /integrations)", tag: "integrations", auth: true },
  { method: "POST", path: "/api/integrations/calendar/connect", summary: "Connect a calendar: google/outlook (code or refresh token), caldav (url, username, password) or demo; tried before anything is stored", tag: "integrations", auth: true, body: connectCalendarBodySchema, response: connectCalendarResponseSchema, status: 201 },
  { method: "GET", path: "/api/integrations/calendar/status", summary: "Calendar connection status", tag: "integrations", auth: true, response: calendarStatusResponseSchema },
  { method: "GET", path: "/api/integrations/calendar/events", summary: "Upcoming meetings across the user's calendars (days_ahead 1-60); a failing calendar is named and the others still answer (partial), all failing is 502", tag: "integrations", auth: true, query: daysAheadQuerySchema, response: calendarEventsResponseSchema },
  { method: "DELETE", path: "/api/integrations/calendar/{id}", summary: "Disconnect a calendar (grant revoked where possible)", tag: "integrations", auth: true, response: z.object({ integration: calendarIntegrationSchema, revoked: z.boolean() }) },
  { method: "GET", path: "/api/integrations/calendar/google/start", summary: "Browser OAuth: redirect to Google's consent screen for calendar.readonly (302)", tag: "integrations", auth: true },
  { method: "GET", path: "/api/integrations/calendar/google/callback", summary: "Browser OAuth: Google's redirect back (302 to /integrations)", tag: "integrations", auth: true },
  { method: "GET", path: "/api/integrations/calendar/microsoft/start", summary: "Browser OAuth: redirect to Microsoft's consent screen for Calendars.Read (302)", tag: "integrations", auth: true },
  { method: "GET", path: "/api/integrations/calendar/microsoft/callback", summary: "Browser OAuth: Microsoft's redirect back (302 to /integrations)", tag: "integrations", auth: true },
  { method: "GET", path: "/api/preferences", summary: "The user's preferences", tag: "preferences", auth: true, response: z.object({ preferences: preferencesSchema }) },
  { method: "PUT", path: "/api/preferences", summary: "Update some preferences", tag: "preferences", auth: true, body: updatePreferencesBodySchema, response: z.object({ preferences: preferencesSchema }) },
  { method: "POST", path: "/api/preferences/reset", summary: "Reset to smart defaults derived from the user's senders", tag: "preferences", auth: true, response: z.object({ preferences: preferencesSchema }) },
  { method: "GET", path: "/api/calls", summary: "Call history", tag: "calls", auth: true, query: listCallsQuerySchema, response: z.object({ calls: z.array(callSchema), total: z.number().int(), page: z.number().int() }), paginated: true },
  { method: "GET", path: "/api/calls/{id}", summary: "One call", tag: "calls", auth: true, response: z.object({ call: callSchema }) },
  { method: "POST", path: "/api/calls/schedule-urgent", summary: "Schedule an immediate urgent call", tag: "calls", auth: true, body: scheduleUrgentBodySchema, response: z.object({ call: callSchema }), status: 201 },
  { method: "GET", path: "/api/calls/next-digest", summary: "The next daily digest call and what it will cover", tag: "calls", auth: true, response: nextDigestSchema },
  { method: "GET", path: "/api/calls/upcoming-reminders", summary: "Meeting reminders planned from the user's calendars and preferences: which meetings, call or digest, and when", tag: "calls", auth: true, query: daysAheadQuerySchema, response: upcomingRemindersResponseSchema },
  { method: "GET", path: "/api/analytics/calls", summary: "Calls per day by type, success rate and average duration", tag: "analytics", auth: true, query: callAnalyticsQuerySchema, response: callAnalyticsSchema },
  { method: "GET", path: "/api/analytics/senders", summary: "Mail volume by category, top senders, unsubscribe candidates", tag: "analytics", auth: true, query: senderAnalyticsQuerySchema, response: senderAnalyticsSchema },
  { method: "GET", path: "/api/health", summary: "Liveness probe", tag: "system", auth: false, response: z.object({ status: z.literal("ok"), uptime_seconds: z.number(), time: z.string() }) },
  { method: "GET", path: "/api/ready", summary: "Readiness probe (503 when not ready)", tag: "system", auth: false, response: z.object({ status: z.literal("ready"), checks }) },
  { method: "GET", path: "/api/openapi.json", summary: "This document", tag: "system", auth: false },
];
