/**
 * Real days are not straight lines (issue: "trustworthy at every seam"): a step recorded twice is a
 * new version with the earlier one kept, a wrong side stops at check-in, and every recorded step
 * can be amended with a reason.
 */
import { beforeAll, describe, expect, test } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/api.ts';
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
      date: new Date(Date.now() + 14 * DAY).toISOString().slice(0, 10),
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
