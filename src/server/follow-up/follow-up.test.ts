// Issue 10, the follow-up through the API: the pain diary on its schedule (prompts queued at
// discharge, entries on time and late, missed prompts), a worrying-symptom report that is kept
// before any advice, raises an alert that reaches a named clinician and escalates when nobody
// acknowledges it, and the outcome letter to the referrer.
import { and, eq, like, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, test, vi } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/api.ts';
import { performedEpisode, type Staff, staffOf } from '../../../test/support/episodes.ts';
import { buildPatient } from '../../../test/support/factories.ts';
import { pdfText } from '../../../test/support/pdf.ts';
import { alert, auditEvent, clinic, diaryEntry, job, message, symptomReport } from '../../db/schema.ts';
import * as clinical from '../../domain/clinical/index.ts';
import { procedureFacts, recoveryFacts } from '../demo/payloads.ts';
import { episodeVersion } from '../episodes/episodes.ts';
import { runStep } from '../episodes/steps/registry.ts';
import { runDueJobs } from '../jobs/queue.ts';
import { followUpHandlers } from './jobs.ts';
import { storeSymptomReport } from './symptom-reports.ts';

vi.mock('../../domain/clinical/index.ts', async (original) => {
  const real = await original<typeof import('../../domain/clinical/index.ts')>();
  return { ...real, triageRedFlagReport: vi.fn(real.triageRedFlagReport) };
});

let t: TestApp;
let staff: Staff;
const HOUR = 3_600_000;
const handlers = followUpHandlers({ baseUrl: 'http://localhost:3000' });

beforeAll(async () => {
  t = await createTestApp();
  staff = staffOf(t);
});

/** An episode of `patientId` (default: the signed-in test patient) discharged 10 days ago. */
async function discharged(
  patientId: string = t.patientRecord.id,
  record?: Parameters<typeof procedureFacts>[2],
) {
  const { id, performedAt } = await performedEpisode(t.db, t.clinic.id, staff, 'left', { patientId, record });
  await t.db.transaction(async (tx) => {
    const version = () => episodeVersion(tx, id);
    const at = (h: number) => new Date(performedAt.getTime() + h * HOUR);
    await runStep(
      tx,
      staff.nurse,
      id,
      'recovery',
      { ...recoveryFacts(performedAt), version: await version() },
      at(4.25),
    );
    await runStep(tx, staff.nurse, id, 'discharge', { version: await version() }, at(4.5));
  });
  return { id, performedAt };
}

type Diary = {
  open: boolean;
  missed: number;
  entries: { id: string; late: boolean; pain: number; at: string; enteredBy: { role: string } }[];
  prompts: { dueAt: string; kind: string; status: string; entryId: string | null }[];
};
const myDiary = async (id: string) =>
  (await t.as('patient', { method: 'GET', url: `/api/my/episodes/${id}/diary` })).json() as Diary;

