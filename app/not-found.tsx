import Link from "next/link";
import { Logo } from "@/components/app-shell/logo";
import { buttonClass } from "@/components/ui/button";

export default function NotFound() {
  return (
    <div className="flex min-h-screen flex-col items-center justify-center px-4 text-center">
      <Logo />
      <main id="main" className="mt-8">
        <p className="text-sm font-semibold text-indigo-700">404</p>
        <h1 className="mt-2 text-2xl font-semibold text-slate-900">Page not found</h1>
        <p className="mt-2 text-slate-600">There is nothing here, or it belongs to someone else.</p>
        <Link href="/" className={buttonClass("primary", "md", "mt-6")}>
          Back to PookAi
        </Link>
      </main>
    </div>
  );
}
