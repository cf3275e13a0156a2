import { beforeAll, describe, expect, test } from 'vitest';
import { createTestApp, inClinicZone, type TestApp } from '../../../test/support/api.ts';
import { dayAfter } from '../../../test/support/dates.ts';
import { buildPatient } from '../../../test/support/factories.ts';
import { localDate } from '../../domain/clinical/zoned-time.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});

const referral = {
  referrer: 'Dr K. Osei',
  referredOn: '2026-10-14',
  reason: 'Left buttock pain, 3 of 6 tests positive',
  side: 'left',
};

async function refer() {
  const patient = await buildPatient(t.db, t.clinic.id, { familyName: 'Worklister' });
  const response = await t.as('nurse', {
    method: 'POST',
    url: `/api/patients/${patient.id}/episodes`,
    payload: referral,
  });
  expect(response.statusCode).toBe(201);
  return { patient, episode: response.json() };
}

function move(caller: 'nurse' | 'clinician', episode: { id: string }, payload: Record<string, unknown>) {
  return t.as(caller, { method: 'POST', url: `/api/episodes/${episode.id}/moves`, payload });
}

describe('a referral', () => {
  test('opens an episode at "referred" that shows on the worklist and the patient page', async () => {
    const { patient, episode } = await refer();
    expect(episode).toMatchObject({ stage: 'referred', version: 1, side: 'left', referredOn: '2026-10-14' });
    const list = (await t.as('clinician', { method: 'GET', url: '/api/episodes?stage=referred' })).json();
    expect(list.items.map((e: { id: string }) => e.id)).toContain(episode.id);
    expect(list.countsByStage.referred).toBeGreaterThanOrEqual(1);
    expect(list.countsByStage.closed).toBe(0);
    const page = (await t.as('nurse', { method: 'GET', url: `/api/patients/${patient.id}` })).json();
    expect(page.episodes.map((e: { id: string }) => e.id)).toEqual([episode.id]);
  });

  test("the worklist names and identifies the patient, and carries neither their contact details nor the referral's text", async () => {
    const patient = await buildPatient(t.db, t.clinic.id, {
      familyName: 'Listedonly',
      email: 'listed.only@example.test',
      phone: '07700 900123',
    });
    const referred = await t.as('nurse', {
      method: 'POST',
      url: `/api/patients/${patient.id}/episodes`,
      payload: referral,
    });
    const list = await t.as('clinician', { method: 'GET', url: '/api/episodes?q=Listedonly' });
    expect(list.statusCode).toBe(200);
    expect(list.json().items).toEqual([
      {
        id: referred.json().id,
        patientId: patient.id,
        stage: 'referred',
        referredOn: '2026-10-14',
        side: 'left',
        plannedAt: null,
        patient: {
          id: patient.id,
          givenName: 'Jane',
          familyName: 'Listedonly',
          birthDate: '1970-05-01',
          nhsNumber: patient.nhsNumber,
          mrn: null,
        },
      },
    ]);
    expect(list.body).not.toContain('listed.only@example.test');
    expect(list.body).not.toContain(referral.reason);
    // The patient's page, read and audited on its own, still has them.
    const page = (await t.as('clinician', { method: 'GET', url: `/api/patients/${patient.id}` })).json();
    expect(page).toMatchObject({ email: 'listed.only@example.test', phone: '07700 900123' });
  });

  test('needs a referrer, a date and a reason', async () => {
    const patient = await buildPatient(t.db, t.clinic.id);
    const response = await t.as('nurse', {
      method: 'POST',
      url: `/api/patients/${patient.id}/episodes`,
      payload: { referrer: ' ', referredOn: 'yesterday', side: 'middle' },
    });
    expect(response.statusCode).toBe(400);
    const fields = response
      .json()
      .errors.map((e: { field: string }) => e.field)
      .sort();
    expect(fields).toEqual(['reason', 'referredOn', 'referrer', 'side']);
  });

  // The browser refused it; the API did not, so a slip through another client (an import, a
  // script) dated a referral next year and every wait from it came out negative. "Today" is the
  // clinic's: in Kiritimati (UTC+14) it is tomorrow in UTC for most of the day.
  test('a referral dated after today, in the clinic’s time zone, is refused; today’s is not', async () => {
    await inClinicZone(t, 'Pacific/Kiritimati', async () => {
      const patient = await buildPatient(t.db, t.clinic.id);
      const today = localDate(new Date(), 'Pacific/Kiritimati');
      const post = (referredOn: string) =>
        t.as('nurse', {
          method: 'POST',
          url: `/api/patients/${patient.id}/episodes`,
          payload: { ...referral, referredOn },
        });
      const future = await post(dayAfter(today));
      expect(future.statusCode, future.body).toBe(400);
      expect(future.json().errors).toEqual([
        { field: 'referredOn', message: 'The referral date cannot be in the future' },
      ]);
      const now = await post(today);
      expect(now.statusCode, now.body).toBe(201);
    });
  });
});

