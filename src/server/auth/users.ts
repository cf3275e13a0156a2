/** Staff accounts. Nobody signs themselves up: an admin or `sijpath user add` creates them. */
import { randomUUID } from 'node:crypto';
import { hashPassword } from 'better-auth/crypto';
import { eq } from 'drizzle-orm';
import type { Database, Tx } from '../../db/client.ts';
import { account, user } from '../../db/schema.ts';
import type { Role } from '../../domain/actor.ts';

export interface NewUser {
  /** Given only by the synthetic clinic, whose ids come from its seed; otherwise drawn at random. */
  id?: string;
  clinicId: string;
  name: string;
  email: string;
  password: string;
  role: Role;
  patientId?: string | null;
}

export class DuplicateEmailError extends Error {}

export async function addUser(db: Database | Tx, input: NewUser): Promise<{ id: string; email: string }> {
  const email = input.email.trim().toLowerCase();
  const exists = await db.query.user.findFirst({ where: eq(user.email, email) });
  if (exists) throw new DuplicateEmailError(`A user with the email ${email} already exists.`);
  const id = input.id ?? randomUUID();
  const password = await hashPassword(input.password);
  await db.transaction(async (tx) => {
    await tx.insert(user).values({
      id,
      name: input.name,
      email,
      emailVerified: true,
      role: input.role,
      clinicId: input.clinicId,
      patientId: input.patientId ?? null,
    });
    await tx
      .insert(account)
      .values({ id: randomUUID(), accountId: id, providerId: 'credential', userId: id, password });
  });
  return { id, email };
}
