import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, test } from 'vitest';
import { createTestApp, inClinicZone, type TestApp } from '../../../test/support/api.ts';
import { dayAfter } from '../../../test/support/dates.ts';
import { buildNhsNumber, distinctBirthDate } from '../../../test/support/factories.ts';
import { localDate } from '../../domain/clinical/zoned-time.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});

const newPatient = (overrides: Record<string, unknown> = {}) => ({
  givenName: 'Rosa',
  familyName: 'Delgado',
  birthDate: distinctBirthDate('1964-07-19'),
  sex: 'female',
  nhsNumber: buildNhsNumber(),
  ...overrides,
});

describe('adding a patient', () => {
  test('a nurse adds a patient and finds them by name, date of birth and identifier', async () => {
    const nhsNumber = buildNhsNumber();
    const spaced = `${nhsNumber.slice(0, 3)} ${nhsNumber.slice(3, 6)} ${nhsNumber.slice(6)}`;
    const created = await t.as('nurse', {
      method: 'POST',
      url: '/api/patients',
      payload: newPatient({ givenName: 'Ines', familyName: 'Quartermain', nhsNumber: spaced, mrn: 'RX-77' }),
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ nhsNumber, mrn: 'RX-77', version: 1 });

    for (const query of [
      'q=quarter',
      'q=ines%20QUARTERMAIN',
      `identifier=${nhsNumber}`,
      'identifier=rx-77',
    ]) {
      const found = await t.as('clinician', { method: 'GET', url: `/api/patients?${query}` });
      expect(
        found.json().items.map((p: { id: string }) => p.id),
        query,
      ).toEqual([created.json().id]);
    }
    const byBirth = await t.as('clinician', {
      method: 'GET',
      url: '/api/patients?q=Quartermain&birthDate=1964-07-20',
    });
    expect(byBirth.json().items).toEqual([]);
  });

  test('an NHS number that fails the modulus-11 check is refused, naming the field', async () => {
    const response = await t.as('nurse', {
      method: 'POST',
      url: '/api/patients',
      payload: newPatient({ nhsNumber: '9434765918' }),
    });
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.json()).toMatchObject({ code: 'validation_failed', status: 400 });
    expect(response.json().errors).toEqual([expect.objectContaining({ field: 'nhsNumber' })]);
  });

  test('a patient needs an NHS number or an MRN, and a date of birth that is a date', async () => {
    const response = await t.as('nurse', {
      method: 'POST',
      url: '/api/patients',
      payload: newPatient({ nhsNumber: '', birthDate: '19/07/1964' }),
    });
    expect(response.statusCode).toBe(400);
    const fields = response.json().errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['birthDate']));
    const noId = await t.as('nurse', {
      method: 'POST',
      url: '/api/patients',
      payload: newPatient({ nhsNumber: '' }),
    });
    expect(noId.json().errors).toEqual([
      { field: 'nhsNumber', message: 'Give an NHS number or a local MRN' },
    ]);
  });

  test('the same NHS number twice at one site is a conflict that says what to do', async () => {
    const payload = newPatient();
    expect((await t.as('nurse', { method: 'POST', url: '/api/patients', payload })).statusCode).toBe(201);
    const again = await t.as('nurse', { method: 'POST', url: '/api/patients', payload });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'duplicate_identifier', errors: [{ field: 'nhsNumber' }] });
  });
});

describe('a patient who may be registered already (H-007 (11))', () => {
  const add = (payload: object) => t.as('nurse', { method: 'POST', url: '/api/patients', payload });

  test('the same family name and date of birth under another identifier stops the add, naming who is here', async () => {
    const birthDate = distinctBirthDate('1971-02-03');
    const here = (await add(newPatient({ givenName: 'Chloe', familyName: 'Nowak', birthDate }))).json();
    const patients = async () =>
      (await t.as('nurse', { method: 'GET', url: `/api/patients?q=Nowak&birthDate=${birthDate}` })).json()
        .items;
    // Typed again from a referral letter: another MRN, no NHS number, the name in other case and spacing.
    const again = newPatient({
      givenName: 'Chloé',
      familyName: ' NOWAK ',
      birthDate,
      nhsNumber: null,
      mrn: 'NEW-77',
    });
    const stopped = await add(again);
    expect(stopped.statusCode).toBe(409);
    expect(stopped.json()).toMatchObject({
      code: 'possible_duplicate',
      detail:
        'A patient with this family name and date of birth is registered here already (Chloe Nowak): open their record, or say this is someone else.',
      matches: [
        { id: here.id, givenName: 'Chloe', familyName: 'Nowak', birthDate, nhsNumber: here.nhsNumber },
      ],
    });
    expect(await patients()).toHaveLength(1);
    // The answer named a patient: it is audited as a read of them.
    const [read] = (
      await t.db.execute<{ role: string; status: number }>(
        sql`select role, status from audit_event where action = 'patient.read' and record_id = ${here.id}`,
      )
    ).rows;
    expect(read).toEqual({ role: 'nurse', status: 409 });

    // Another family name, or another birthday, is another person: no question.
    expect((await add(newPatient({ familyName: 'Novak', birthDate }))).statusCode).toBe(201);
    expect(
      (await add(newPatient({ familyName: 'Nowak', birthDate: distinctBirthDate('1971-02-03') }))).statusCode,
    ).toBe(201);
    // Said to be someone else (twins), having seen who is here: added.
    const twin = await add({ ...again, givenName: 'Zofia', notDuplicateOf: [here.id] });
    expect(twin.statusCode, twin.body).toBe(201);
    expect(twin.json()).not.toHaveProperty('notDuplicateOf');
    expect(await patients()).toHaveLength(2);
    // A third of that name and birthday stops again, naming both: neither was the one seen.
    const third = await add({ ...again, givenName: 'Ola', mrn: 'NEW-78', notDuplicateOf: [here.id] });
    expect(third.statusCode).toBe(409);
    expect(
      third
        .json()
        .matches.map((m: { givenName: string }) => m.givenName)
        .sort(),
    ).toEqual(['Chloe', 'Zofia']);
  });
});

