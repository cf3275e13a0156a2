import { and, asc, eq, ilike, or, type SQL, sql } from 'drizzle-orm';
import type { Database, Tx } from '../../db/client.ts';
import { clinic, patient, user } from '../../db/schema.ts';
import { localDate } from '../../domain/clinical/zoned-time.ts';
import { normaliseNhsNumber } from '../../domain/identifiers.ts';
import {
  PATIENT_LIMIT,
  type Patient,
  type PatientChanges,
  type PatientInput,
  POSSIBLE_DUPLICATE_LIMIT,
} from '../../shared/api/core.ts';
import { DomainError, notFound } from '../errors.ts';
import { assertVersion, isUniqueViolation } from '../records.ts';

/**
 * Where to write to a patient (`p`, their table or its alias), for a reminder or a change to their
 * list: their portal account's address, else their record's. One address: a patient has at most
 * one portal account, though the schema does not say so.
 */
export const emailOf = (p: SQL) =>
  sql<
    string | null
  >`coalesce((select u.email from ${user} u where u.patient_id = ${p}.id limit 1), ${p}.email)`;

type Row = typeof patient.$inferSelect;
/** The patient as the API shows them: the contract's fields, picked one by one. */
export const presentPatient = (row: Row): Patient => ({
  id: row.id,
  givenName: row.givenName,
  familyName: row.familyName,
  birthDate: row.birthDate,
  sex: row.sex,
  nhsNumber: row.nhsNumber,
  mrn: row.mrn,
  email: row.email,
  phone: row.phone,
  version: row.version,
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
});

export async function createPatient(
  db: Pick<Database, 'insert' | 'select'>,
  clinicId: string,
  input: PatientInput,
): Promise<Patient> {
  await refuseFutureBirth(db, clinicId, input.birthDate);
  try {
    const { notDuplicateOf: _, ...fields } = input;
    const [row] = await db
      .insert(patient)
      .values({ ...fields, clinicId })
      .returning();
    return presentPatient(row!);
  } catch (error) {
    throw duplicateIdentifier(error) ?? error;
  }
}

/**
 * A patient added again under another identifier (a new MRN, no NHS number) would split one
 * person's record in two, and with it the injections the screening counts (hazard log H-007 (11)):
 * so adding one of the same family name (ignoring case and spaces) and date of birth as a patient
 * here stops, naming them, until the person adding says this is someone else (`notDuplicateOf`).
 * Twins share both, which is why it asks rather than refuses.
 */
export async function refusePossibleDuplicate(
  db: Pick<Database, 'select'>,
  clinicId: string,
  input: Pick<PatientInput, 'familyName' | 'birthDate' | 'nhsNumber' | 'mrn' | 'notDuplicateOf'>,
): Promise<void> {
  const same = await db
    .select()
    .from(patient)
    .where(
      and(
        eq(patient.clinicId, clinicId),
        eq(patient.birthDate, input.birthDate),
        sql`lower(regexp_replace(${patient.familyName}, '[[:space:]]+', '', 'g')) = lower(regexp_replace(${input.familyName}::text, '[[:space:]]+', '', 'g'))`,
      ),
    )
    .orderBy(asc(patient.familyName), asc(patient.givenName), asc(patient.id))
    .limit(POSSIBLE_DUPLICATE_LIMIT);
  // One with the same identifier is no question: the insert refuses it (duplicate_identifier).
  const sameIdentifier = (p: Row) =>
    (input.nhsNumber && p.nhsNumber === input.nhsNumber) || (input.mrn && p.mrn === input.mrn);
  const seen = new Set(input.notDuplicateOf ?? []);
  if (same.some(sameIdentifier) || same.every((p) => seen.has(p.id))) return;
  const named = same.map((p) => `${p.givenName} ${p.familyName}`).join(', ');
  throw new DomainError(
    'possible_duplicate',
    `${same.length === 1 ? 'A patient' : `${same.length} patients`} with this family name and date of birth ${same.length === 1 ? 'is' : 'are'} registered here already (${named}): open their record, or say this is someone else.`,
    { matches: same.map(presentPatient) },
  );
}

