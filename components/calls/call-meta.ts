import type { CallStatus, CallType } from "@/lib/schemas/enums";

export const CALL_TYPE_LABEL: Record<CallType, string> = {
  urgent: "Urgent",
  digest: "Daily digest",
  "meeting-reminder": "Meeting reminder",
  "phone-confirmation": "Number confirmation",
};

export const CALL_TYPE_STYLE: Record<CallType, string> = {
  urgent: "bg-rose-50 text-rose-800 ring-rose-200",
  digest: "bg-amber-50 text-amber-900 ring-amber-200",
  "meeting-reminder": "bg-sky-50 text-sky-800 ring-sky-200",
  "phone-confirmation": "bg-violet-50 text-violet-800 ring-violet-200",
};

export const CALL_STATUS_LABEL: Record<CallStatus, string> = { scheduled: "Scheduled", "in-progress": "In progress", completed: "Completed", failed: "Failed" };

export const CALL_STATUS_STYLE: Record<CallStatus, string> = {
  scheduled: "bg-slate-100 text-slate-700 ring-slate-300",
  "in-progress": "bg-indigo-50 text-indigo-800 ring-indigo-200",
  completed: "bg-emerald-50 text-emerald-800 ring-emerald-200",
  failed: "bg-rose-50 text-rose-800 ring-rose-200",
};
