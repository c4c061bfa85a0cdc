import { AppError } from "@/lib/api/errors";
import type { LoginBody } from "@/lib/schemas/auth";
import { createApiSession, type ClientMeta } from "./create-session";
import { dummyPasswordHash, verifyPassword } from "./passwords";
import { findActiveUserByEmail } from "./register-user";

/** The user for these credentials, or UNAUTHORIZED (same answer and timing for unknown emails). */
export async function checkCredentials(email: string, password: string) {
  const user = await findActiveUserByEmail(email);
  const valid = await verifyPassword(user?.password_hash ?? (await dummyPasswordHash()), password);
  if (!user || !user.password_hash || !valid) throw new AppError("UNAUTHORIZED", "Invalid email or password");
  return user;
}

export async function loginUser(input: LoginBody, meta: ClientMeta) {
  const user = await checkCredentials(input.email, input.password);
  return createApiSession(user, meta);
}