export async function updatePatient(tx: Tx, clinicId: string, id: string, changes: PatientChanges) {
  const { version, ...fields } = changes;
  // Lock the row so two saves of the same version cannot both pass the check.
  const [current] = await tx
    .select()
    .from(patient)
    .where(and(eq(patient.id, id), eq(patient.clinicId, clinicId)))
    .for('update');
  if (!current) throw notFound('patient');
  assertVersion('patient record', current, version, presentPatient(current));
  if (fields.birthDate) await refuseFutureBirth(tx, clinicId, fields.birthDate);
  const merged = { ...current, ...fields };
  if (!merged.nhsNumber && !merged.mrn) {
    throw new DomainError('validation_failed', 'nhsNumber: Give an NHS number or a local MRN', {
      errors: [{ field: 'nhsNumber', message: 'Give an NHS number or a local MRN' }],
    });
  }
  try {
    const [row] = await tx
      .update(patient)
      .set({ ...fields, version: current.version + 1, updatedAt: new Date() })
      .where(eq(patient.id, id))
      .returning();
    return presentPatient(row!);
  } catch (error) {
    throw duplicateIdentifier(error) ?? error;
  }
}

export interface PatientQuery {
  q?: string | undefined;
  birthDate?: string | undefined;
  identifier?: string | undefined;
}

export async function searchPatients(
  db: Database,
  clinicId: string,
  query: PatientQuery,
): Promise<Patient[]> {
  const conditions = [eq(patient.clinicId, clinicId), ...nameMatches(query.q)];
  if (query.birthDate) conditions.push(eq(patient.birthDate, query.birthDate));
  if (query.identifier) {
    const id = query.identifier.trim();
    conditions.push(
      or(eq(patient.nhsNumber, normaliseNhsNumber(id)), sql`lower(${patient.mrn}) = lower(${id})`)!,
    );
  }
  const rows = await db
    .select()
    .from(patient)
    .where(and(...conditions))
    .orderBy(asc(patient.familyName), asc(patient.givenName))
    .limit(PATIENT_LIMIT);
  return rows.map(presentPatient);
}

/** Each word of a search must match the given or the family name, in any order, ignoring case. */
export function nameMatches(q: string | undefined): SQL[] {
  const text = (q ?? '').trim();
  // Ten digits, however spaced, are an NHS number: the exact patient, not a name search.
  const nhs = normaliseNhsNumber(text);
  if (/^\d{10}$/.test(nhs)) return [eq(patient.nhsNumber, nhs)];
  return text
    .split(/\s+/)
    .filter(Boolean)
    .map((word) => {
      const like = `%${word.replace(/[\\%_]/g, '\\$&')}%`;
      return or(ilike(patient.givenName, like), ilike(patient.familyName, like), ilike(patient.mrn, like))!;
    });
}

function duplicateIdentifier(error: unknown): DomainError | undefined {
  for (const [constraint, field, label] of [
    ['patient_clinic_nhs_number_key', 'nhsNumber', 'NHS number'],
    ['patient_clinic_mrn_key', 'mrn', 'MRN'],
  ] as const) {
    if (isUniqueViolation(error, constraint)) {
      const message = `Another patient at this clinic has this ${label}: search for them instead of adding them again`;
      return new DomainError('duplicate_identifier', message, { errors: [{ field, message }] });
    }
  }
  return undefined;
}

/**
 * A date of birth after today is a typing slip. "Today" is the clinic's, as for a referral date:
 * in a zone far from UTC the server's date is a day off for hours of every day.
 */
async function refuseFutureBirth(
  db: Pick<Database, 'select'>,
  clinicId: string,
  birthDate: string,
): Promise<void> {
  const [owner] = await db.select({ timeZone: clinic.timeZone }).from(clinic).where(eq(clinic.id, clinicId));
  if (owner && birthDate > localDate(new Date(), owner.timeZone)) {
    const message = 'The date of birth cannot be in the future';
    throw new DomainError('validation_failed', `birthDate: ${message}`, {
      errors: [{ field: 'birthDate', message }],
    });
  }
}
