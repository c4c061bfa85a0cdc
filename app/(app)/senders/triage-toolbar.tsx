import Link from "next/link";
import type { RefObject } from "react";
import { INPUT_CLASS } from "@/components/ui/field";
import { Button } from "@/components/ui/button";
import { triageHref, type TriageSort, type TriageTab } from "./triage-href";

/** Search (a plain GET form, so it works before hydration too) and the two sort orders. */
export function TriageToolbar({
  tab,
  sort,
  search,
  searchRef,
  onShowShortcuts,
}: {
  tab: TriageTab;
  sort: TriageSort;
  search: string;
  searchRef: RefObject<HTMLInputElement | null>;
  onShowShortcuts: () => void;
}) {
  const sorts: { id: TriageSort; label: string }[] = [
    { id: "email_count", label: "Most mail" },
    { id: "latest_date", label: "Most recent" },
  ];
  return (
    <div className="flex flex-wrap items-center gap-3 py-4">
      <form role="search" action="/senders" className="flex w-full min-w-0 items-center gap-2 sm:w-auto sm:flex-1" aria-label="Search senders">
        {tab !== "unassigned" ? <input type="hidden" name="category" value={tab} /> : null}
        {sort !== "email_count" ? <input type="hidden" name="sort" value={sort} /> : null}
        <label htmlFor="sender-search" className="sr-only">
          Search senders by name, email or subject
        </label>
        <input
          ref={searchRef}
          id="sender-search"
          name="q"
          type="search"
          defaultValue={search}
          placeholder="Search name, email or subject  ( / )"
          className={`${INPUT_CLASS} min-w-0 flex-1 sm:max-w-md`}
        />
        <Button type="submit" variant="secondary">
          Search
        </Button>
        {search ? (
          <Link href={triageHref({ tab, sort, search: "" })} className="text-sm text-indigo-700 underline-offset-2 hover:underline">
            Clear
          </Link>
        ) : null}
      </form>
      <div role="group" aria-label="Sort" className="flex rounded-md ring-1 ring-inset ring-slate-300">
        {sorts.map((s, i) => (
          <Link
            key={s.id}
            href={triageHref({ tab, sort: s.id, search })}
            aria-current={sort === s.id ? "true" : undefined}
            className={`px-3 py-2 text-sm font-medium ${i === 0 ? "rounded-l-md" : "rounded-r-md"} ${sort === s.id ? "bg-slate-900 text-white" : "bg-white text-slate-700 hover:bg-slate-50"}`}
          >
            {s.label}
          </Link>
        ))}
      </div>
      {/* Phones have no keyboard to speak of: the sheet is offered from a tablet width up. */}
      <div className="hidden sm:block">
        <Button variant="ghost" size="sm" onClick={onShowShortcuts} aria-keyshortcuts="?">
          Keyboard shortcuts <kbd className="rounded border border-slate-300 px-1 text-xs">?</kbd>
        </Button>
      </div>
    </div>
  );
}