describe('the pain diary', () => {
  test('discharge queues prompts on the schedule; a patient answers one late and sees the rest missed', async () => {
    const { id, performedAt } = await discharged();
    const diary = await myDiary(id);
    expect(diary.open).toBe(true);
    expect(diary.prompts.length).toBeGreaterThan(3);
    // Prompts start after discharge (4.5 h after the injection): the hours before are the recovery's.
    expect(new Date(diary.prompts[0]!.dueAt).getTime()).toBeGreaterThanOrEqual(
      performedAt.getTime() + 4.5 * HOUR,
    );
    expect(new Set(diary.prompts.map((p) => p.kind))).toContain('day');
    // Ten days on, every past prompt's window has closed unanswered.
    const past = diary.prompts.filter((p) => new Date(p.dueAt) < new Date());
    expect(diary.missed).toBe(past.filter((p) => p.status === 'missed').length);
    expect(diary.missed).toBeGreaterThan(0);
    const jobs = await t.db
      .select()
      .from(job)
      .where(like(job.dedupeKey, `diary:${id}:%`));
    expect(jobs).toHaveLength(diary.prompts.length);

    const prompt = past[0]!;
    const late = await t.as('patient', {
      method: 'POST',
      url: `/api/my/episodes/${id}/diary`,
      payload: { promptAt: prompt.dueAt, pain: 2, pgic: 2, opioidDoses: 0, sideEffects: 'A little sore' },
    });
    expect(late.statusCode, late.body).toBe(201);
    // A late answer stands for the prompt's time and says it was recalled.
    expect(late.json()).toMatchObject({
      late: true,
      at: prompt.dueAt,
      pain: 2,
      enteredBy: { role: 'patient' },
    });

    const again = await t.as('patient', {
      method: 'POST',
      url: `/api/my/episodes/${id}/diary`,
      payload: { promptAt: prompt.dueAt, pain: 5 },
    });
    expect(again.statusCode).toBe(409);

    const now = await t.as('patient', {
      method: 'POST',
      url: `/api/my/episodes/${id}/diary`,
      payload: { pain: 1 },
    });
    expect(now.json()).toMatchObject({ late: false, promptAt: null });

    const after = await myDiary(id);
    expect(after.entries.map((e) => e.pain)).toEqual([2, 1]);
    expect(after.prompts.find((p) => p.dueAt === prompt.dueAt)?.status).toBe('answered-late');
    expect(after.missed).toBe(diary.missed - 1);

    // The clinician reads the same diary; a nurse can enter a score for a patient on the phone.
    const staffView = await t.as('clinician', { method: 'GET', url: `/api/episodes/${id}/diary` });
    expect(staffView.json().entries).toHaveLength(2);
    const byPhone = await t.as('nurse', {
      method: 'POST',
      url: `/api/episodes/${id}/diary`,
      payload: { pain: 3 },
    });
    expect(byPhone.json().enteredBy.role).toBe('nurse');
  });

  test("a patient cannot read or write another patient's diary: it is not found", async () => {
    const someoneElse = await buildPatient(t.db, t.clinic.id);
    const { id } = await discharged(someoneElse.id);
    const read = await t.as('patient', { method: 'GET', url: `/api/my/episodes/${id}/diary` });
    expect(read.statusCode).toBe(404);
    const write = await t.as('patient', {
      method: 'POST',
      url: `/api/my/episodes/${id}/diary`,
      payload: { pain: 1 },
    });
    expect(write.statusCode).toBe(404);
    const report = await t.as('patient', {
      method: 'POST',
      url: `/api/my/episodes/${id}/symptom-reports`,
      payload: { symptoms: ['new-leg-weakness'] },
    });
    expect(report.statusCode).toBe(404);
    expect(await t.db.select().from(diaryEntry).where(eq(diaryEntry.episodeId, id))).toHaveLength(0);
    // Another clinic's clinician does not see it either.
    const staffRead = await t.as('otherClinic', { method: 'GET', url: `/api/episodes/${id}/diary` });
    expect(staffRead.statusCode).toBe(404);
  });
});

