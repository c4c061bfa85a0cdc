import type { ReactNode } from "react";
import type { AuthUser } from "@/lib/auth/authenticate-request";
import { Logo } from "./logo";
import { NavLinks } from "./nav-links";
import { SignOutButton } from "./sign-out-button";

/** The signed-in frame: brand, primary navigation (scrolls sideways on a phone), who is signed in. */
export function AppShell({ user, children }: { user: Pick<AuthUser, "name" | "email">; children: ReactNode }) {
  return (
    <div className="min-h-screen">
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-3">
          <Logo />
          <nav aria-label="Main" className="order-3 -mx-1 w-full md:order-none md:mx-0 md:w-auto md:flex-1">
            <NavLinks />
          </nav>
          <div className="ml-auto flex items-center gap-2">
            <span className="hidden max-w-[14rem] truncate text-sm text-slate-600 sm:inline" title={user.email}>
              {user.name || user.email}
            </span>
            <SignOutButton />
          </div>
        </div>
      </header>
      <main id="main" className="mx-auto max-w-6xl px-4 py-6 sm:py-8">
        {children}
      </main>
    </div>
  );
}
