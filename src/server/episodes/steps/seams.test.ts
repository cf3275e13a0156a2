/**
 * Real days are not straight lines (issue: "trustworthy at every seam"): a step recorded twice is a
 * new version with the earlier one kept, a wrong side stops at check-in, and every recorded step
 * can be amended with a reason.
 */
import { beforeAll, describe, expect, test } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/api.ts';
import { clinicDate } from '../../../../test/support/dates.ts';
import { buildPatient } from '../../../../test/support/factories.ts';
import { checkInFacts, screeningFacts, triageFacts } from '../../demo/payloads.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});

const DAY = 86_400_000;
type Caller = 'nurse' | 'clinician' | 'admin';
type Detail = {
  id: string;
  version: number;
  stage: string;
  steps: Record<string, unknown> & {
    checkIn: { version: number; sideMarked: string; amendReason: string | null } | null;
    earlier: { step: string; version: number; facts: Record<string, unknown>; amendReason: string | null }[];
  };
  events: { event: string; summary: string; reason: string | null }[];
};
const send = (caller: Caller, method: 'PUT' | 'POST', url: string, payload: object) =>
  t.as(caller, { method, url, payload });

async function ok(caller: Caller, method: 'PUT' | 'POST', url: string, payload: object): Promise<Detail> {
  const res = await send(caller, method, url, payload);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

async function bookedEpisode(side: 'left' | 'right' = 'left') {
  const patient = await buildPatient(t.db, t.clinic.id);
  const referred = (
    await send('nurse', 'POST', `/api/patients/${patient.id}/episodes`, {
      referrer: 'Dr A Referrer',
      referredOn: new Date(Date.now() - 20 * DAY).toISOString().slice(0, 10),
      reason: 'Buttock pain',
      side,
    })
  ).json() as { id: string; version: number };
  const url = `/api/episodes/${referred.id}`;
  let e = await ok('clinician', 'PUT', `${url}/triage`, { ...triageFacts(), version: referred.version });
  e = await ok('nurse', 'POST', `${url}/screenings`, { ...screeningFacts(side), version: e.version });
  const list = (
    await send('nurse', 'POST', '/api/procedure-lists', {
      // Today in the clinic's zone: check-in is on the booked day.
      date: clinicDate(),
      startTime: '08:30',
      operator: 'Dr Test',
      room: 'Theatre 1',
      capacity: 6,
    })
  ).json() as { id: string };
  e = await ok('nurse', 'PUT', `${url}/booking`, {
    procedureListId: list.id,
    time: '09:30',
    version: e.version,
  });
  return { e, url, listId: list.id };
}

describe('a step recorded twice in one episode’s life', () => {
  test('check in, defer, screen again, book, check in again: a second version, the first kept as superseded', async () => {
    const { e: booked, url, listId } = await bookedEpisode();
    let e = await ok('nurse', 'PUT', `${url}/check-in`, { ...checkInFacts('left'), version: booked.version });
    expect(e.stage).toBe('checked-in');
    const deferred = await send('nurse', 'POST', `${url}/moves`, {
      move: 'defer',
      reason: 'Feverish on arrival',
      version: e.version,
    });
    expect(deferred.statusCode, deferred.body).toBe(200);
    e = (await t.as('nurse', { method: 'GET', url })).json();
    expect(e.stage).toBe('not-safe-yet');
    e = await ok('nurse', 'POST', `${url}/screenings`, { ...screeningFacts('left'), version: e.version });
    expect(e.stage).toBe('screened');
    e = await ok('nurse', 'PUT', `${url}/booking`, {
      procedureListId: listId,
      time: '10:30',
      version: e.version,
    });
    expect(e.stage).toBe('scheduled');

    const again = await send('nurse', 'PUT', `${url}/check-in`, {
      ...checkInFacts('left'),
      version: e.version,
    });
    expect(again.statusCode, again.body).toBe(200);
    e = again.json();
    expect(e.stage).toBe('checked-in');
    expect(e.steps.checkIn).toMatchObject({ version: 2, amendReason: null });
    expect(e.steps.earlier).toEqual([
      expect.objectContaining({
        step: 'check-in',
        version: 1,
        facts: expect.objectContaining({ sideMarked: 'left' }),
      }),
    ]);
  });
});

describe('the side marked at check-in', () => {
  test('a side that differs from the planned side stops the check-in, and nothing is saved', async () => {
    const { e, url } = await bookedEpisode('left');
    const res = await send('nurse', 'PUT', `${url}/check-in`, {
      ...checkInFacts('right'),
      version: e.version,
    });
    expect(res.statusCode, res.body).toBe(422);
    expect(res.json().code).toBe('side_mismatch');
    expect(res.json().errors).toEqual([{ field: 'sideMarked', message: expect.stringMatching(/side/i) }]);
    const now = (await t.as('nurse', { method: 'GET', url })).json() as Detail;
    expect(now).toMatchObject({ stage: 'scheduled', version: e.version });
    expect(now.steps.checkIn).toBeNull();
  });
});

describe('amending a recorded step', () => {
  test('a check-in can be amended with a reason by the care team; the earlier version is kept, audited and on the timeline', async () => {
    const { e: booked, url } = await bookedEpisode('left');
    const e = await ok('nurse', 'PUT', `${url}/check-in`, {
      ...checkInFacts('left', { fastingAsInstructed: true }),
      version: booked.version,
    });
    // Without a reason, an amendment is refused.
    const bare = await send('nurse', 'PUT', `${url}/check-in`, {
      ...checkInFacts('left'),
      version: e.version,
    });
    expect(bare.statusCode).toBe(422);
    expect(bare.json().code).toBe('reason_required');
    // An admin may not record it at all.
    const admin = await send('admin', 'PUT', `${url}/check-in`, {
      ...checkInFacts('left'),
      version: e.version,
      amendReason: 'typo',
    });
    expect(admin.statusCode).toBe(403);

    const glucose = { value: 6.1, unit: 'mmol/L' as const };
    const amended = await ok('nurse', 'PUT', `${url}/check-in`, {
      ...checkInFacts('left', { glucose }),
      version: e.version,
      amendReason: 'Glucose was measured on arrival but not entered',
    });
    expect(amended.stage).toBe('checked-in');
    expect(amended.steps.checkIn).toMatchObject({
      version: 2,
      amendReason: 'Glucose was measured on arrival but not entered',
    });
    expect(amended.steps.earlier.map((v) => [v.step, v.version])).toEqual([['check-in', 1]]);
    const last = amended.events.at(-1)!;
    expect(last).toMatchObject({
      event: 'check-in.amended',
      summary: 'Check-in amended (version 2)',
      reason: 'Glucose was measured on arrival but not entered',
    });
    const audit = (await t.as('admin', { method: 'GET', url: '/api/audit?limit=5' })).json();
    expect(audit.items.map((i: { action: string }) => i.action)).toContain('episode.check-in');
  });

  test('a procedure record can be amended only by a clinician, with a reason, after it was recorded', async () => {
    const { e: booked, url } = await bookedEpisode('left');
    let e = await ok('nurse', 'PUT', `${url}/check-in`, { ...checkInFacts('left'), version: booked.version });
    const { procedureFacts } = await import('../../demo/payloads.ts');
    e = await ok('clinician', 'PUT', `${url}/procedure`, { ...procedureFacts('left'), version: e.version });
    expect(e.stage).toBe('performed');
    const nurse = await send('nurse', 'PUT', `${url}/procedure`, {
      ...procedureFacts('left', new Date(), { durationMinutes: 20 }),
      version: e.version,
      amendReason: 'Duration',
    });
    expect(nurse.statusCode).toBe(403);
    const fixed = await ok('clinician', 'PUT', `${url}/procedure`, {
      ...procedureFacts('left', new Date(), { durationMinutes: 20 }),
      version: e.version,
      amendReason: 'The list ran late: it took 20 minutes',
    });
    expect(fixed.stage).toBe('performed');
    expect(fixed.steps.earlier).toEqual([expect.objectContaining({ step: 'procedure', version: 1 })]);
  });
});

describe('the life of a booking', () => {
  test('rescheduling keeps the old booking as rescheduled, and the new one holds the only place', async () => {
    const { e, url } = await bookedEpisode();
    const other = (
      await send('nurse', 'POST', '/api/procedure-lists', {
        date: new Date(Date.now() + 21 * DAY).toISOString().slice(0, 10),
        startTime: '13:00',
        operator: 'Dr Test',
        room: 'Theatre 2',
        capacity: 1,
      })
    ).json() as { id: string };
    const moved = await ok('nurse', 'PUT', `${url}/booking`, {
      procedureListId: other.id,
      time: '13:30',
      version: e.version,
    });
    const bookings = moved.steps.bookings as {
      status: string;
      procedureList: { id: string; booked: number };
    }[];
    expect(bookings.map((b) => b.status)).toEqual(['booked', 'rescheduled']);
    expect(bookings[0]!.procedureList).toMatchObject({ id: other.id, booked: 1 });
    expect(moved.events.at(-1)!.summary).toMatch(/^Rescheduled to /);
  });

  test('a cancelled booking needs a reason; the place is freed and the episode waits for a new date', async () => {
    const { e, url, listId } = await bookedEpisode();
    const bare = await send('nurse', 'POST', `${url}/moves`, { move: 'cancel-booking', version: e.version });
    expect(bare.statusCode).toBe(422);
    const cancelled = await send('nurse', 'POST', `${url}/moves`, {
      move: 'cancel-booking',
      reason: 'Patient is on holiday that week',
      version: e.version,
    });
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    const now = (await t.as('nurse', { method: 'GET', url })).json() as Detail;
    expect(now.stage).toBe('screened');
    expect(now.steps.booking).toBeNull();
    expect(now.steps.bookings).toEqual([
      expect.objectContaining({ status: 'cancelled', statusReason: 'Patient is on holiday that week' }),
    ]);
    const lists = (await t.as('nurse', { method: 'GET', url: '/api/procedure-lists' })).json();
    expect(lists.items.find((l: { id: string }) => l.id === listId).booked).toBe(0);
  });

  test('a patient who did not attend: the booking ends as such, and the episode can be booked again', async () => {
    const { e, url, listId } = await bookedEpisode();
    const dna = await send('nurse', 'POST', `${url}/moves`, { move: 'did-not-attend', version: e.version });
    expect(dna.statusCode, dna.body).toBe(200);
    let now = (await t.as('nurse', { method: 'GET', url })).json() as Detail;
    expect(now.stage).toBe('screened');
    expect(now.steps.bookings).toEqual([expect.objectContaining({ status: 'did-not-attend' })]);
    now = await ok('nurse', 'PUT', `${url}/booking`, {
      procedureListId: listId,
      time: '11:00',
      version: now.version,
    });
    expect(now.stage).toBe('scheduled');
  });
});

describe('the preparation letter', () => {
  test('once booked, a PDF with the appointment and how to prepare, on the clinic letterhead', async () => {
    const { PDFParse } = await import('pdf-parse');
    const { url } = await bookedEpisode();
    const res = await t.as('nurse', { method: 'GET', url: `${url}/instructions.pdf` });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['cache-control']).toBe('no-store');
    const parser = new PDFParse({ data: new Uint8Array(res.rawPayload) });
    const text = (await parser.getText()).text.replace(/\s+/g, ' ');
    await parser.destroy();
    expect(text).toContain('Your SI joint injection: how to prepare');
    expect(text).toContain('Your appointment');
    expect(text).toContain('Test Pain Clinic');
    expect(text).toContain('Do not stop any medicine on your own');
  });

  test('before a booking there is no letter to send', async () => {
    const patient = await buildPatient(t.db, t.clinic.id);
    const referred = (
      await send('nurse', 'POST', `/api/patients/${patient.id}/episodes`, {
        referrer: 'Dr A Referrer',
        referredOn: '2026-11-01',
        reason: 'Buttock pain',
      })
    ).json() as { id: string };
    const res = await t.as('nurse', { method: 'GET', url: `/api/episodes/${referred.id}/instructions.pdf` });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('step_out_of_order');
  });
});
