import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { AuthFrame } from "@/components/app-shell/auth-frame";
import { getOptionalUser } from "@/lib/auth/get-current-user";
import { oauthLoginProviders } from "@/lib/auth/next-auth-options";
import { RegisterForm } from "./register-form";

export const metadata: Metadata = { title: "Create your account" };

export default async function RegisterPage() {
  if (await getOptionalUser()) redirect("/");
  return (
    <AuthFrame
      title="Create your PookAi account"
      subtitle="Decide once per sender. PookAi phones you about what matters and stays quiet about the rest."
      footer={
        <>
          Already have an account?{" "}
          <Link href="/login" className="font-medium text-indigo-700 underline-offset-2 hover:underline">
            Sign in
          </Link>
        </>
      }
    >
      <RegisterForm providers={oauthLoginProviders()} />
    </AuthFrame>
  );
}
