import type { Metadata } from "next";
import Link from "next/link";
import { AuthFrame } from "@/components/app-shell/auth-frame";
import { Alert } from "@/components/ui/alert";
import { buttonClass } from "@/components/ui/button";
import { toAppError } from "@/lib/errors";
import { verifyEmail } from "@/lib/auth/verify-email";
import { verifyEmailBodySchema } from "@/lib/schemas/auth";
import { logger } from "@/lib/logger";

export const metadata: Metadata = { title: "Verify your email" };

async function verify(token: string | undefined): Promise<{ ok: true; email: string } | { ok: false; message: string }> {
  if (!token || !verifyEmailBodySchema.safeParse({ token }).success)
    return { ok: false, message: "This verification link is incomplete. Open the link from the email again." };
  try {
    const { user } = await verifyEmail(token);
    return { ok: true, email: user.email };
  } catch (error) {
    const appError = toAppError(error);
    if (appError.code === "INTERNAL_ERROR") logger.error("email verification failed", { error });
    return { ok: false, message: appError.message };
  }
}

// GET /verify-email?token= - the link of the verification email (logged in development)
export default async function VerifyEmailPage({ searchParams }: { searchParams: Promise<{ token?: string | string[] }> }) {
  const { token } = await searchParams;
  const result = await verify(typeof token === "string" ? token : undefined);
  return (
    <AuthFrame title={result.ok ? "Email verified" : "We could not verify your email"}>
      {result.ok ? (
        <Alert tone="success">
          <strong className="font-semibold">{result.email}</strong> is verified. Thanks!
        </Alert>
      ) : (
        <Alert tone="error">{result.message}</Alert>
      )}
      <Link href="/" className={buttonClass("primary", "md", "mt-6 w-full")}>
        Go to PookAi
      </Link>
    </AuthFrame>
  );
}
