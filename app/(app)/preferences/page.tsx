import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/page-header";
import { getCurrentUser } from "@/lib/auth/get-current-user";
import { getNextDigest } from "@/lib/calls/get-next-digest";
import { getPhoneSetup } from "@/lib/phone-setup/get-phone-setup";
import { getPreferences } from "@/lib/preferences/get-preferences";
import { PreferencesForm } from "./preferences-form";

export const metadata: Metadata = { title: "Preferences" };

export default async function PreferencesPage() {
  const { user } = await getCurrentUser();
  const [preferences, nextDigest] = await Promise.all([getPreferences(user.id), getNextDigest(user)]);
  return (
    <>
      <PageHeader
        title="Preferences"
        description="When PookAi should ring you and when it must not, what goes into your daily digest, and how meetings are announced."
      />
      <PreferencesForm initial={preferences} initialNextDigest={nextDigest} timezone={user.timezone} phoneLine={getPhoneSetup(user)} />
    </>
  );
}