describe('a worrying symptom', () => {
  // "A symptom not on our list" is all the alert said: the patient's words, the only account of
  // what it is, were on the episode's follow-up panel, a click away from the clinic's queue.
  test('a symptom not on the list: the alert carries what the patient wrote', async () => {
    const { id } = await discharged();
    const res = await t.as('patient', {
      method: 'POST',
      url: `/api/my/episodes/${id}/symptom-reports`,
      payload: { symptoms: ['other'], freeText: 'I cannot feel my legs properly' },
    });
    expect(res.statusCode, res.body).toBe(201);
    const items = (await t.as('clinician', { method: 'GET', url: '/api/alerts' })).json().items as {
      episodeId: string;
      symptoms: string[];
      freeText: string | null;
    }[];
    expect(items.find((a) => a.episodeId === id)).toMatchObject({
      symptoms: ['other'],
      freeText: 'I cannot feel my legs properly',
    });
  });

  test('new weakness in the legs: urgent advice at once, an alert a named clinician acknowledges', async () => {
    const { id } = await discharged();
    const res = await t.as('patient', {
      method: 'POST',
      url: `/api/my/episodes/${id}/symptom-reports`,
      payload: { symptoms: ['new-leg-weakness'], freeText: 'Both legs feel weak' },
    });
    expect(res.statusCode, res.body).toBe(201);
    const result = res.json();
    expect(result).toMatchObject({ triaged: true, urgency: 'urgent', alertRaised: true });
    const contacts = (await t.as('patient', { method: 'GET', url: '/api/my/follow-up' })).json().clinic
      .contacts;
    expect(result.advice.join(' ')).toContain(`Call ${contacts.urgentPhone} now`);
    expect(result.advice.join(' ')).toContain('When we are closed: call 111.'); // the test clinic's "Call 111"

    const list = (await t.as('nurse', { method: 'GET', url: '/api/alerts' })).json().items as {
      id: string;
      episodeId: string;
      urgency: string;
      version: number;
      symptoms: string[];
    }[];
    const raised = list.find((a) => a.episodeId === id)!;
    expect(raised).toMatchObject({ urgency: 'urgent', symptoms: ['new-leg-weakness'] });
    const escalation = await t.db
      .select()
      .from(job)
      .where(eq(job.dedupeKey, `alert:${raised.id}:escalate`));
    expect(escalation).toHaveLength(1);
    expect(escalation[0]!.runAt.getTime() - new Date(result.reportedAt).getTime()).toBe(30 * 60_000);

    // A nurse sees it but only a clinician acknowledges, with a note.
    const url = `/api/alerts/${raised.id}/acknowledge`;
    const byNurse = await t.as('nurse', {
      method: 'POST',
      url,
      payload: { note: 'Called', version: raised.version },
    });
    expect(byNurse.statusCode).toBe(403);
    const noNote = await t.as('clinician', {
      method: 'POST',
      url,
      payload: { note: ' ', version: raised.version },
    });
    expect(noNote.statusCode).toBe(400);
    const ack = await t.as('clinician', {
      method: 'POST',
      url,
      payload: { note: 'Called the patient: sent to the emergency department.', version: raised.version },
    });
    expect(ack.statusCode, ack.body).toBe(200);
    expect(ack.json()).toMatchObject({
      acknowledgedBy: 'Test clinician',
      note: expect.stringContaining('Called'),
    });
    const twice = await t.as('clinician', {
      method: 'POST',
      url,
      payload: { note: 'Again', version: raised.version },
    });
    expect(twice.statusCode).toBe(409);

    const open = (await t.as('nurse', { method: 'GET', url: '/api/alerts' })).json().items as {
      id: string;
    }[];
    expect(open.map((a) => a.id)).not.toContain(raised.id);
    const [cancelled] = await t.db
      .select()
      .from(job)
      .where(eq(job.dedupeKey, `alert:${raised.id}:escalate`));
    expect(cancelled!.status).toBe('cancelled');

    // The clinician's view of the episode keeps the report with its triage and who acknowledged it.
    const reports = (
      await t.as('clinician', { method: 'GET', url: `/api/episodes/${id}/symptom-reports` })
    ).json();
    expect(reports.items[0]).toMatchObject({
      urgency: 'urgent',
      alert: { acknowledgedBy: 'Test clinician' },
    });
    // Who has read or changed this patient's record includes the alert on their episode.
    const about = (
      await t.as('admin', { method: 'GET', url: `/api/audit?patient=${t.patientRecord.id}&limit=200` })
    ).json().items as { action: string; recordId: string }[];
    expect(about).toContainEqual(
      expect.objectContaining({ action: 'alert.acknowledge', recordId: raised.id }),
    );
  });

  test('facial flushing: expected after the steroid; after an injection without one, a person reads it today', async () => {
    const report = (id: string) =>
      t.as('patient', {
        method: 'POST',
        url: `/api/my/episodes/${id}/symptom-reports`,
        payload: { symptoms: ['facial-flushing'] },
      });
    const withSteroid = await discharged();
    expect((await report(withSteroid.id)).json()).toMatchObject({ urgency: 'routine', alertRaised: false });
    // A diagnostic block: local anaesthetic and contrast, no steroid ([S38] names flushing as the steroid's).
    const anaestheticOnly = await discharged(t.patientRecord.id, {
      drugs: procedureFacts().record.drugs.filter((d) => d.kind !== 'steroid'),
    });
    const res = await report(anaestheticOnly.id);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ urgency: 'soon', alertRaised: true });
  });

  /** A fever reported by a newly discharged patient: the alert it raised. */
  async function feverAlert() {
    const { id } = await discharged();
    const res = await t.as('patient', {
      method: 'POST',
      url: `/api/my/episodes/${id}/symptom-reports`,
      payload: { symptoms: ['fever-or-feeling-unwell'] },
    });
    const [raised] = await t.db.select().from(alert).where(eq(alert.symptomReportId, res.json().id));
    return { id, raised: raised! };
  }
  /** Every job due 31 minutes from now, however many other tests' episodes queued (a worker drains in batches). */
  async function runJobsDueInHalfAnHour() {
    const later = () => new Date(Date.now() + 31 * 60_000);
    for (let i = 0; i < 50 && (await runDueJobs(t.db, { handlers, now: later })) > 0; i++);
  }

  test('an alert nobody acknowledges in the set time escalates once', async () => {
    const { id, raised } = await feverAlert();
    await runJobsDueInHalfAnHour();
    const [escalated] = await t.db.select().from(alert).where(eq(alert.id, raised!.id));
    expect(escalated!.escalatedAt).not.toBeNull();
    const sent = await t.db
      .select()
      .from(message)
      .where(and(eq(message.kind, 'alert-escalation'), eq(message.episodeId, id)));
    expect(sent.length).toBeGreaterThan(0);
    expect(new Set(sent.map((m) => m.to)).size).toBe(sent.length);
    // The message says where to look, never who the patient is, and how long it waited in minutes.
    expect(sent[0]!.text).not.toContain('Pat');
    expect(sent[0]!.subject).toMatch(/^Alert not acknowledged after \d+ minutes$/);
    expect(sent[0]!.text).toContain("(the clinic's set time is 30 minutes)");
    const list = (await t.as('clinician', { method: 'GET', url: '/api/alerts' })).json().items as {
      id: string;
      urgency: string;
      escalatedAt: string | null;
    }[];
    expect(list.find((a) => a.id === raised!.id)?.escalatedAt).not.toBeNull();
    // The count every staff page shows says the same as the list, in numbers alone, and is not
    // a read of patient data (no audit event).
    const audited = async () => (await t.db.select({ id: auditEvent.id }).from(auditEvent)).length;
    const before = await audited();
    const summary = await t.as('nurse', { method: 'GET', url: '/api/alerts/summary' });
    expect(summary.statusCode).toBe(200);
    expect(summary.json()).toEqual({
      stamp: expect.any(String),
      open: list.length,
      urgent: list.filter((a) => a.urgency !== 'soon').length,
      escalated: list.filter((a) => a.escalatedAt !== null).length,
    });
    expect(summary.json().escalated).toBeGreaterThan(0);
    expect(await audited()).toBe(before);
  });

  test('the counts carry a stamp that changes with every open alert, the same counts or not; the alerts carry the stamp they were read under', async () => {
    type Summary = { open: number; urgent: number; escalated: number; stamp: string };
    const summary = async () =>
      (await t.as('nurse', { method: 'GET', url: '/api/alerts/summary' })).json() as Summary;
    const before = await summary();
    const listed = (await t.as('nurse', { method: 'GET', url: '/api/alerts' })).json();
    expect(listed.stamp).toBe(before.stamp);

    const { raised: first } = await feverAlert();
    const withFirst = await summary();
    expect(withFirst.open).toBe(before.open + 1);
    expect(withFirst.stamp).not.toBe(before.stamp);
    // One acknowledged as another comes: the counts are as they were, the stamp is not.
    await feverAlert();
    const ack = await t.as('clinician', {
      method: 'POST',
      url: `/api/alerts/${first.id}/acknowledge`,
      payload: { note: 'Called: advice given.', version: first.version },
    });
    expect(ack.statusCode, ack.body).toBe(200);
    const swapped = await summary();
    expect({ ...swapped, stamp: '' }).toEqual({ ...withFirst, stamp: '' });
    expect(swapped.stamp).not.toBe(withFirst.stamp);
    // Nothing changed: the same stamp, asked again.
    expect((await summary()).stamp).toBe(swapped.stamp);
    // Escalated: the stamp changes again.
    await runJobsDueInHalfAnHour();
    expect((await summary()).stamp).not.toBe(swapped.stamp);
  });

  // The report is committed alone, before its triage (symptom-reports.ts): a server that died
  // between the two left a report no alert named, so no person at the clinic read it.
  test('a report whose triage never ran (the server died after saving it) still raises its alert', async () => {
    const { id } = await discharged();
    const reportedAt = new Date();
    const stored = await t.db.transaction((tx) =>
      storeSymptomReport(tx, staff.nurse, id, { symptoms: ['new-leg-weakness'] }, reportedAt),
    );
    // Here the process died: nothing triaged the report.
    const alertsOf = () => t.db.select().from(alert).where(eq(alert.symptomReportId, stored.id));
    expect(await alertsOf()).toEqual([]);
    const later = () => new Date(reportedAt.getTime() + 2 * 60_000);
    for (let i = 0; i < 50 && (await runDueJobs(t.db, { handlers, now: later })) > 0; i++);
    const raised = await alertsOf();
    expect(raised.map((a) => a.urgency)).toEqual(['urgent']);
    const [report] = await t.db.select().from(symptomReport).where(eq(symptomReport.id, stored.id));
    expect(report!.urgency).toBe('urgent');
    // Run again: the report is triaged once, its alert raised once.
    for (let i = 0; i < 50 && (await runDueJobs(t.db, { handlers, now: later })) > 0; i++);
    expect(await alertsOf()).toHaveLength(1);
  });

  test('a report triaged at once is not triaged again by its safety net', async () => {
    const { id } = await discharged();
    const res = await t.as('patient', {
      method: 'POST',
      url: `/api/my/episodes/${id}/symptom-reports`,
      payload: { symptoms: ['new-leg-weakness'] },
    });
    expect(res.json()).toMatchObject({ urgency: 'urgent', alertRaised: true });
    const later = () => new Date(Date.now() + 2 * 60_000);
    for (let i = 0; i < 50 && (await runDueJobs(t.db, { handlers, now: later })) > 0; i++);
    expect(await t.db.select().from(alert).where(eq(alert.symptomReportId, res.json().id))).toHaveLength(1);
  });

  test('the report is kept and the patient told to call when the advice step fails', async () => {
    const { id } = await discharged();
    vi.mocked(clinical.triageRedFlagReport).mockImplementationOnce(() => {
      throw new Error('triage broke');
    });
    const res = await t.as('patient', {
      method: 'POST',
      url: `/api/my/episodes/${id}/symptom-reports`,
      payload: { symptoms: ['new-leg-weakness'] },
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ triaged: false, urgency: null, advice: [], alertRaised: true });
    const [kept] = await t.db.select().from(symptomReport).where(eq(symptomReport.id, res.json().id));
    expect(kept!.facts).toMatchObject({ symptoms: ['new-leg-weakness'] });
    const [raised] = await t.db.select().from(alert).where(eq(alert.symptomReportId, kept!.id));
    expect(raised!.urgency).toBe('untriaged');
  });
});

