/**
 * Password guessing is slowed in every mode (not only in production), two ways:
 *
 * - per account: after 5 wrong passwords in a row the account is locked for 15 minutes, and the
 *   person is told so and how to get in sooner (an admin unlocks it on the users page, or sets a
 *   new password); a right password resets the count;
 * - per address: after 20 failed sign-ins from one address within 15 minutes of each other, that
 *   address may not try again until 15 minutes have passed without one (spraying one password
 *   over many accounts).
 *
 * The address is the one Fastify resolves: the socket's, or X-Forwarded-For's only when
 * TRUST_PROXY names the proxy, so a fresh X-Forwarded-For on each try changes nothing.
 * The numbers answer OWASP ASVS 5.0 V6.3.1 (brute force and credential stuffing); they are not
 * clinical and are kept here, with the tests that prove them.
 */
import { and, eq, gt, sql } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { rateLimit, user } from '../../db/schema.ts';
import { DomainError } from '../errors.ts';

export const accountLimit = { failures: 5, lockMinutes: 15 } as const;
export const addressLimit = { failures: 20, windowMinutes: 15 } as const;

const addressKey = (address: string) => `sign-in-failures:${address}`;
const minutesUntil = (when: Date, now: Date) =>
  Math.max(1, Math.ceil((when.getTime() - now.getTime()) / 60_000));

function lockedMessage(until: Date, now: Date): string {
  const minutes = minutesUntil(until, now);
  return `This account is locked after ${accountLimit.failures} wrong passwords in a row. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}, or ask your clinic administrator to unlock it now.`;
}

/** Refuses a sign-in before the password is checked, when the address or the account is locked out. */
export async function checkSignInAllowed(db: Database, address: string, email: string, now: Date) {
  const [limit] = await db
    .select({ count: rateLimit.count, lastRequest: rateLimit.lastRequest })
    .from(rateLimit)
    .where(eq(rateLimit.key, addressKey(address)));
  const windowMs = addressLimit.windowMinutes * 60_000;
  if (limit && limit.count >= addressLimit.failures && now.getTime() - limit.lastRequest < windowMs) {
    const minutes = minutesUntil(new Date(limit.lastRequest + windowMs), now);
    throw new DomainError(
      'too_many_sign_ins',
      `Too many failed sign-ins from this network address. Wait ${minutes} minute${minutes === 1 ? '' : 's'} before trying again.`,
      { retryAfterSeconds: minutes * 60 },
    );
  }
  const [locked] = await db
    .select({ lockedUntil: user.lockedUntil })
    .from(user)
    .where(and(eq(user.email, email.trim().toLowerCase()), gt(user.lockedUntil, now)));
  if (locked?.lockedUntil) {
    throw new DomainError('account_locked', lockedMessage(locked.lockedUntil, now), {
      lockedUntil: locked.lockedUntil.toISOString(),
    });
  }
}

/**
 * Counts a wrong password against the address and the account; the try that reaches the limit
 * locks the account and is answered with the lockout, so the person knows at once.
 */
export async function recordFailedSignIn(db: Database, address: string, email: string, now: Date) {
  const cutoff = now.getTime() - addressLimit.windowMinutes * 60_000;
  await db
    .insert(rateLimit)
    .values({ id: crypto.randomUUID(), key: addressKey(address), count: 1, lastRequest: now.getTime() })
    .onConflictDoUpdate({
      target: rateLimit.key,
      set: {
        count: sql`case when ${rateLimit.lastRequest} < ${cutoff} then 1 else ${rateLimit.count} + 1 end`,
        lastRequest: now.getTime(),
      },
    });
  const lockUntil = new Date(now.getTime() + accountLimit.lockMinutes * 60_000);
  const [counted] = await db
    .update(user)
    .set({
      failedSignIns: sql`case when ${user.failedSignIns} + 1 >= ${accountLimit.failures} then 0 else ${user.failedSignIns} + 1 end`,
      lockedUntil: sql`case when ${user.failedSignIns} + 1 >= ${accountLimit.failures} then ${lockUntil.toISOString()}::timestamptz else ${user.lockedUntil} end`,
    })
    .where(eq(user.email, email.trim().toLowerCase()))
    .returning({ failedSignIns: user.failedSignIns, lockedUntil: user.lockedUntil });
  // Only reached when the account was not locked (checkSignInAllowed): a lock now is this try's.
  if (counted?.lockedUntil && counted.lockedUntil > now) {
    throw new DomainError('account_locked', lockedMessage(counted.lockedUntil, now), {
      lockedUntil: counted.lockedUntil.toISOString(),
    });
  }
}

/** A right password: the account's count of wrong ones starts again. */
export async function recordSignIn(db: Database, email: string) {
  await db
    .update(user)
    .set({ failedSignIns: 0, lockedUntil: null })
    .where(and(eq(user.email, email.trim().toLowerCase()), gt(user.failedSignIns, 0)));
}
