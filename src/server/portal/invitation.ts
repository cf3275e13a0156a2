/**
 * Staff give a patient access to their own pages: an account for the patient record (role
 * `patient`, no password) and an invitation by email with a one-time sign-in link. The patient
 * can ask for a new link or a 6-digit code at /my/sign-in whenever they like.
 */
import { randomUUID } from 'node:crypto';
import { and, eq, isNull, ne, or } from 'drizzle-orm';
import type { z } from 'zod';
import type { Executor, Tx } from '../../db/client.ts';
import { clinic, patient, user } from '../../db/schema.ts';
import type { Actor } from '../../domain/actor.ts';
import type { InvitationInput, PortalAccess } from '../../shared/api/portal.ts';
import { type Auth, PATIENT_SIGN_IN, patientSignInLink } from '../auth/auth.ts';
import { lifetimeWords, worryLine } from '../auth/messages.ts';
import { DomainError, notFound } from '../errors.ts';
import { queueMessage } from '../messages/outbox.ts';
import { presentPatient } from '../patients/patients.ts';
import { assertVersion } from '../records.ts';

/** Whether the patient has access, and with which email. */
export async function portalAccess(db: Executor, clinicId: string, patientId: string) {
  const [p] = await db
    .select({ id: patient.id, version: patient.version })
    .from(patient)
    .where(and(eq(patient.id, patientId), eq(patient.clinicId, clinicId)));
  if (!p) throw notFound('patient');
  const [u] = await db
    .select({ email: user.email, createdAt: user.createdAt, emailVerified: user.emailVerified })
    .from(user)
    .where(and(eq(user.patientId, patientId), eq(user.role, 'patient')));
  return {
    email: u?.email ?? null,
    invitedAt: u?.createdAt.toISOString() ?? null,
    signedIn: u?.emailVerified ?? false,
    patientVersion: p.version,
  } satisfies z.infer<typeof PortalAccess>;
}

export async function invitePatient(
  tx: Tx,
  auth: Auth,
  actor: Actor,
  patientId: string,
  input: z.infer<typeof InvitationInput>,
  options: { baseUrl: string; signInMinutes: number },
): Promise<void> {
  const email = input.email.trim().toLowerCase();
  const [p] = await tx
    .select()
    .from(patient)
    .where(and(eq(patient.id, patientId), eq(patient.clinicId, actor.clinicId)))
    .for('update');
  if (!p) throw notFound('patient');
  if ((p.email ?? '').toLowerCase() !== email) {
    // The invitation changes the email on the record: only on the version the staff member saw.
    assertVersion('patient record', p, input.version, presentPatient(p));
    await tx
      .update(patient)
      .set({ email, version: p.version + 1, updatedAt: new Date() })
      .where(eq(patient.id, p.id));
  }
  const [taken] = await tx
    .select({ id: user.id })
    .from(user)
    .where(and(eq(user.email, email), or(isNull(user.patientId), ne(user.patientId, p.id))));
  if (taken) {
    throw new DomainError('duplicate_email', 'Another account already signs in with this email.', {
      errors: [{ field: 'email', message: 'Another account already uses this email' }],
    });
  }
  const name = `${p.givenName} ${p.familyName}`;
  const [existing] = await tx.select().from(user).where(eq(user.patientId, p.id));
  if (existing) {
    await tx
      .update(user)
      .set({
        email,
        name,
        disabledAt: null,
        ...(existing.email === email ? {} : { emailVerified: false }),
        updatedAt: new Date(),
      })
      .where(eq(user.id, existing.id));
  } else {
    await tx.insert(user).values({
      id: randomUUID(),
      name,
      email,
      emailVerified: false,
      role: 'patient',
      clinicId: actor.clinicId,
      patientId: p.id,
    });
  }
  const [c] = await tx
    .select({ name: clinic.name, contacts: clinic.contacts })
    .from(clinic)
    .where(eq(clinic.id, actor.clinicId));
  const link = await patientSignInLink(auth, email);
  const signIn = new URL(PATIENT_SIGN_IN, options.baseUrl).toString();
  await queueMessage(tx, {
    clinicId: actor.clinicId,
    channel: 'email',
    to: email,
    kind: 'invitation',
    subject: `${c?.name ?? 'Your clinic'}: your own pages for your SI joint injection`,
    text: [
      `Dear ${name},`,
      '',
      `${c?.name ?? 'Your clinic'} has set up your own pages: where you are on the pathway, how to get ready for your injection and your checklist.`,
      '',
      'Open this link to sign in:',
      link,
      '',
      `The link works once, within ${lifetimeWords(options.signInMinutes)}. Afterwards, sign in at ${signIn} with this email address: we send you a new link or a 6-digit code each time.`,
      '',
      ...(c ? [worryLine(c.contacts), ''] : []),
      `Sent on behalf of ${actor.name}.`,
    ].join('\n'),
  });
}