describe('who made a record', () => {
  // Issue 11, item 5: records keep the name as it was when they were made. A name changed later
  // (through the admin's user management) does not rewrite who entered a score or reported a symptom.
  test('a diary entry and a symptom report keep the name of whoever made them, after a rename', async () => {
    const { id } = await discharged();
    const byPhone = await t.as('nurse', {
      method: 'POST',
      url: `/api/episodes/${id}/diary`,
      payload: { pain: 4 },
    });
    expect(byPhone.statusCode, byPhone.body).toBe(201);
    const report = await t.as('patient', {
      method: 'POST',
      url: `/api/my/episodes/${id}/symptom-reports`,
      payload: { symptoms: ['pain-flare'], freeText: 'Sore again' },
    });
    expect(report.statusCode, report.body).toBe(201);
    await t.db.execute(
      sql`update "user" set name = 'Somebody Else' where id in (${t.users.nurse.id}, ${t.users.patient.id})`,
    );

    const diary = (await t.as('clinician', { method: 'GET', url: `/api/episodes/${id}/diary` })).json();
    const entry = diary.entries.find((e: { id: string }) => e.id === byPhone.json().id);
    expect(entry.enteredBy).toEqual({ role: 'nurse', name: 'Test nurse' });
    const reports = (
      await t.as('clinician', { method: 'GET', url: `/api/episodes/${id}/symptom-reports` })
    ).json();
    const list = (Array.isArray(reports) ? reports : reports.items) as { reportedBy: { name: string } }[];
    expect(list.map((r) => r.reportedBy.name)).toEqual(['Test patient']);
  });
});

