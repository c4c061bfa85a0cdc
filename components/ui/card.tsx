import type { ReactNode } from "react";

/** A titled panel; `titleId` lets a section be labelled by its heading. */
export function Card({
  title,
  titleId,
  action,
  children,
  className = "",
}: {
  title?: ReactNode;
  titleId?: string;
  action?: ReactNode;
  children: ReactNode;
  className?: string;
}) {
  return (
    <section aria-labelledby={title ? titleId : undefined} className={`rounded-xl bg-white p-5 shadow-sm ring-1 ring-slate-200 ${className}`}>
      {title || action ? (
        <div className="mb-4 flex flex-wrap items-center justify-between gap-2">
          {title ? (
            <h2 id={titleId} className="text-base font-semibold text-slate-900">
              {title}
            </h2>
          ) : null}
          {action}
        </div>
      ) : null}
      {children}
    </section>
  );
}
