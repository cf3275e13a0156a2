import { and, eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, test } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/api.ts';
import { clinicDate } from '../../../../test/support/dates.ts';
import { performedEpisode, staffOf } from '../../../../test/support/episodes.ts';
import { buildPatient } from '../../../../test/support/factories.ts';
import { pdfText } from '../../../../test/support/pdf.ts';
import { clinic, stepRecord } from '../../../db/schema.ts';
import type { Side } from '../../../domain/clinical/index.ts';
import { ANSWERED_NO } from '../../../domain/clinical/testing.ts';
import type { EpisodeDetail, PatientInput } from '../../../shared/api/core.ts';
import { checkInFacts, checklist, procedureFacts, readyToGoHome } from '../../demo/payloads.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});

const DAY = 86_400_000;
const ago = (days: number) => new Date(Date.now() - days * DAY).toISOString();

type Caller = 'nurse' | 'clinician' | 'admin';
const put = (caller: Caller, url: string, payload: object) => t.as(caller, { method: 'PUT', url, payload });
const post = (caller: Caller, url: string, payload: object) => t.as(caller, { method: 'POST', url, payload });

/** A referred episode and helpers that walk it along, each returning the episode as the API answers. */
async function referral(side: 'left' | 'right' = 'left', person: Partial<PatientInput> = {}) {
  const patient = await buildPatient(t.db, t.clinic.id, person);
  const res = await post('nurse', `/api/patients/${patient.id}/episodes`, {
    referrer: 'Dr GP',
    referredOn: ago(20).slice(0, 10),
    reason: 'Buttock pain',
    side,
  });
  return res.json() as { id: string; version: number };
}

const triageFacts = {
  indications: ['si-joint-dysfunction'],
  provocationTests: { distraction: 'positive', compression: 'positive', thighThrust: 'positive' },
  conservativeCareWeeks: 8,
};
const safeScreening = { answers: ANSWERED_NO, escortArranged: true, adultAtHomeArranged: true };
/** The test patient is a woman of 56 (fluoroscopy is planned): pregnancy is asked. */
const notPregnant = { pregnancy: 'not-pregnant' };

