/** Test data with sensible defaults: override only what the test is about. */
import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Database } from '../../src/db/client.ts';
import type { Role } from '../../src/domain/actor.ts';
import { nhsCheckDigit } from '../../src/domain/identifiers.ts';
import { addUser } from '../../src/server/auth/users.ts';
import { createClinic } from '../../src/server/clinic/settings.ts';
import { createPatient } from '../../src/server/patients/patients.ts';
import type { PatientInput } from '../../src/shared/api/core.ts';

export const testPassword = 'correct-horse-battery';

/** Numbers handed out by this test file: a clinic takes a number once, and a repeat fails the test. */
const issued = new Set<string>();

/** A valid NHS number from the 999 range, which is never issued to a real person. */
export function buildNhsNumber(): string {
  for (;;) {
    const first = `999${String(randomInt(0, 1_000_000)).padStart(6, '0')}`;
    const check = nhsCheckDigit(first);
    if (check === null || issued.has(first)) continue;
    issued.add(first);
    return `${first}${check}`;
  }
}

export async function buildClinic(db: Database, name = 'Test Pain Clinic') {
  return createClinic(db, {
    name,
    timeZone: 'Europe/London',
    contacts: { phone: '01632 960 100', urgentPhone: '01632 960 101', outOfHours: 'Call 111' },
  });
}

export async function buildUser(db: Database, clinicId: string, role: Role, patientId?: string) {
  const email = `${role}-${randomBytes(4).toString('hex')}@test.sijpath.invalid`;
  const { id } = await addUser(db, {
    clinicId,
    role,
    email,
    name: `Test ${role}`,
    password: testPassword,
    patientId: patientId ?? null,
  });
  return { id, email, role };
}

let born = 0;
/**
 * A birth date no other call gave, for a new person of a name tests reuse: a patient of the same
 * family name and birth date is taken for one already registered (`possible_duplicate`).
 */
export function distinctBirthDate(from = '1980-01-01'): string {
  const d = new Date(`${from}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + born++);
  return d.toISOString().slice(0, 10);
}

/** A new patient as a client sends it to POST /api/patients (the API sets what is left out). */
export function patientPayload(overrides: object = {}) {
  return {
    givenName: 'Ann',
    familyName: 'Other',
    birthDate: distinctBirthDate(),
    sex: 'female',
    nhsNumber: buildNhsNumber(),
    ...overrides,
  };
}

export async function buildPatient(db: Database, clinicId: string, overrides: Partial<PatientInput> = {}) {
  return createPatient(db, clinicId, {
    givenName: 'Jane',
    familyName: 'Testpatient',
    birthDate: '1970-05-01',
    sex: 'female',
    nhsNumber: buildNhsNumber(),
    mrn: null,
    email: null,
    phone: null,
    ...overrides,
  });
}

export interface ReferralBundleInput {
  nhsNumber?: string;
  family: string;
  given: string;
  gender: 'male' | 'female';
  birthDate: string;
  /** The referrer's own id of the request (ServiceRequest.identifier). */
  referralId: string;
  authoredOn: string;
  reason: string;
  requester?: string;
}

/** A referral as another system sends it (src/fhir/import.ts): a transaction of one patient and one request. */
export function buildReferralBundle(input: ReferralBundleInput) {
  const patientUrl = `urn:uuid:${randomUUID()}`;
  return {
    resourceType: 'Bundle',
    type: 'transaction',
    entry: [
      {
        fullUrl: patientUrl,
        resource: {
          resourceType: 'Patient',
          identifier: [
            { system: 'https://fhir.nhs.uk/Id/nhs-number', value: input.nhsNumber ?? buildNhsNumber() },
          ],
          name: [{ family: input.family, given: [input.given] }],
          gender: input.gender,
          birthDate: input.birthDate,
        },
        request: { method: 'POST', url: 'Patient' },
      },
      {
        fullUrl: `urn:uuid:${randomUUID()}`,
        resource: {
          resourceType: 'ServiceRequest',
          identifier: [{ system: 'https://gp.example/referrals', value: input.referralId }],
          status: 'active',
          intent: 'order',
          subject: { reference: patientUrl },
          authoredOn: input.authoredOn,
          requester: { display: input.requester ?? 'Dr GP' },
          reasonCode: [{ text: input.reason }],
        },
        request: { method: 'POST', url: 'ServiceRequest' },
      },
    ],
  };
}

/** A record's version as stored now, for a request that must send it (optimistic concurrency). */
export async function storedVersion(
  db: Database,
  table: 'patient' | 'user' | 'clinic' | 'alert' | 'procedure_list',
  id: string,
): Promise<number> {
  const { rows } = await db.execute<{ version: number }>(
    sql`select version from ${sql.identifier(table)} where id = ${id}`,
  );
  return rows[0]!.version;
}

/** How many audit events of one action the user with this email has made so far. */
export async function auditCount(db: Database, email: string, action: string): Promise<number> {
  const { rows } = await db.execute<{ n: number }>(sql`
    select count(*)::int as n from audit_event a join "user" u on u.id = a.actor_id
    where u.email = ${email} and a.action = ${action}`);
  return rows[0]!.n;
}