describe('the outcome letter', () => {
  test('after the outcome review it restates the decision and the diary for the referrer', async () => {
    const { id } = await discharged();
    const before = await t.as('clinician', { method: 'GET', url: `/api/episodes/${id}/outcome-letter.pdf` });
    expect(before.statusCode).toBe(409);
    const move = async (body: object) => {
      const { version } = (await t.as('clinician', { method: 'GET', url: `/api/episodes/${id}` })).json();
      return t.as('clinician', {
        method: 'POST',
        url: `/api/episodes/${id}/moves`,
        payload: { ...body, version },
      });
    };
    expect((await move({ move: 'start-follow-up' })).statusCode).toBe(200);
    await t.as('patient', {
      method: 'POST',
      url: `/api/my/episodes/${id}/diary`,
      payload: { pain: 2, pgic: 2 },
    });
    const { version } = (await t.as('clinician', { method: 'GET', url: `/api/episodes/${id}` })).json();
    const review = await t.as('clinician', {
      method: 'PUT',
      url: `/api/episodes/${id}/outcome-review`,
      payload: { decision: 'refer-rf-denervation', reason: 'Positive block with good relief', version },
    });
    expect(review.statusCode, review.body).toBe(200);
    const letter = await t.as('clinician', { method: 'GET', url: `/api/episodes/${id}/outcome-letter.pdf` });
    expect(letter.statusCode, letter.body).toBe(200);
    expect(letter.headers['content-type']).toBe('application/pdf');
    const text = (await pdfText(letter.rawPayload)).replace(/\s+/g, ' ');
    expect(text).toContain('Refer for radiofrequency denervation');
    expect(text).toContain('Positive block with good relief');
    expect(text).toContain('Pat Portal');
    expect(text).not.toMatch(/correct/i);

    // The decision corrected after the letter could have gone: the next copy says so, and why.
    const reviewed = review.json() as { version: number };
    const amended = await t.as('clinician', {
      method: 'PUT',
      url: `/api/episodes/${id}/outcome-review`,
      payload: {
        decision: 'physiotherapy',
        reason: 'Relief did not last the three months',
        amendReason: 'Decided before the 12-week diary entry, which showed the pain back',
        version: reviewed.version,
      },
    });
    expect(amended.statusCode, amended.body).toBe(200);
    const again = await t.as('clinician', { method: 'GET', url: `/api/episodes/${id}/outcome-letter.pdf` });
    const corrected = (await pdfText(again.rawPayload)).replace(/\s+/g, ' ');
    expect(corrected).toMatch(
      /Outcome review corrected on \d{1,2} \w+ \d{4} at \d\d:\d\d by Test clinician: Decided before the 12-week diary entry, which showed the pain back/,
    );
    expect(corrected).toContain('replaces any copy made before');
    expect(corrected).toContain('Relief did not last the three months');
  });
});

