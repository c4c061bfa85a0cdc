import { AppShell } from "@/components/app-shell/app-shell";
import { Dashboard } from "@/components/dashboard/dashboard";
import { Landing } from "@/components/dashboard/landing";
import { getOptionalUser } from "@/lib/auth/get-current-user";

// GET / - the dashboard when signed in, the landing page otherwise.
export default async function HomePage({ searchParams }: { searchParams: Promise<{ deleted?: string }> }) {
  const current = await getOptionalUser();
  if (!current) {
    const { deleted } = await searchParams;
    return <Landing notice={deleted ? "Your account has been deleted. Thanks for trying PookAi." : undefined} />;
  }
  return (
    <AppShell user={current.user}>
      <Dashboard user={current.user} />
    </AppShell>
  );
}
