/**
 * A record sent to another clinic whose booking ended when its list was cancelled: the receiving
 * clinic gets the list as it was, cancelled with its reason, and nothing of its own list of the
 * same day, time, room and operator changes.
 */
import type { Bundle } from '@medplum/fhirtypes';
import { beforeAll, expect, test } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/api.ts';
import { clinicDate } from '../../../test/support/dates.ts';
import { buildPatient } from '../../../test/support/factories.ts';
import { asSomeoneNew, asTransaction, importedPatientId } from '../../../test/support/fhir-transfer.ts';
import { screeningFacts, triageFacts } from '../demo/payloads.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});

type Caller = 'nurse' | 'clinician' | 'otherClinic';
type List = {
  id: string;
  date: string;
  booked: number;
  version: number;
  cancelled: { at: string; reason: string; by: string } | null;
};

async function ok<T>(caller: Caller, method: 'GET' | 'PUT' | 'POST', url: string, payload?: object) {
  const res = await t.as(caller, { method, url, ...(payload && { payload }) });
  expect(res.statusCode, res.body).toBeLessThan(300);
  return res.json() as T;
}

const theList = { startTime: '08:30', operator: 'Dr Test', room: 'Theatre 1', capacity: 6 };
const listsOn = async (caller: Caller, date: string) =>
  (await ok<{ items: List[] }>(caller, 'GET', `/api/procedure-lists?from=${date}&to=${date}`)).items;

/** A patient of the test clinic booked on the list, through the API as the nurse books. */
async function booked(listId: string, givenName: string) {
  const patient = await buildPatient(t.db, t.clinic.id, { givenName });
  let e = await ok<{ id: string; version: number }>('nurse', 'POST', `/api/patients/${patient.id}/episodes`, {
    referrer: 'Dr A Referrer',
    referredOn: clinicDate(-20),
    reason: 'Buttock pain',
    side: 'left',
  });
  const url = `/api/episodes/${e.id}`;
  e = await ok('clinician', 'PUT', `${url}/triage`, { ...triageFacts(), version: e.version });
  e = await ok('nurse', 'POST', `${url}/screenings`, { ...screeningFacts('left'), version: e.version });
  await ok('nurse', 'PUT', `${url}/booking`, { procedureListId: listId, time: '09:30', version: e.version });
  return patient.id;
}

test('a list cancelled at the sending clinic arrives cancelled, with when, by whom and why', async () => {
  const date = clinicDate(7);
  const list = await ok<List>('nurse', 'POST', '/api/procedure-lists', { date, ...theList });
  const ana = await booked(list.id, 'Ana');
  const ben = await booked(list.id, 'Ben');
  const page = await ok<{ list: List; entries: { episodeId: string }[] }>(
    'nurse',
    'GET',
    `/api/procedure-lists/${list.id}`,
  );
  const { list: cancelled } = await ok<{ list: List }>(
    'nurse',
    'POST',
    `/api/procedure-lists/${list.id}/cancel`,
    {
      reason: 'Dr Test is off sick',
      version: page.list.version,
      episodes: page.entries.map((e) => e.episodeId),
    },
  );
  // The receiving clinic has a list of its own that day, same time, room and operator, in use.
  const own = await ok<List>('otherClinic', 'POST', '/api/procedure-lists', { date, ...theList });

  for (const [i, patientId] of [ana, ben].entries()) {
    const bundle = await ok<Bundle>('clinician', 'GET', `/fhir/Patient/${patientId}/$everything`);
    const res = await t.as('otherClinic', {
      method: 'POST',
      url: '/fhir',
      headers: { 'content-type': 'application/fhir+json' },
      payload: JSON.stringify(asSomeoneNew(asTransaction(bundle), `moved${i}`)),
    });
    expect(res.statusCode, res.body.slice(0, 800)).toBe(200);
    const [episode] = (
      await ok<{ episodes: { id: string }[] }>(
        'otherClinic',
        'GET',
        `/api/patients/${importedPatientId(res.json())}`,
      )
    ).episodes;
    const imported = await ok<{
      stage: string;
      steps: { bookings: { status: string; procedureList: { id: string; cancelled: List['cancelled'] } }[] };
    }>('otherClinic', 'GET', `/api/episodes/${episode!.id}`);
    expect(imported.stage).toBe('screened');
    expect(imported.steps.bookings).toEqual([
      expect.objectContaining({
        status: 'cancelled',
        procedureList: expect.objectContaining({ cancelled: cancelled.cancelled }),
      }),
    ]);
    expect(imported.steps.bookings[0]!.procedureList.id).not.toBe(own.id);
  }

  // One list for the two patients' bookings, cancelled as it was; the clinic's own untouched.
  const there = await listsOn('otherClinic', date);
  expect(there).toHaveLength(2);
  expect(there.find((l) => l.id === own.id)).toEqual(own);
  expect(there.find((l) => l.id !== own.id)).toMatchObject({ booked: 0, cancelled: cancelled.cancelled });
});