describe('the outcome letter, when pain was worse after the injection', () => {
  test('says there was no relief in words, not "Peak relief -42.9%"', async () => {
    const { id } = await discharged();
    const version = async () =>
      (await t.as('clinician', { method: 'GET', url: `/api/episodes/${id}` })).json().version;
    const moved = await t.as('clinician', {
      method: 'POST',
      url: `/api/episodes/${id}/moves`,
      payload: { move: 'start-follow-up', version: await version() },
    });
    expect(moved.statusCode, moved.body).toBe(200);
    const entry = await t.as('patient', {
      method: 'POST',
      url: `/api/my/episodes/${id}/diary`,
      payload: { pain: 10 },
    });
    expect(entry.statusCode, entry.body).toBe(201);
    const review = await t.as('clinician', {
      method: 'PUT',
      url: `/api/episodes/${id}/outcome-review`,
      payload: {
        decision: 'reconsider-diagnosis',
        reason: 'Worse after the injection',
        version: await version(),
      },
    });
    expect(review.statusCode, review.body).toBe(200);
    const letter = await t.as('clinician', { method: 'GET', url: `/api/episodes/${id}/outcome-letter.pdf` });
    const text = (await pdfText(letter.rawPayload)).replace(/\s+/g, ' ');
    expect(text).toContain('Peak relief None (pain was worse than before at every score; -42.9% at best)');
  });
});