const triageFacts = { indications: ['sacroiliitis'], provocationTests: { distraction: 'positive' } };

describe('moving an episode along the pathway', () => {
  test('a clinician accepts at triage; the timeline records who did what, and the next steps are offered', async () => {
    const { episode } = await refer();
    const accepted = await t.as('clinician', {
      method: 'PUT',
      url: `/api/episodes/${episode.id}/triage`,
      payload: { purpose: 'diagnostic', facts: triageFacts, decision: 'accept', version: 1 },
    });
    expect(accepted.statusCode, accepted.body).toBe(200);
    expect(accepted.json()).toMatchObject({ stage: 'triaged', version: 2 });
    const detail = (await t.as('nurse', { method: 'GET', url: `/api/episodes/${episode.id}` })).json();
    expect(
      detail.events.map((e: { event: string; move: string | null; toStage: string }) => [
        e.move ?? e.event,
        e.toStage,
      ]),
    ).toEqual([
      ['refer', 'referred'],
      ['accept', 'triaged'],
    ]);
    expect(detail.events[1].actor).toEqual({ name: 'Test clinician', role: 'clinician' });
    expect(detail.allowedMoves.map((a: { move: string; step: string | null }) => [a.move, a.step])).toEqual([
      ['screen-safe', 'screening'],
      ['defer', null],
      ['withdraw', null],
    ]);
  });

  test('an illegal move answers 409 with a sentence saying why, and changes nothing', async () => {
    const { episode } = await refer();
    const response = await move('clinician', episode, { move: 'close', version: 1 });
    expect(response.statusCode).toBe(409);
    expect(response.json().code).toBe('illegal_move');
    expect(response.json().detail).toBe(
      'Cannot "close episode" an episode that is referred: it must be outcome reviewed first.',
    );
    const detail = (await t.as('nurse', { method: 'GET', url: `/api/episodes/${episode.id}` })).json();
    expect(detail).toMatchObject({ stage: 'referred', version: 1 });
  });

  test('only a clinician triages; declining needs a reason; withdrawing needs one too', async () => {
    const { episode } = await refer();
    const triage = (caller: 'nurse' | 'clinician', payload: object) =>
      t.as(caller, { method: 'PUT', url: `/api/episodes/${episode.id}/triage`, payload });
    const accept = { purpose: 'diagnostic', facts: triageFacts, decision: 'accept', version: 1 };
    const byNurse = await triage('nurse', accept);
    expect(byNurse.statusCode).toBe(403);
    const noReason = await triage('clinician', { ...accept, decision: 'decline' });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().errors).toEqual([
      { field: 'reason', message: 'Say why the referral is declined' },
    ]);
    const withdraw = await move('nurse', episode, { move: 'withdraw', version: 1 });
    expect(withdraw.statusCode).toBe(422);
    expect(withdraw.json().code).toBe('reason_required');
    const declined = await triage('clinician', {
      purpose: 'diagnostic',
      facts: triageFacts,
      decision: 'decline',
      reason: 'Radicular pain',
      version: 1,
    });
    expect(declined.json().stage).toBe('declined');
  });

  test('two people moving the same version: the second gets a conflict, not a silent overwrite', async () => {
    const { episode } = await refer();
    const [a, b] = await Promise.all([
      move('clinician', episode, { move: 'withdraw', reason: 'Patient moved away', version: 1 }),
      move('nurse', episode, { move: 'withdraw', reason: 'Patient declined', version: 1 }),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
    const loser = a.statusCode === 409 ? a : b;
    expect(loser.json().code).toBe('version_conflict');
    const detail = (await t.as('nurse', { method: 'GET', url: `/api/episodes/${episode.id}` })).json();
    expect(detail.events).toHaveLength(2);
  });
});

describe('the worklist', () => {
  test('of open episodes leaves out those whose pathway has ended; all of them are a choice away', async () => {
    const referOne = async () => {
      const patient = await buildPatient(t.db, t.clinic.id, { familyName: 'Openorended' });
      const referred = await t.as('nurse', {
        method: 'POST',
        url: `/api/patients/${patient.id}/episodes`,
        payload: referral,
      });
      return referred.json() as { id: string };
    };
    const [open, withdrawn] = [await referOne(), await referOne()];
    expect(
      (await move('nurse', withdrawn, { move: 'withdraw', reason: 'Moved away', version: 1 })).json().stage,
    ).toBe('closed');
    const ids = async (url: string) =>
      (await t.as('clinician', { method: 'GET', url })).json().items.map((e: { id: string }) => e.id);
    expect(await ids('/api/episodes?stage=open&q=Openorended')).toEqual([open.id]);
    expect(await ids('/api/episodes?q=Openorended')).toEqual([open.id, withdrawn.id]);
    expect(await ids('/api/episodes?stage=closed&q=Openorended')).toEqual([withdrawn.id]);
    const unknown = await t.as('clinician', { method: 'GET', url: '/api/episodes?stage=opened' });
    expect(unknown.statusCode).toBe(400);
  });
});
