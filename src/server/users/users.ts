/**
 * The clinic's staff accounts as an admin manages them. Names, emails and roles change only here.
 * A disabled account cannot sign in (src/server/auth/auth.ts) and its sessions are deleted in the
 * same transaction, so they end at once (deleting sessions is the contract a session cache keys on).
 */
import { randomBytes } from 'node:crypto';
import { hashPassword } from 'better-auth/crypto';
import { and, asc, eq, inArray, ne } from 'drizzle-orm';
import type { z } from 'zod';
import type { Database, Tx } from '../../db/client.ts';
import { account, session, user } from '../../db/schema.ts';
import { type Actor, staffRoles } from '../../domain/actor.ts';
import type { NewStaffUser, PasswordReset, StaffUser, StaffUserChange } from '../../shared/api/users.ts';
import { addUser, DuplicateEmailError } from '../auth/users.ts';
import { DomainError, notFound } from '../errors.ts';
import { assertVersion } from '../records.ts';

type UserRow = typeof user.$inferSelect;

export function presentUser(u: UserRow): z.output<typeof StaffUser> {
  return {
    id: u.id,
    name: u.name,
    email: u.email,
    role: u.role as z.output<typeof StaffUser>['role'],
    disabledAt: u.disabledAt?.toISOString() ?? null,
    lockedUntil: u.lockedUntil?.toISOString() ?? null,
    version: u.version,
    createdAt: u.createdAt.toISOString(),
  };
}

const isStaffUser = (clinicId: string) =>
  and(eq(user.clinicId, clinicId), inArray(user.role, [...staffRoles]));

export async function listStaff(db: Database, clinicId: string) {
  const rows = await db
    .select()
    .from(user)
    .where(isStaffUser(clinicId))
    .orderBy(asc(user.name), asc(user.email));
  return rows.map(presentUser);
}

/** A password nobody knows: the account waits for its set-password link. */
const unguessable = () => randomBytes(32).toString('base64url');

export async function createStaff(tx: Tx, actor: Actor, input: z.output<typeof NewStaffUser>) {
  try {
    const { id } = await addUser(tx, {
      clinicId: actor.clinicId,
      name: input.name,
      email: input.email,
      role: input.role,
      password: input.password ?? unguessable(),
    });
    const [row] = await tx.select().from(user).where(eq(user.id, id));
    return presentUser(row!);
  } catch (error) {
    if (error instanceof DuplicateEmailError) throw new DomainError('duplicate_email', error.message);
    throw error;
  }
}

/**
 * The staff account, locked for the change, as the admin saw it (the version their page showed),
 * or "not found" for anyone else's.
 */
async function lockStaff(tx: Tx, actor: Actor, id: string, version: number): Promise<UserRow> {
  const [row] = await tx
    .select()
    .from(user)
    .where(and(eq(user.id, id), isStaffUser(actor.clinicId)))
    .for('update');
  if (!row) throw notFound('user');
  assertVersion('user', row, version, presentUser(row));
  return row;
}

async function endSessions(tx: Tx, userId: string) {
  await tx.delete(session).where(eq(session.userId, userId));
}

export async function changeStaff(
  tx: Tx,
  actor: Actor,
  id: string,
  change: z.output<typeof StaffUserChange>,
  now: Date,
) {
  const row = await lockStaff(tx, actor, id, change.version);
  if (row.id === actor.id && (change.disabled === true || (change.role && change.role !== 'admin'))) {
    throw new DomainError(
      'not_on_own_account',
      'You cannot disable your own account or give up your own admin role: ask another admin, so the clinic is never left without one.',
    );
  }
  const email = change.email?.trim().toLowerCase();
  if (email && email !== row.email) {
    const [taken] = await tx
      .select({ id: user.id })
      .from(user)
      .where(and(eq(user.email, email), ne(user.id, id)));
    if (taken) throw new DomainError('duplicate_email', `A user with the email ${email} already exists.`);
  }
  const disabledAt =
    change.disabled === undefined ? row.disabledAt : change.disabled ? (row.disabledAt ?? now) : null;
  const [updated] = await tx
    .update(user)
    .set({
      ...(change.name ? { name: change.name } : {}),
      ...(email ? { email } : {}),
      ...(change.role ? { role: change.role } : {}),
      disabledAt,
      ...(change.unlock ? { failedSignIns: 0, lockedUntil: null } : {}),
      version: row.version + 1,
      updatedAt: now,
    })
    .where(eq(user.id, id))
    .returning();
  if (disabledAt && !row.disabledAt) await endSessions(tx, id);
  return { user: presentUser(updated!), before: presentUser(row) };
}

/**
 * A new password set by the admin, or (without one) a password nobody knows until the user follows
 * a set-password link. Either way the old password stops working, the user's sessions end and a
 * lockout after failed sign-ins is lifted.
 */
export async function resetStaffPassword(
  tx: Tx,
  actor: Actor,
  id: string,
  reset: z.output<typeof PasswordReset>,
  now: Date,
) {
  const row = await lockStaff(tx, actor, id, reset.version);
  const password = await hashPassword(reset.password ?? unguessable());
  const changed = await tx
    .update(account)
    .set({ password, updatedAt: now })
    .where(and(eq(account.userId, id), eq(account.providerId, 'credential')))
    .returning({ id: account.id });
  if (changed.length === 0) {
    await tx
      .insert(account)
      .values({ id: crypto.randomUUID(), accountId: id, providerId: 'credential', userId: id, password });
  }
  const [updated] = await tx
    .update(user)
    .set({ failedSignIns: 0, lockedUntil: null, version: row.version + 1, updatedAt: now })
    .where(eq(user.id, id))
    .returning();
  await endSessions(tx, id);
  return presentUser(updated!);
}
