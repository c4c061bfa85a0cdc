import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { AuthFrame } from "@/components/app-shell/auth-frame";
import { getOptionalUser } from "@/lib/auth/get-current-user";
import { oauthLoginProviders } from "@/lib/auth/next-auth-options";
import { LoginForm } from "./login-form";

export const metadata: Metadata = { title: "Sign in" };

// next-auth sends OAuth failures back here as ?error=<code>.
const OAUTH_ERRORS: Record<string, string> = {
  OAuthSignin: "Could not start signing in with that provider. Try again.",
  OAuthCallback: "The provider did not complete the sign-in. Try again.",
  OAuthCreateAccount: "Could not create an account from that provider.",
  OAuthAccountNotLinked: "This email is already linked to another sign-in method.",
  AccessDenied: "Sign-in was refused.",
  SessionRequired: "Please sign in to continue.",
  CredentialsSignin: "Invalid email or password.",
};

/** Only same-site paths: a crafted ?callbackUrl=https://evil.example must not redirect away. */
function safeCallback(value: string | string[] | undefined): string {
  const v = typeof value === "string" ? value : "";
  return v.startsWith("/") && !v.startsWith("//") && !v.startsWith("/\\") ? v : "/";
}

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const callbackUrl = safeCallback(params.callbackUrl);
  if (await getOptionalUser()) redirect(callbackUrl);
  const error = typeof params.error === "string" ? (OAUTH_ERRORS[params.error] ?? "Sign-in failed. Try again.") : undefined;
  return (
    <AuthFrame
      title="Sign in to PookAi"
      subtitle="Your inbox, read to you. Only what matters, when it matters."
      footer={
        <>
          New here?{" "}
          <Link href="/register" className="font-medium text-indigo-700 underline-offset-2 hover:underline">
            Create an account
          </Link>
        </>
      }
    >
      <LoginForm providers={oauthLoginProviders()} callbackUrl={callbackUrl} initialError={error} />
    </AuthFrame>
  );
}