async function triaged(side: 'left' | 'right' = 'left', person: Partial<PatientInput> = {}) {
  const e = await referral(side, person);
  const res = await put('clinician', `/api/episodes/${e.id}/triage`, {
    purpose: 'therapeutic',
    facts: triageFacts,
    decision: 'accept',
    version: e.version,
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

async function screened(
  patient: object = {},
  screening: object = safeScreening,
  side: 'left' | 'right' = 'left',
) {
  const e = await triaged(side);
  const res = await post('nurse', `/api/episodes/${e.id}/screenings`, {
    patient: { ...notPregnant, ...patient },
    screening,
    plan: { side, plannedGuidance: 'fluoroscopy' },
    version: e.version,
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

/** A procedure list `days` from today (today by default: check-in is on the booked day). */
/** The nurse books an episode onto a procedure list at a time of day. */
const book = (episodeId: string, procedureListId: string, time: string, version: number) =>
  put('nurse', `/api/episodes/${episodeId}/booking`, { procedureListId, time, version });

/** Recovery saved with no pain scores yet and these discharge criteria. */
const recoveryWith = (e: { id: string; version: number }, discharge: object) =>
  put('nurse', `/api/episodes/${e.id}/recovery`, {
    baselinePain: 6,
    scores: [],
    discharge,
    version: e.version,
  });

async function list(capacity = 6, days = 0) {
  const res = await post('nurse', '/api/procedure-lists', {
    date: clinicDate(days),
    startTime: '08:30',
    operator: 'Dr Test',
    room: 'Theatre 2',
    capacity,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; date: string };
}

async function booked(side: 'left' | 'right' = 'left') {
  const e = await screened({}, safeScreening, side);
  const l = await list();
  const res = await book(e.id, l.id, '09:30', e.version);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

async function checkedIn(side: 'left' | 'right' = 'left') {
  const e = await booked(side);
  const res = await put('nurse', `/api/episodes/${e.id}/check-in`, {
    ...checkInFacts(side),
    version: e.version,
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

/** The procedure's record alone, from the shared payloads. */
const record = (side: Side) => procedureFacts(side).record;
/** The procedure step as its page sends it: the time-out checklist and the record. */
const recordProcedure = (
  caller: Caller,
  e: { id: string; version: number },
  timeOut: ReturnType<typeof checklist>,
  facts: object,
) =>
  put(caller, `/api/episodes/${e.id}/procedure`, { checklist: timeOut, record: facts, version: e.version });

describe('one episode from referral to discharge', () => {
  test('each step records what was entered and moves the episode on', async () => {
    const e = await checkedIn('left');
    expect(e.stage).toBe('checked-in');
    expect(e.steps.triage).toMatchObject({
      purpose: 'therapeutic',
      decision: 'accept',
      protocol: { profile: 'lcd-2023' },
    });
    expect(e.steps.screenings[0].assessment.verdict).toBe('go');
    expect(e.steps.booking.procedureList).toMatchObject({ room: 'Theatre 2', booked: 1, capacity: 6 });
    expect(e.steps.booking.plannedAt).toMatch(/T0[89]:30:00/); // 09:30 in London is 08:30 or 09:30 UTC

    const performed = await recordProcedure('clinician', e, checklist('left'), record('left'));
    expect(performed.statusCode, performed.body).toBe(200);
    const p = performed.json();
    expect(p.stage).toBe('performed');
    expect(p.steps.procedure.side.code).toBe('side_consistent');

    // Taken since the procedure (recorded as performed now), within the minutes devices' clocks
    // may run ahead: a score later than that is not counted (block.test.ts).
    const scores = [
      { at: new Date(Date.now() + 2 * 60_000).toISOString(), pain: 1 },
      { at: new Date(Date.now() + 5 * 60_000).toISOString(), pain: 2 },
    ];
    const discharge = readyToGoHome;
    const recovered = await put('nurse', `/api/episodes/${e.id}/recovery`, {
      baselinePain: 7,
      scores,
      provocationRetest: { thighThrust: 'negative' },
      discharge,
      version: p.version,
    });
    expect(recovered.statusCode, recovered.body).toBe(200);
    const r = recovered.json();
    expect(r.steps.recovery.assessment.discharge.ready).toBe(true);
    expect(r.steps.recovery.assessment.blockResponse.first.peakReliefPercent).toBeCloseTo(85.7, 1); // 7 → 1

    const out = await post('nurse', `/api/episodes/${e.id}/discharge`, { version: r.version });
    expect(out.statusCode, out.body).toBe(200);
    expect(out.json().stage).toBe('discharged');
    const actions = out.json().events.map((v: { event: string; move: string | null }) => v.move ?? v.event);
    expect(actions).toEqual([
      'refer',
      'accept',
      'screen-safe',
      'schedule',
      'check-in',
      'perform',
      'recovery.recorded',
      'discharge',
    ]);

    const letter = await t.as('clinician', {
      method: 'GET',
      url: `/api/episodes/${e.id}/discharge-summary.pdf?copy=referrer`,
    });
    expect(letter.statusCode).toBe(200);
    expect(letter.headers['content-type']).toBe('application/pdf');
    const text = await pdfText(letter.rawPayload);
    expect(text).toContain('Dear Dr GP');
    expect(text).toContain('Testpatient');
    expect(text).toContain('bupivacaine 0.5% 1.5 mL (7.5 mg)');
    expect(text).toMatch(/left/i);
    const copy = await pdfText(
      (
        await t.as('nurse', {
          method: 'GET',
          url: `/api/episodes/${e.id}/discharge-summary.pdf?copy=patient`,
        })
      ).rawPayload,
    );
    expect(copy).toContain('01632 960 101'); // the clinic's urgent number, from its settings
    expect(copy).not.toContain('Dear Dr GP');
  });

  test('there is no discharge summary before discharge', async () => {
    const e = await triaged();
    const res = await t.as('clinician', {
      method: 'GET',
      url: `/api/episodes/${e.id}/discharge-summary.pdf`,
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('step_out_of_order');
  });
});

test('a red flag at referral is named at triage, and accepting despite it needs a reason on the record', async () => {
  const e = await referral();
  const triage = (body: object) =>
    put('clinician', `/api/episodes/${e.id}/triage`, {
      purpose: 'therapeutic',
      facts: { ...triageFacts, redFlags: ['saddle-anaesthesia'] },
      decision: 'accept',
      version: e.version,
      ...body,
    });
  const refused = await triage({});
  expect(refused.statusCode).toBe(400);
  expect(refused.json().errors).toContainEqual({
    field: 'reason',
    message: 'Say why the injection goes ahead despite the red flag',
  });
  const accepted = await triage({
    reason: 'MRI last week excluded cauda equina compression; saddle numbness is old.',
  });
  expect(accepted.statusCode, accepted.body).toBe(200);
  const page = accepted.json();
  expect(page.stage).toBe('triaged');
  expect(page.steps.triage.reason).toMatch(/^MRI last week/);
  expect(page.steps.triage.assessment.findings).toContainEqual(
    expect.objectContaining({ code: 'referral_red_flag', severity: 'review', bearing: 'against' }),
  );
});

test('red flags at triage: none ticked is "not asked" until "None of these" is said, and both at once is refused', async () => {
  const e = await referral();
  const triage = (facts: object, version = e.version) =>
    put('clinician', `/api/episodes/${e.id}/triage`, {
      purpose: 'therapeutic',
      facts: { ...triageFacts, ...facts },
      decision: 'accept',
      version,
    });
  const both = await triage({ redFlags: ['night-pain'], noRedFlags: true });
  expect(both.statusCode).toBe(400);
  expect(both.json().errors).toContainEqual({
    field: 'facts.noRedFlags',
    message: 'Tick the red flags found, or "None of these": not both',
  });
  const unasked = await triage({});
  expect(unasked.statusCode, unasked.body).toBe(200);
  const codes = (page: EpisodeDetail) => page.steps.triage!.assessment.findings.map((f) => f.code);
  expect(codes(unasked.json())).toContain('referral_red_flags_not_asked');
  const amended = await put('clinician', `/api/episodes/${e.id}/triage`, {
    purpose: 'therapeutic',
    facts: { ...triageFacts, noRedFlags: true },
    decision: 'accept',
    version: unasked.json().version,
    amendReason: 'Asked the patient about red flags on the phone: none.',
  });
  expect(amended.statusCode, amended.body).toBe(200);
  expect(amended.json().steps.triage.facts.noRedFlags).toBe(true);
  expect(codes(amended.json())).not.toContain('referral_red_flags_not_asked');
});

test('a new procedure list is for today or later: yesterday is refused, naming the date, and nothing is made', async () => {
  const plan = (days: number) =>
    post('nurse', '/api/procedure-lists', {
      date: clinicDate(days),
      startTime: '08:30',
      operator: 'Dr Past',
      room: 'Theatre 4',
      capacity: 2,
    });
  const yesterday = await plan(-1);
  expect(yesterday.statusCode, yesterday.body).toBe(400);
  expect(yesterday.json().errors).toEqual([{ field: 'date', message: 'A new list cannot be in the past' }]);
  const lists = (
    await t.as('nurse', { method: 'GET', url: `/api/procedure-lists?from=${clinicDate(-1)}` })
  ).json();
  expect(lists.items.filter((l: { operator: string }) => l.operator === 'Dr Past')).toEqual([]);
  expect((await plan(0)).statusCode).toBe(201);
});

test('the worklist for a procedure day lists its booked episodes in time order, with counts for that day', async () => {
  const l = await post('nurse', '/api/procedure-lists', {
    date: clinicDate(40),
    startTime: '13:00',
    operator: 'Dr Day',
    room: 'Theatre 3',
    capacity: 4,
  });
  const listId = l.json().id;
  const late = await screened();
  const early = await screened();
  await book(late.id, listId, '15:00', late.version);
  await book(early.id, listId, '13:30', early.version);
  const day = (await t.as('nurse', { method: 'GET', url: `/api/episodes?date=${clinicDate(40)}` })).json();
  expect(day.items.map((e: { id: string }) => e.id)).toEqual([early.id, late.id]);
  expect(day.items[0].plannedAt).toMatch(/T1[23]:30:00/);
  expect(day.countsByStage.scheduled).toBe(2);
  expect(day.countsByStage.referred).toBe(0);
});

describe('screening blocks what is not safe', () => {
  test('a chest infection treated five days ago is not safe yet: deferred, and booking is refused with the reason', async () => {
    const infection = {
      description: 'chest infection treated with antibiotics',
      startedAt: ago(10),
      resolvedAt: ago(5),
    };
    const e = await screened({}, { ...safeScreening, infections: [infection] });
    expect(e.stage).toBe('not-safe-yet');
    const s = e.steps.screenings[0];
    expect(s.assessment.verdict).toBe('not-safe-yet');
    const stop = s.assessment.findings.find((f: { severity: string }) => f.severity === 'stop');
    expect(stop.sources.map((x: { key: string }) => x.key)).toContain('seed-003');
    expect(e.steps.schedulingBlockedBecause).toMatch(/^Not safe yet: .*infection/i);
    const l = await list();
    const res = await book(e.id, l.id, '09:00', e.version);
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('step_out_of_order');
  });

  test('only a clinician may override, with a reason; then the episode can be booked', async () => {
    const infection = { description: 'chest infection', startedAt: ago(10), resolvedAt: ago(5) };
    const e = await screened({}, { ...safeScreening, infections: [infection] });
    const sid = e.steps.screenings[0].id;
    const url = `/api/episodes/${e.id}/screenings/${sid}/override`;
    expect((await post('nurse', url, { reason: 'x', version: e.version })).statusCode).toBe(403);
    expect((await post('clinician', url, { reason: '  ', version: e.version })).json().errors[0].field).toBe(
      'reason',
    );
    const over = await post('clinician', url, {
      reason: 'Procedure in 3 weeks; infection fully treated',
      version: e.version,
    });
    expect(over.statusCode, over.body).toBe(200);
    const o = over.json();
    expect(o.stage).toBe('screened');
    expect(o.steps.screenings[0].override).toMatchObject({
      reason: 'Procedure in 3 weeks; infection fully treated',
    });
    expect(o.steps.schedulingBlockedBecause).toBeNull();
    const l = await list();
    const b = await book(e.id, l.id, '10:00', o.version);
    expect(b.statusCode, b.body).toBe(200);
  });

  // Issue 11: 4,000 agreed plans took 81 s to save (each new plan was compared with every old
  // one). The cap refuses the 51st; 50, saved again as the form sends them, keep their signatures.
  test('a screening is refused with more than 50 agreed plans; 50, saved twice, are kept as signed', async () => {
    const patient = { ...notPregnant, antithrombotics: [{ name: 'Eliquis 5 mg twice daily' }] };
    const e = await screened(patient);
    const plans = (n: number) =>
      Array.from({ length: n }, (_, i) => ({
        drug: `drug ${i}`,
        decision: 'continue',
        agreedWith: 'Dr Cardiology',
        recordedBy: 'Nurse Test',
        recordedAt: new Date().toISOString(),
      }));
    const save = (agreedPlans: object[], version: number) =>
      post('nurse', `/api/episodes/${e.id}/screenings`, {
        patient,
        screening: { ...safeScreening, agreedPlans },
        plan: { side: 'left' },
        version,
      });
    const tooMany = await save(plans(51), e.version);
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.json().detail).toMatch(/agreedPlans/);
    const first = await save(plans(50), e.version);
    expect(first.statusCode, first.body).toBe(200);
    const signed = first.json().steps.screenings[0].facts.screening.agreedPlans;
    expect(signed).toHaveLength(50);
    // The form sends them back as it read them: each is matched to its record, none signed again.
    const second = await save(signed, first.json().version);
    expect(second.statusCode, second.body).toBe(200);
    expect(second.json().steps.screenings[0].facts.screening.agreedPlans).toEqual(signed);
  });

  test('apixaban: a task to agree a plan with the prescriber; no booking until staff record it', async () => {
    const patient = { antithrombotics: [{ name: 'Eliquis 5 mg twice daily' }] };
    const e = await screened(patient);
    expect(e.stage).toBe('screened');
    const s = e.steps.screenings[0].assessment;
    expect(s).toMatchObject({ verdict: 'go-with-actions', blocksScheduling: true });
    const task = s.findings.find((f: { code: string }) => f.code === 'antithrombotic_plan_needed');
    expect(task.staffText).toMatch(/prescriber/i);
    expect(e.steps.schedulingBlockedBecause).toMatch(/^Before booking: /);
    const l = await list();
    const refused = await book(e.id, l.id, '09:00', e.version);
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ code: 'scheduling_blocked' });

    const plan = {
      drug: 'apixaban',
      decision: 'continue',
      agreedWith: 'Dr Cardiology',
      recordedBy: 'Nurse Test',
      recordedAt: new Date().toISOString(),
    };
    const again = await post('nurse', `/api/episodes/${e.id}/screenings`, {
      patient: { ...notPregnant, ...patient },
      screening: { ...safeScreening, agreedPlans: [plan] },
      plan: { side: 'left' },
      version: e.version,
    });
    expect(again.statusCode, again.body).toBe(200);
    const a = again.json();
    expect(a.steps.screenings).toHaveLength(2);
    expect(a.steps.schedulingBlockedBecause).toBeNull();
    const ok = await book(e.id, l.id, '09:00', a.version);
    expect(ok.statusCode, ok.body).toBe(200);
    const told = ok.json().steps.booking.instructions.forPatient.join(' ');
    expect(told, told).toMatch(/Keep taking your Eliquis 5 mg twice daily as usual/);
  });
});

describe('day of procedure', () => {
  test('check-in refuses without consent or an escort, naming the fields', async () => {
    const e = await booked();
    const res = await put('nurse', `/api/episodes/${e.id}/check-in`, {
      ...checkInFacts('left'),
      consentConfirmed: false,
      escortPresent: false,
      version: e.version,
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().code).toBe('checklist_incomplete');
    expect(res.json().errors.map((x: { field: string }) => x.field)).toEqual([
      'consentConfirmed',
      'escortPresent',
    ]);
  });

  test('a side recorded against the side confirmed at time-out cannot be saved', async () => {
    const e = await checkedIn('left');
    const res = await recordProcedure('clinician', e, checklist('left'), record('right'));
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ code: 'side_mismatch', errors: [{ field: 'record.side' }] });
    const after = (await t.as('nurse', { method: 'GET', url: `/api/episodes/${e.id}` })).json();
    expect(after).toMatchObject({ stage: 'checked-in', version: e.version });
    expect(after.steps.procedure).toBeNull();
  });

  test('a dose that is not concentration × volume is refused as a unit slip, naming the drug', async () => {
    const e = await checkedIn('left');
    const bad = record('left');
    bad.drugs[1]!.doseMg = 75; // 1.5 mL of 0.5 % is 7.5 mg (drug 0 is the contrast)
    const res = await recordProcedure('clinician', e, checklist('left'), bad);
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toEqual([
      {
        field: 'record.drugs.1.doseMg',
        message: '1.5 mL of bupivacaine 0.5% is 7.5 mg, not 75 mg: check the units',
      },
    ]);
  });

  test('only a clinician records the procedure', async () => {
    const e = await checkedIn('left');
    const res = await recordProcedure('nurse', e, checklist('left'), record('left'));
    expect(res.statusCode).toBe(403);
  });
});

describe('discharge', () => {
  async function performed() {
    const e = await checkedIn('right');
    const res = await recordProcedure('clinician', e, checklist('right'), record('right'));
    return res.json();
  }

  test('a pain score typed with an hour still to come is kept as typed, named, and not counted', async () => {
    const e = await performed();
    const later = new Date(Date.now() + 3 * 3_600_000).toISOString();
    const res = await put('nurse', `/api/episodes/${e.id}/recovery`, {
      baselinePain: 8,
      scores: [{ at: later, pain: 0 }],
      discharge: readyToGoHome,
      version: e.version,
    });
    expect(res.statusCode, res.body).toBe(200);
    const { facts, assessment } = res.json().steps.recovery;
    expect(facts.scores).toEqual([{ at: later, pain: 0 }]);
    // Counted, it made a block positive ("100 % relief for 3 h") that nobody had seen yet.
    expect(assessment.blockResponse.classification).not.toBe('positive');
    const named = assessment.blockResponse.findings.find(
      (f: { code: string }) => f.code === 'block_score_after_now',
    );
    expect(named?.staffText).toMatch(
      /^The pain score 0\/10 timed .+ is later than now \(.+\): not counted\. Check its time\.$/,
    );
  });

  test('recovery can be saved again as scores come in; the latest save is what counts', async () => {
    const e = await performed();
    const save = async (version: number, passedUrine: boolean) =>
      recoveryWith({ id: e.id, version }, { ...readyToGoHome, passedUrine });
    const first = (await save(e.version, false)).json();
    expect(first.steps.recovery.assessment.discharge.ready).toBe(false);
    const second = await save(first.version, true);
    expect(second.statusCode, second.body).toBe(200);
    expect(second.json().steps.recovery.assessment.discharge.ready).toBe(true);
    expect(second.json().version).toBe(first.version + 1);
  });

  test('an incomplete checklist needs a recorded reason to discharge', async () => {
    const e = await performed();
    const rec = await recoveryWith(e, { ...readyToGoHome, passedUrine: false });
    const r = rec.json();
    expect(r.steps.recovery.assessment.discharge.ready).toBe(false);
    const refused = await post('nurse', `/api/episodes/${e.id}/discharge`, { version: r.version });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().code).toBe('not_ready_for_discharge');
    const ok = await post('nurse', `/api/episodes/${e.id}/discharge`, {
      overrideReason: 'Passed urine at home is acceptable: district nurse visiting tonight',
      version: r.version,
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().steps.discharge.overrideReason).toMatch(/district nurse/);
  });

  // Issue 11, item 6: who may overrule which criterion is the domain's policy, per criterion.
  test('leg numbness not reviewed: a nurse cannot discharge over it, a clinician can, with a reason', async () => {
    const e = await performed();
    const rec = await recoveryWith(e, { ...readyToGoHome, legNumbnessOrWeakness: true });
    const r = rec.json();
    const overrideReason = 'Numbness easing, patient keen to go home';
    const byNurse = await post('nurse', `/api/episodes/${e.id}/discharge`, {
      overrideReason,
      version: r.version,
    });
    expect(byNurse.statusCode, byNurse.body).toBe(403);
    expect(byNurse.json().code).toBe('role_not_allowed');
    expect(byNurse.json().detail).toMatch(/clinician/);
    const byClinician = await post('clinician', `/api/episodes/${e.id}/discharge`, {
      overrideReason,
      version: r.version,
    });
    expect(byClinician.statusCode, byClinician.body).toBe(200);
    expect(byClinician.json().steps.discharge.overrideReason).toBe(overrideReason);
  });
});

describe('concurrency and order', () => {
  test('a stale version gets 409 with the episode as it is now, and nothing of the stale save is kept', async () => {
    const e = await triaged();
    const body = {
      patient: notPregnant,
      screening: safeScreening,
      plan: { side: 'left' },
      version: e.version,
    };
    const first = await post('nurse', `/api/episodes/${e.id}/screenings`, body);
    expect(first.statusCode).toBe(200);
    const second = await post('clinician', `/api/episodes/${e.id}/screenings`, {
      ...body,
      screening: { ...safeScreening, feverNow: true },
    });
    expect(second.statusCode).toBe(409);
    expect(second.json().code).toBe('version_conflict');
    expect(second.json().current.steps.screenings).toHaveLength(1);
    expect(second.json().current.version).toBe(first.json().version);
  });

  test('a move a step form makes is refused as a bare transition', async () => {
    const e = await referral();
    const res = await post('clinician', `/api/episodes/${e.id}/moves`, {
      move: 'accept',
      version: e.version,
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('use_step_form');
  });

  test('a scheduled episode can be moved to another list; it holds one place, on the new list', async () => {
    const e = await booked();
    const other = await list();
    const moved = await book(e.id, other.id, '11:15', e.version);
    expect(moved.statusCode, moved.body).toBe(200);
    const m = moved.json();
    expect(m.stage).toBe('scheduled');
    expect(m.steps.booking.procedureList).toMatchObject({ id: other.id, booked: 1 });
    // The lists as the booking form offers them: the place moved with the patient.
    const lists = (await t.as('nurse', { method: 'GET', url: '/api/procedure-lists' })).json();
    const places = (id: string) => lists.items.find((l: { id: string }) => l.id === id).booked;
    expect(places(e.steps.booking.procedureList.id)).toBe(0);
    expect(places(other.id)).toBe(1);
  });

  test('a full list refuses the next booking', async () => {
    const l = await list(1);
    const a = await screened();
    const b = await screened();
    expect((await book(a.id, l.id, '09:00', a.version)).statusCode).toBe(200);
    const full = await book(b.id, l.id, '09:30', b.version);
    expect(full.statusCode).toBe(409);
    expect(full.json().code).toBe('list_full');
    // The nurse reads which list, in words: "The 7 December 2026 list in Theatre 2 is full …".
    const [y, m, d] = l.date.split('-').map(Number) as [number, number, number];
    const day = new Date(Date.UTC(y, m - 1, d)).toLocaleDateString('en-GB', {
      dateStyle: 'long',
      timeZone: 'UTC',
    });
    expect(full.json().detail).toBe(`The ${day} list in Theatre 2 is full (1 of 1 place booked).`);
  });
});

describe('a clinician review of a `review` finding', () => {
  const zorvexa = { ...notPregnant, antithrombotics: [{ name: 'Zorvexa 10 mg' }] };
  const review = (subject: string, code = 'antithrombotic_unknown') => ({
    code,
    subject,
    recordedBy: 'Dr Priya Shah',
    recordedAt: new Date().toISOString(),
    note: 'Zorvexa is a supplement, not an antithrombotic: no hold needed.',
  });
  type F = { code: string; severity: string; blocksScheduling: boolean; details: Record<string, unknown> };

  test('a drug the table does not know blocks booking until a clinician review of it is recorded', async () => {
    const e = await screened(zorvexa);
    expect(e.stage).toBe('screened');
    const first = e.steps.screenings[0].assessment;
    expect(first).toMatchObject({ verdict: 'go-with-actions', blocksScheduling: true });
    expect(first.findings.find((f: F) => f.code === 'antithrombotic_unknown')).toMatchObject({
      severity: 'review',
      blocksScheduling: true,
    });
    expect(e.steps.schedulingBlockedBecause).toMatch(/^Before booking: .*Zorvexa 10 mg/);
    const l = await list();
    const refused = await book(e.id, l.id, '09:00', e.version);
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ code: 'scheduling_blocked' });

    // A review of another drug does not clear this one.
    const other = await post('clinician', `/api/episodes/${e.id}/screenings`, {
      patient: zorvexa,
      screening: { ...safeScreening, clinicianReviews: [review('Quinapril 5 mg')] },
      plan: { side: 'left' },
      version: e.version,
    });
    expect(other.statusCode, other.body).toBe(200);
    expect(other.json().steps.screenings[0].assessment.blocksScheduling).toBe(true);

    // The review of this drug (matched however it is capitalised) unblocks booking.
    const reviewOfThisDrug = {
      patient: zorvexa,
      screening: { ...safeScreening, clinicianReviews: [review(' zorvexa 10 MG ')] },
      plan: { side: 'left' },
      version: other.json().version,
    };
    // Only an import's replay keeps the names sent; a request saying it is one is refused.
    const claimed = await post('clinician', `/api/episodes/${e.id}/screenings`, {
      ...reviewOfThisDrug,
      replayed: true,
    });
    expect(claimed.statusCode, claimed.body).toBe(400);
    expect(claimed.json().errors).toEqual([{ field: 'replayed', message: 'Not a field of this form' }]);
    const reviewed = await post('clinician', `/api/episodes/${e.id}/screenings`, reviewOfThisDrug);
    expect(reviewed.statusCode, reviewed.body).toBe(200);
    const r = reviewed.json();
    const s = r.steps.screenings[0];
    expect(s.facts.screening.clinicianReviews).toEqual([
      // Signed by the clinician who saved it, whatever name the form sent.
      expect.objectContaining({ code: 'antithrombotic_unknown', recordedBy: 'Test clinician' }),
    ]);
    expect(s.assessment).toMatchObject({ verdict: 'go-with-actions', blocksScheduling: false });
    expect(s.assessment.findings.find((f: F) => f.code === 'antithrombotic_unknown')).toMatchObject({
      severity: 'action',
      blocksScheduling: false,
      details: { reviewedBy: 'Test clinician' },
    });
    expect(r.steps.schedulingBlockedBecause).toBeNull();
    const ok = await book(e.id, l.id, '09:00', r.version);
    expect(ok.statusCode, ok.body).toBe(200);
  });

  test('a review never clears a stop: fever now stays not safe yet', async () => {
    const e = await triaged();
    const res = await post('clinician', `/api/episodes/${e.id}/screenings`, {
      patient: zorvexa,
      screening: {
        ...safeScreening,
        feverNow: true,
        clinicianReviews: [review('Zorvexa 10 mg'), { ...review('fever', 'fever'), subject: undefined }],
      },
      plan: { side: 'left' },
      version: e.version,
    });
    expect(res.statusCode, res.body).toBe(200);
    const d = res.json();
    expect(d.stage).toBe('not-safe-yet');
    const s = d.steps.screenings[0].assessment;
    expect(s).toMatchObject({ verdict: 'not-safe-yet', blocksScheduling: true });
    expect(s.findings.find((f: F) => f.code === 'fever')).toMatchObject({
      severity: 'stop',
      blocksScheduling: true,
    });
    // The review still cleared the drug: only the stop holds the episode.
    expect(s.findings.find((f: F) => f.code === 'antithrombotic_unknown').severity).toBe('action');
    expect(d.steps.schedulingBlockedBecause).toMatch(/^Not safe yet: /);
  });

  test('a review never clears a drug that needs an agreed plan', async () => {
    const patient = { ...notPregnant, antithrombotics: [{ name: 'Eliquis 5 mg twice daily' }] };
    const e = await triaged();
    const res = await post('clinician', `/api/episodes/${e.id}/screenings`, {
      patient,
      screening: {
        ...safeScreening,
        clinicianReviews: [review('Eliquis 5 mg twice daily', 'antithrombotic_plan_needed')],
      },
      plan: { side: 'left' },
      version: e.version,
    });
    expect(res.statusCode, res.body).toBe(200);
    const d = res.json();
    expect(d.steps.screenings[0].assessment.blocksScheduling).toBe(true);
    expect(d.steps.schedulingBlockedBecause).toMatch(/^Before booking: /);
  });
});

test('a clinician review is recorded by a clinician: a nurse cannot add one, and carried reviews stay as they were', async () => {
  const patient = { ...notPregnant, antithrombotics: [{ name: 'Zorvexa 10 mg' }] };
  const e = await screened(patient);
  const review = {
    code: 'antithrombotic_unknown',
    subject: 'Zorvexa 10 mg',
    recordedBy: 'Someone Else',
    recordedAt: '2020-01-01T00:00:00Z',
    note: 'A supplement',
  };
  const body = (version: number, reviews: object[]) => ({
    patient,
    screening: { ...safeScreening, clinicianReviews: reviews },
    plan: { side: 'left' },
    version,
  });
  const byNurse = await post('nurse', `/api/episodes/${e.id}/screenings`, body(e.version, [review]));
  expect(byNurse.statusCode).toBe(403);
  expect(byNurse.json().code).toBe('role_not_allowed');

  const byClinician = await post('clinician', `/api/episodes/${e.id}/screenings`, body(e.version, [review]));
  const signed = byClinician.json().steps.screenings[0].facts.screening.clinicianReviews[0];
  expect(signed).toMatchObject({ recordedBy: 'Test clinician', note: 'A supplement' });
  expect(signed.recordedAt).not.toBe('2020-01-01T00:00:00Z');

  // A nurse repeating the screening carries the clinician's review unchanged.
  const repeat = await post(
    'nurse',
    `/api/episodes/${e.id}/screenings`,
    body(byClinician.json().version, [signed]),
  );
  expect(repeat.statusCode, repeat.body).toBe(200);
  expect(repeat.json().steps.screenings[0].facts.screening.clinicianReviews).toEqual([signed]);
  expect(repeat.json().steps.schedulingBlockedBecause).toBeNull();
});

/** Runs `check` with the test clinic's rules changed, then puts them back. */
async function withClinicRules(rules: Record<string, unknown>, check: () => Promise<void>) {
  const [row] = await t.db.select().from(clinic).where(eq(clinic.id, t.clinic.id));
  const before = row!.settings as { rules: Record<string, unknown> };
  await t.db
    .update(clinic)
    .set({
      settings: { ...before, rules: { ...before.rules, ...rules } } as typeof clinic.$inferInsert.settings,
      // As every change to a clinic does: the server keeps parsed settings by the row's version.
      version: sql`${clinic.version} + 1`,
    })
    .where(eq(clinic.id, t.clinic.id));
  try {
    await check();
  } finally {
    await t.db
      .update(clinic)
      .set({ settings: row!.settings, version: sql`${clinic.version} + 1` })
      .where(eq(clinic.id, t.clinic.id));
  }
}

type F = { code: string; severity: string; blocksScheduling: boolean; details: Record<string, unknown> };
const findingsOf = (e: { steps: { screenings: { assessment: { findings: F[] } }[] } }) =>
  e.steps.screenings[0]!.assessment.findings;
/** A birth date that makes the patient `years` old today. */
const bornYearsAgo = (years: number) => `${new Date().getUTCFullYear() - years}-01-01`;

describe('screening: questions that matter must be answered (defect 9)', () => {
  test('an empty screening blocks booking until the questions are answered, naming what was not asked', async () => {
    const e = await triaged();
    const empty = await post('nurse', `/api/episodes/${e.id}/screenings`, {
      patient: {},
      screening: {},
      plan: { side: 'left', plannedGuidance: 'fluoroscopy' },
      version: e.version,
    });
    expect(empty.statusCode, empty.body).toBe(200);
    const d = empty.json();
    expect(d.stage).toBe('screened');
    expect(d.steps.screenings[0].assessment).toMatchObject({
      verdict: 'go-with-actions',
      blocksScheduling: true,
    });
    const notAsked = findingsOf(d).filter((f) => f.code === 'question_not_asked');
    expect(notAsked.map((f) => f.details.question)).toEqual(
      expect.arrayContaining(['infection', 'antithrombotics', 'allergies', 'pregnancy', 'goingHome']),
    );
    expect(d.steps.schedulingBlockedBecause).toMatch(/^Before booking: Not asked: /);
    const l = await list();
    const refused = await book(e.id, l.id, '09:30', d.version);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().code).toBe('scheduling_blocked');

    const answered = await post('nurse', `/api/episodes/${e.id}/screenings`, {
      patient: notPregnant,
      screening: safeScreening,
      plan: { side: 'left', plannedGuidance: 'fluoroscopy' },
      version: d.version,
    });
    expect(answered.json().steps.screenings[0].assessment).toMatchObject({
      verdict: 'go',
      blocksScheduling: false,
    });
  });

  test("the patient record's sex and date of birth reach the screening: pregnancy not asked for a woman of 34 with fluoroscopy is a review", async () => {
    const e = await triaged('left', { sex: 'female', birthDate: bornYearsAgo(34) });
    const res = await post('nurse', `/api/episodes/${e.id}/screenings`, {
      // What the form says about sex and age is not used: the patient's record is.
      patient: { sex: 'male', ageYears: 80 },
      screening: safeScreening,
      plan: { side: 'left', plannedGuidance: 'fluoroscopy' },
      version: e.version,
    });
    expect(res.statusCode, res.body).toBe(200);
    const pregnancy = findingsOf(res.json()).find(
      (f) => f.code === 'question_not_asked' && f.details.question === 'pregnancy',
    );
    expect(pregnancy).toMatchObject({
      severity: 'review',
      blocksScheduling: true,
      details: { sex: 'female', ageYears: 34, plannedGuidance: 'fluoroscopy' },
    });
    expect(res.json().steps.screenings[0].facts.patient.sex).toBeUndefined();
  });

  test('a man is not asked about pregnancy', async () => {
    const e = await triaged('left', { sex: 'male', birthDate: bornYearsAgo(34) });
    const res = await post('nurse', `/api/episodes/${e.id}/screenings`, {
      patient: {},
      screening: safeScreening,
      plan: { side: 'left', plannedGuidance: 'fluoroscopy' },
      version: e.version,
    });
    expect(res.json().steps.screenings[0].assessment.verdict).toBe('go');
  });

  test('"older age" comes from the date of birth once the clinic sets an age (off by default)', async () => {
    const screen = async () => {
      const e = await triaged('left', { sex: 'male', birthDate: bornYearsAgo(82) });
      const res = await post('nurse', `/api/episodes/${e.id}/screenings`, {
        patient: { antithrombotics: [{ name: 'aspirin 75 mg' }] },
        screening: safeScreening,
        plan: { side: 'left', plannedGuidance: 'fluoroscopy' },
        version: e.version,
      });
      return res.json().steps.screenings[0].assessment;
    };
    expect((await screen()).bleedingRisk).toBe('low');
    await withClinicRules({ bleedingRisk: { olderAgeFromYears: 75 } }, async () => {
      const s = await screen();
      expect(s.bleedingRisk).toBe('intermediate');
      expect(s.findings.find((f: F) => f.code === 'bleeding_risk_raised').details).toMatchObject({
        factors: 'older-age',
        ageYears: 82,
      });
    });
  });
});

describe('timing against the booked time, in the clinic zone (defect 10)', () => {
  test('check-in a week before the booked day is refused, naming the booked day', async () => {
    const e = await screened();
    const l = await list(6, 7);
    const b = await book(e.id, l.id, '09:30', e.version);
    expect(b.statusCode, b.body).toBe(200);
    const res = await put('nurse', `/api/episodes/${e.id}/check-in`, {
      ...checkInFacts('left'),
      version: b.json().version,
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('outside_booked_day');
    expect(res.json().detail).toMatch(/^Check-in is on the booked day, \w+ \d+ \w+ \d{4}, 09:30; today is /);
    const after = (await t.as('nurse', { method: 'GET', url: `/api/episodes/${e.id}` })).json();
    expect(after).toMatchObject({ stage: 'scheduled', steps: { checkIn: null } });
  });

  test('a procedure recorded for a week before the booked day, or for later today, is refused', async () => {
    const e = await checkedIn('left');
    const weekAgo = await recordProcedure('clinician', e, checklist('left'), {
      ...record('left'),
      performedAt: ago(7),
    });
    expect(weekAgo.statusCode).toBe(409);
    expect(weekAgo.json()).toMatchObject({
      code: 'outside_booked_day',
      errors: [{ field: 'record.performedAt' }],
    });
    const future = await recordProcedure('clinician', e, checklist('left'), {
      ...record('left'),
      performedAt: new Date(Date.now() + 3 * 3_600_000).toISOString(),
    });
    expect(future.statusCode).toBe(400);
    expect(future.json()).toMatchObject({
      code: 'validation_failed',
      errors: [{ field: 'record.performedAt' }],
    });
    const after = (await t.as('nurse', { method: 'GET', url: `/api/episodes/${e.id}` })).json();
    expect(after).toMatchObject({ stage: 'checked-in', version: e.version });
  });

  const apixabanHold = (lastDoseAt: string) => ({
    patient: { ...notPregnant, antithrombotics: [{ name: 'Eliquis 5 mg twice daily' }] },
    screening: {
      ...safeScreening,
      answers: { ...ANSWERED_NO, antithrombotics: 'yes' },
      agreedPlans: [
        {
          drug: 'apixaban',
          decision: 'hold',
          lastDoseAt,
          agreedWith: 'Dr Cardiology',
          recordedBy: 'Nurse Test',
          recordedAt: new Date().toISOString(),
        },
      ],
    },
    plan: { side: 'left', plannedGuidance: 'fluoroscopy' },
  });
  /** 20:00 London on the day `days` from today. */
  const eveningOf = (days: number) => `${clinicDate(days)}T20:00:00Z`;

  test("a hold plan whose last dose falls inside the clinic's suggested hold before the booked time is refused at booking, with the reason", async () => {
    await withClinicRules({ antithrombotics: { suggestedHoldHours: { apixaban: 72 } } }, async () => {
      const e = await triaged();
      const s = await post('nurse', `/api/episodes/${e.id}/screenings`, {
        ...apixabanHold(eveningOf(9)), // 13.5 h before 09:30 on day 10
        version: e.version,
      });
      expect(s.statusCode, s.body).toBe(200);
      // Before a date is booked the hold cannot be measured: the plan stands.
      expect(s.json().steps.schedulingBlockedBecause).toBeNull();
      const l = await list(6, 10);
      const res = await book(e.id, l.id, '09:30', s.json().version);
      expect(res.statusCode).toBe(409);
      expect(res.json().code).toBe('scheduling_blocked');
      expect(res.json().detail).toMatch(
        /Eliquis 5 mg twice daily: the recorded plan holds it for \d+ h .* 3 days the clinic suggests/,
      );
    });
  });

  test('rescheduling re-runs the screening: a move that makes the plan too short is refused with the reason, a later one is booked with new times', async () => {
    await withClinicRules({ antithrombotics: { suggestedHoldHours: { apixaban: 72 } } }, async () => {
      const e = await triaged();
      const s = await post('nurse', `/api/episodes/${e.id}/screenings`, {
        ...apixabanHold(eveningOf(5)), // day 5 20:00: 3.5 days before 09:30 on day 9
        version: e.version,
      });
      const first = await list(6, 9);
      const b = await book(e.id, first.id, '09:30', s.json().version);
      expect(b.statusCode, b.body).toBe(200);

      const earlier = await list(6, 7);
      const moved = await book(e.id, earlier.id, '09:30', b.json().version);
      expect(moved.statusCode).toBe(409);
      expect(moved.json()).toMatchObject({ code: 'scheduling_blocked' });
      expect(moved.json().detail).toMatch(/recorded plan holds it for \d+ h .* 3 days the clinic suggests/);
      const still = (await t.as('nurse', { method: 'GET', url: `/api/episodes/${e.id}` })).json();
      expect(still.steps.booking.procedureList.id).toBe(first.id);

      const later = await list(6, 12);
      const ok = await book(e.id, later.id, '10:45', b.json().version);
      expect(ok.statusCode, ok.body).toBe(200);
      const booking = ok.json().steps.booking;
      const fasting = booking.instructions.screening.findings.find(
        (f: F & { action: { dueAt: string } }) => f.code === 'fasting_instruction',
      );
      expect(fasting.action.dueAt).toBe(
        new Date(new Date(booking.plannedAt).getTime() - 6 * 3_600_000).toISOString(),
      );
      expect(booking.instructions.forPatient.join(' ')).toMatch(/last dose of Eliquis 5 mg twice daily on/);
    });
  });
});

test('a screening stored before the questions were recorded still reads back; booking then asks for them, with reasons', async () => {
  const e = await screened();
  // As a screening saved by the earlier version was stored: no answers, no medication list.
  const [row] = await t.db
    .select()
    .from(stepRecord)
    .where(and(eq(stepRecord.episodeId, e.id), eq(stepRecord.step, 'screening')));
  type Stored = { patient: Record<string, unknown>; screening: Record<string, unknown>; plan: object };
  const facts = row!.facts as unknown as Stored;
  const { answers: _a, ...screening } = facts.screening;
  const { medications: _m, allergyDetails: _d, ...patient } = facts.patient;
  const legacy = { ...facts, patient, screening } as unknown as typeof stepRecord.$inferInsert.facts;
  await t.db.update(stepRecord).set({ facts: legacy }).where(eq(stepRecord.id, row!.id));
  const read = await t.as('nurse', { method: 'GET', url: `/api/episodes/${e.id}` });
  expect(read.statusCode, read.body).toBe(200);
  expect(read.json().steps.screenings[0].facts.screening.answers).toBeUndefined();
  const l = await list();
  const res = await book(e.id, l.id, '09:30', e.version);
  expect(res.statusCode).toBe(409);
  expect(res.json()).toMatchObject({ code: 'scheduling_blocked' });
  expect(res.json().detail).toMatch(/^Before booking for that date: Not asked: /);
});

test('a saved step is stored as entered: an absent assessment or override is NULL, not JSON null, and facts are objects', async () => {
  const e = await checkedIn('left');
  const rows = await t.db.execute<{
    step: string;
    facts_type: string;
    assessment_null: boolean;
    assessment_type: string | null;
    override_null: boolean;
    recorded_at: Date;
  }>(sql`select step, jsonb_typeof(facts) as facts_type, assessment is null as assessment_null,
      jsonb_typeof(assessment) as assessment_type, override is null as override_null, recorded_at
    from step_record where episode_id = ${e.id} and superseded_at is null order by step`);
  const byStep = Object.fromEntries(rows.rows.map((r) => [r.step, r]));
  expect(byStep['check-in']).toMatchObject({
    facts_type: 'object',
    assessment_null: true,
    override_null: true,
  });
  expect(byStep.screening).toMatchObject({
    facts_type: 'object',
    assessment_type: 'object',
    override_null: true,
  });
  expect(new Date(byStep['check-in']!.recorded_at).toISOString()).toBe(e.steps.checkIn.recordedAt);
  // The timeline's events likewise: details are an object or NULL, never JSON null or a string.
  const events = await t.db.execute<{ kind: string | null }>(
    sql`select jsonb_typeof(details) as kind from episode_event where episode_id = ${e.id}`,
  );
  expect(events.rows.length).toBeGreaterThan(2);
  for (const { kind } of events.rows) expect([null, 'object']).toContain(kind);
});

describe('an injection given here counts at the next screening, whatever the call lists (H-007 (7))', () => {
  test('re-referred 10 days after an injection here, "no earlier injections" is not safe yet', async () => {
    const patient = await buildPatient(t.db, t.clinic.id);
    const earlier = await performedEpisode(t.db, t.clinic.id, staffOf(t), 'left', { patientId: patient.id });
    const res = await post('nurse', `/api/patients/${patient.id}/episodes`, {
      referrer: 'Dr GP',
      referredOn: ago(1).slice(0, 10),
      reason: 'Buttock pain again',
      side: 'left',
    });
    const e = res.json() as { id: string; version: number };
    // What the screening form counts while the call is typed, as the save will.
    const shown = await t.as('nurse', { method: 'GET', url: `/api/episodes/${e.id}/recorded-injections` });
    expect(shown.json().recordedInjections).toEqual([
      { at: earlier.performedAt.toISOString(), purpose: 'both', side: 'left', steroidDoseMg: 40 },
    ]);
    const tr = await put('clinician', `/api/episodes/${e.id}/triage`, {
      purpose: 'therapeutic',
      facts: triageFacts,
      decision: 'accept',
      version: e.version,
    });
    const s = await post('nurse', `/api/episodes/${e.id}/screenings`, {
      patient: notPregnant,
      screening: safeScreening,
      plan: { side: 'left', plannedGuidance: 'fluoroscopy' },
      version: tr.json().version,
    });
    expect(s.statusCode, s.body).toBe(200);
    const screening = s.json().steps.screenings[0];
    expect(s.json().stage).toBe('not-safe-yet');
    expect(screening.facts.screening.answers.previousInjections).toBe('no');
    const codes = screening.assessment.findings.map((f: { code: string }) => f.code);
    expect(codes).toContain('steroid_interval_too_short');
    const unlisted = screening.assessment.findings.find(
      (f: { code: string }) => f.code === 'recorded_injection_not_listed',
    );
    expect(unlisted.details.at).toBe(earlier.performedAt.toISOString());
    expect(unlisted.staffText).toMatch(
      /^This clinic recorded a diagnostic and therapeutic injection \(left side\) on /,
    );
  });
});