describe('editing a patient', () => {
  test('saves with the version it was based on; a stale version gets 409 with the current record', async () => {
    const created = (
      await t.as('nurse', { method: 'POST', url: '/api/patients', payload: newPatient() })
    ).json();
    const first = await t.as('nurse', {
      method: 'PATCH',
      url: `/api/patients/${created.id}`,
      payload: { version: 1, phone: '01632 960 222' },
    });
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ phone: '01632 960 222', version: 2 });

    const stale = await t.as('clinician', {
      method: 'PATCH',
      url: `/api/patients/${created.id}`,
      payload: { version: 1, phone: '01632 960 333' },
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({
      code: 'version_conflict',
      current: { phone: '01632 960 222', version: 2 },
    });
    const read = await t.as('clinician', { method: 'GET', url: `/api/patients/${created.id}` });
    expect(read.json().phone).toBe('01632 960 222');
  });

  test('a record id that is not an id is a 400, an unknown one a 404', async () => {
    expect((await t.as('nurse', { method: 'GET', url: '/api/patients/nope' })).statusCode).toBe(400);
    const missing = await t.as('nurse', {
      method: 'GET',
      url: '/api/patients/00000000-0000-4000-8000-000000000000',
    });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().code).toBe('not_found');
  });
});

// "Today" is the clinic's, as for a referral date: in Kiritimati (UTC+14) a patient born today
// was refused for most of the day, and in Pago Pago (UTC-11) tomorrow passed as a date of birth.
test('a date of birth after today in the clinic’s time zone is refused, on adding and editing; today’s is not', async () => {
  const refused = [{ field: 'birthDate', message: 'The date of birth cannot be in the future' }];
  const born = await inClinicZone(t, 'Pacific/Kiritimati', async () => {
    const today = localDate(new Date(), 'Pacific/Kiritimati');
    const add = (birthDate: string) =>
      t.as('nurse', { method: 'POST', url: '/api/patients', payload: newPatient({ birthDate }) });
    const tomorrow = await add(dayAfter(today));
    expect(tomorrow.statusCode, tomorrow.body).toBe(400);
    expect(tomorrow.json().errors).toEqual(refused);
    const added = await add(today);
    expect(added.statusCode, added.body).toBe(201);
    return added.json();
  });
  await inClinicZone(t, 'Pacific/Pago_Pago', async () => {
    const edit = await t.as('nurse', {
      method: 'PATCH',
      url: `/api/patients/${born.id}`,
      payload: { version: 1, birthDate: dayAfter(localDate(new Date(), 'Pacific/Pago_Pago')) },
    });
    expect(edit.statusCode, edit.body).toBe(400);
    expect(edit.json().errors).toEqual(refused);
  });
});

test('every read and write of a patient leaves an audit event with who, role, record and address', async () => {
  const created = (
    await t.as('nurse', { method: 'POST', url: '/api/patients', payload: newPatient() })
  ).json();
  await t.as('clinician', { method: 'GET', url: `/api/patients/${created.id}` });
  const page = await t.as('admin', { method: 'GET', url: '/api/audit?limit=200' });
  const events = page.json().items.filter((e: { recordId: string }) => e.recordId === created.id);
  expect(events.map((e: { action: string; role: string }) => [e.action, e.role])).toEqual([
    ['patient.read', 'clinician'],
    ['patient.create', 'nurse'],
  ]);
  expect(events[0]).toMatchObject({ actorName: 'Test clinician', clientAddress: '127.0.0.1' });
});
