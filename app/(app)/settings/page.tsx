import type { Metadata } from "next";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { getCurrentUser } from "@/lib/auth/get-current-user";
import { listSessions } from "@/lib/auth/manage-sessions";
import { getPhoneSetup } from "@/lib/phone-setup/get-phone-setup";
import { isIanaTimeZone } from "@/lib/schemas/common";
import { DeleteAccount } from "./delete-account";
import { EmailVerification } from "./email-verification";
import { PhoneConfirmation } from "./phone-confirmation";
import { ProfileForm } from "./profile-form";
import { SessionsList } from "./sessions-list";

export const metadata: Metadata = { title: "Settings" };

function timeZones(current: string): string[] {
  const all = new Set(Intl.supportedValuesOf("timeZone").filter(isIanaTimeZone));
  all.add("UTC");
  all.add(current);
  return [...all].sort();
}

export default async function SettingsPage() {
  const { user, sessionId } = await getCurrentUser();
  const sessions = await listSessions(user.id, sessionId);
  return (
    <>
      <PageHeader title="Settings" description="Your profile, the phone PookAi calls, where you are signed in, and your account." />
      <div className="grid grid-cols-1 gap-6 lg:grid-cols-2">
        <Card title="Profile" titleId="profile-title">
          <ProfileForm
            user={{ name: user.name, email: user.email, timezone: user.timezone, phone_number: user.phone_number }}
            timeZones={timeZones(user.timezone)}
          />
          <EmailVerification email={user.email} verified={Boolean(user.email_verified_at)} />
        </Card>
        <Card title="Phone" titleId="phone-title">
          <PhoneConfirmation setup={getPhoneSetup(user)} timezone={user.timezone} />
        </Card>
        <Card title="Sessions" titleId="sessions-title">
          <SessionsList sessions={sessions} timezone={user.timezone} />
        </Card>
        <Card title="Delete account" titleId="delete-title" className="lg:col-span-2">
          <DeleteAccount email={user.email} />
        </Card>
      </div>
    </>
  );
}
