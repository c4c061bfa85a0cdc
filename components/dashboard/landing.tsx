import Link from "next/link";
import { Logo } from "@/components/app-shell/logo";
import { CATEGORY_META, CATEGORY_ORDER } from "@/components/senders/category-meta";
import { buttonClass } from "@/components/ui/button";

const STEPS = [
  { title: "Connect your mailbox", body: "Gmail, Outlook or any IMAP account. PookAi reads headers and snippets, never sends mail." },
  { title: "Decide once per sender", body: "A keyboard-first triage: one key per sender, and domain rules for the rest. Decisions stick." },
  { title: "Get a call, not a badge", body: "Urgent mail rings your phone at once; everything else is one spoken digest at the time you choose." },
];

/** What a signed-out visitor sees at /: the promise, the six choices, and the way in. */
export function Landing({ notice }: { notice?: string }) {
  return (
    <div className="min-h-screen bg-gradient-to-b from-indigo-50 to-slate-50">
      <header className="mx-auto flex max-w-5xl items-center justify-between px-4 py-5">
        <Logo />
        <nav aria-label="Account" className="flex items-center gap-2">
          <Link href="/login" className={buttonClass("ghost", "md")}>
            Sign in
          </Link>
          <Link href="/register" className={buttonClass("primary", "md")}>
            Create account
          </Link>
        </nav>
      </header>
      <main id="main" className="mx-auto max-w-5xl px-4 pb-16">
        {notice ? (
          <p role="status" className="mx-auto mt-4 max-w-xl rounded-md bg-white px-4 py-2 text-center text-sm text-slate-700 ring-1 ring-slate-200">
            {notice}
          </p>
        ) : null}
        <section className="py-12 text-center sm:py-20">
          <h1 className="mx-auto max-w-3xl text-4xl font-bold tracking-tight text-slate-900 sm:text-5xl">Your inbox, on the phone. Only when it matters.</h1>
          <p className="mx-auto mt-5 max-w-2xl text-lg text-slate-700">
            Screeners decide who gets into your inbox. PookAi decides who gets to ring your phone: urgent mail calls you at once, the rest becomes one short
            spoken digest a day.
          </p>
          <div className="mt-8 flex flex-wrap justify-center gap-3">
            <Link href="/register" className={buttonClass("primary", "lg")}>
              Get started
            </Link>
            <Link href="/login" className={buttonClass("secondary", "lg")}>
              I have an account
            </Link>
          </div>
        </section>

        <section aria-labelledby="choices-title" className="rounded-2xl bg-white p-6 shadow-sm ring-1 ring-slate-200 sm:p-8">
          <h2 id="choices-title" className="text-xl font-semibold text-slate-900">
            One decision per sender
          </h2>
          <p className="mt-1 text-sm text-slate-600">Six choices cover everything that lands in your inbox.</p>
          <ul className="mt-6 grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
            {CATEGORY_ORDER.map((c) => (
              <li key={c} className="rounded-lg p-4 ring-1 ring-inset ring-slate-200">
                <span className={`inline-flex rounded-full px-2.5 py-0.5 text-xs font-semibold ring-1 ring-inset ${CATEGORY_META[c].badge}`}>
                  {CATEGORY_META[c].label}
                </span>
                <p className="mt-2 text-sm text-slate-700">{CATEGORY_META[c].effect}.</p>
              </li>
            ))}
          </ul>
        </section>

        <section aria-labelledby="how-title" className="mt-12">
          <h2 id="how-title" className="text-xl font-semibold text-slate-900">
            How it works
          </h2>
          <ol className="mt-6 grid gap-6 sm:grid-cols-3">
            {STEPS.map((s, i) => (
              <li key={s.title} className="rounded-xl bg-white p-5 shadow-sm ring-1 ring-slate-200">
                <span className="grid h-8 w-8 place-items-center rounded-full bg-indigo-600 text-sm font-semibold text-white" aria-hidden="true">
                  {i + 1}
                </span>
                <h3 className="mt-3 font-semibold text-slate-900">{s.title}</h3>
                <p className="mt-1 text-sm text-slate-700">{s.body}</p>
              </li>
            ))}
          </ol>
        </section>

        <p className="mt-12 text-center text-sm text-slate-600">
          Private senders are never read aloud, never sent to an AI, and their previews are never stored.
        </p>
      </main>
    </div>
  );
}
