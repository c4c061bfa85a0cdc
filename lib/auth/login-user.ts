import { randomUUID } from "node:crypto";
import { AppError } from "@/lib/errors";
import { createNotification } from "@/lib/notifications/create-notification";
import type { LoginBody } from "@/lib/schemas/auth";
import type { ClientMeta } from "@/lib/request/client-meta";
import { createApiSession } from "./create-session";
import { dummyPasswordHash, verifyPassword } from "./passwords";
import { findActiveUserByEmail } from "./register-user";
import { accountSubject, assertSignInNotThrottled, clearSignInFailures, deviceSubject, recordSignInFailure, SIGN_IN_FAILURE_LIMIT } from "./sign-in-throttle";
import { signDeviceToken, verifyDeviceToken } from "./tokens";

/** The owner hears about it once per run of failures: the moment the account starts to make strangers wait. */
async function warnOwner(userId: string, address: string, lockedUntil: Date | null) {
  await createNotification(userId, {
    type: "security.sign_in_throttled",
    title: "Someone is trying to guess your password",
    body:
      `${SIGN_IN_FAILURE_LIMIT} wrong passwords in a row were tried for your account, the last from ${address}. ` +
      "New devices now wait longer after each wrong password; the devices you signed in from before are not affected.",
    data: { failures: SIGN_IN_FAILURE_LIMIT, address, locked_until: lockedUntil?.toISOString() ?? null },
  });
}

/**
 * Email + password, for both doors (POST /api/auth/login and the browser's next-auth sign-in).
 * Failed attempts count against the account whatever the address; from the limit on, each attempt
 * waits a growing delay before the password is even checked. A device that signed in to this
 * account before (its device token) keeps a count of its own, so a stranger cannot lock the owner
 * out. Unknown emails are counted and answered exactly like real ones. Returns the user and the
 * device token to keep for next time.
 */
export async function signInWithPassword(email: string, password: string, client: { address: string; deviceToken?: string | null }, now = new Date()) {
  const user = await findActiveUserByEmail(email);
  const claims = user && client.deviceToken ? await verifyDeviceToken(client.deviceToken) : null;
  const knownDevice = claims && claims.userId === user?.id ? deviceSubject(claims.deviceId) : null;
  const account = accountSubject(email);
  await assertSignInNotThrottled(knownDevice ?? account, now);
  const valid = await verifyPassword(user?.password_hash ?? (await dummyPasswordHash()), password);
  if (!user || !user.password_hash || !valid) {
    const { failures, lockedUntil } = await recordSignInFailure(account, now);
    if (knownDevice) await recordSignInFailure(knownDevice, now);
    if (user && failures === SIGN_IN_FAILURE_LIMIT) await warnOwner(user.id, client.address, lockedUntil);
    throw new AppError("UNAUTHORIZED", "Invalid email or password");
  }
  await clearSignInFailures(knownDevice ? [account, knownDevice] : [account]);
  const deviceToken = knownDevice ? client.deviceToken! : await signDeviceToken(user.id, randomUUID());
  return { user, deviceToken };
}

/** POST /api/auth/login: a new API session, and the device token (body and cookie) for later sign-ins. */
export async function loginUser(input: LoginBody, meta: ClientMeta & { ip: string }, cookieDeviceToken?: string | null) {
  const { user, deviceToken } = await signInWithPassword(input.email, input.password, {
    address: meta.ip,
    deviceToken: input.device_token ?? cookieDeviceToken,
  });
  return { ...(await createApiSession(user, meta)), device_token: deviceToken };
}