describe('the outcome, read weeks after the recovery', () => {
  test('a pain score that was still to come when recovery was recorded is not counted later either', async () => {
    // Bupivacaine's expected 4 to 8 hours set, so that relief scored through 5 hours reads positive.
    const [before] = await t.db.select().from(clinic).where(eq(clinic.id, t.clinic.id));
    const stored = before!.settings;
    const rules = {
      ...stored.rules,
      anaesthetics: { ...stored.rules?.anaesthetics, bupivacaine: { minHours: 4, maxHours: 8 } },
    };
    const set = (settings: typeof stored, version: number) =>
      t.db.update(clinic).set({ settings, version }).where(eq(clinic.id, t.clinic.id));
    await set({ ...stored, rules }, before!.version + 1);
    try {
      // Recovery recorded half an hour after the injection, with scores typed for 1, 3 and 5
      // hours: not counted then (later than now), nor when the outcome is read days later.
      const { id, performedAt } = await performedEpisode(t.db, t.clinic.id, staff, 'left');
      await t.db.transaction(async (tx) => {
        const version = await episodeVersion(tx, id);
        const at = new Date(performedAt.getTime() + 0.5 * HOUR);
        await runStep(
          tx,
          staff.nurse,
          id,
          'recovery',
          {
            ...recoveryFacts(performedAt, [
              [1, 1],
              [3, 1],
              [5, 1],
            ]),
            version,
          },
          at,
        );
      });
      const page = (await t.as('clinician', { method: 'GET', url: `/api/episodes/${id}` })).json();
      const recorded = page.steps.recovery.assessment.blockResponse;
      const codes = recorded.findings.map((f: { code: string }) => f.code);
      expect(codes.filter((c: string) => c === 'block_score_after_now')).toHaveLength(3);
      expect(recorded.classification).toBe('indeterminate');
      const read = await t.as('clinician', { method: 'GET', url: `/api/episodes/${id}/outcome` });
      expect(read.statusCode, read.body).toBe(200);
      // Counted now, the block read positive and the next step was radiofrequency denervation.
      expect(read.json().outcome.nextSteps).toEqual(['clinician-review']);
    } finally {
      await set(stored, before!.version + 2);
    }
  });
});

describe('open alerts', () => {
  test('every open alert is on the list, however many wait: the newest is never cut off', async () => {
    const patient = await buildPatient(t.db, t.clinic.id, { familyName: 'Manyalerts' });
    const { id } = await discharged(patient.id);
    const from = Date.now() - 400 * 60_000;
    await t.db.insert(alert).values(
      Array.from({ length: 250 }, (_, i) => ({
        clinicId: t.clinic.id,
        episodeId: id,
        urgency: 'soon',
        raisedAt: new Date(from + i * 60_000),
      })),
    );
    const items = (await t.as('nurse', { method: 'GET', url: '/api/alerts' })).json().items as {
      episodeId: string;
      raisedAt: string;
    }[];
    const theirs = items.filter((a) => a.episodeId === id);
    expect(theirs).toHaveLength(250);
    expect(theirs.at(-1)!.raisedAt).toBe(new Date(from + 249 * 60_000).toISOString());
  });
});
