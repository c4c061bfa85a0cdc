export type TriageTab = "all" | import("@/lib/schemas/enums").SenderCategory;
export type TriageSort = "email_count" | "latest_date";

/** The URL of a triage view; defaults are left out so links stay short. */
export function triageHref(view: { tab: TriageTab; sort: TriageSort; search: string; page?: number }): string {
  const params = new URLSearchParams();
  if (view.tab !== "unassigned") params.set("category", view.tab);
  if (view.sort !== "email_count") params.set("sort", view.sort);
  if (view.search) params.set("q", view.search);
  if (view.page && view.page > 1) params.set("page", String(view.page));
  const qs = params.toString();
  return qs ? `/senders?${qs}` : "/senders";
}
