/**
 * Episodes walked along the pathway through the same step commands the API runs, with a
 * believable timeline in the past (booked, then checked in and done on the list's day), for tests
 * that are about what comes after.
 */
import type { Database } from '../../src/db/client.ts';
import type { Actor } from '../../src/domain/actor.ts';
import type { StepName } from '../../src/domain/pathway.ts';
import {
  checkInFacts,
  type Facts,
  procedureFacts,
  recoveryFacts,
  screeningFacts,
  triageFacts,
} from '../../src/server/demo/payloads.ts';
import { episodeVersion, moveEpisode, referPatient } from '../../src/server/episodes/episodes.ts';
import { runStep } from '../../src/server/episodes/steps/registry.ts';
import { createProcedureList } from '../../src/server/procedure-lists/lists.ts';
import type { StepInput } from '../../src/shared/api/steps.ts';
import type { TestApp } from './api.ts';
import { clinicDate } from './dates.ts';
import { buildPatient } from './factories.ts';

const DAY = 86_400_000;
const HOUR = 3_600_000;

export interface Staff {
  clinician: Actor;
  nurse: Actor;
}

/** The test clinic's clinician and nurse as actors, for calling the use cases directly. */
export function staffOf(t: Pick<TestApp, 'users' | 'clinic'>): Staff {
  const actor = (role: 'clinician' | 'nurse'): Actor => ({
    id: t.users[role].id,
    name: `Test ${role}`,
    email: t.users[role].email,
    role,
    clinicId: t.clinic.id,
    patientId: null,
  });
  return { clinician: actor('clinician'), nurse: actor('nurse') };
}

/** A new patient's episode with the procedure recorded 10 days ago (bupivacaine, `side`). */
export async function performedEpisode(
  db: Database,
  clinicId: string,
  staff: Staff,
  side: 'left' | 'right' = 'left',
  options: { patientId?: string; record?: Parameters<typeof procedureFacts>[2] } = {},
): Promise<{ id: string; performedAt: Date }> {
  const now = Date.now();
  const patient = options.patientId ? { id: options.patientId } : await buildPatient(db, clinicId);
  return db.transaction(async (tx) => {
    const at = new Date(now - 30 * DAY);
    const referral = {
      referrer: 'Dr GP',
      referredOn: at.toISOString().slice(0, 10),
      reason: 'Buttock pain',
      side,
    };
    const { id } = await referPatient(tx, staff.clinician, patient.id, referral, at);
    const record = async <S extends StepName>(who: Actor, step: S, facts: Facts<S>, when: Date) => {
      const version = await episodeVersion(tx, id);
      await runStep(tx, who, id, step, { ...facts, version } as StepInput<S>, when);
    };
    const day = new Date(now - 10 * DAY).toISOString().slice(0, 10);
    const list = await createProcedureList(tx, staff.clinician, {
      date: day,
      startTime: '08:30',
      operator: 'Dr Test',
      room: 'Theatre 1',
      capacity: 6,
    });
    const days = (n: number) => new Date(at.getTime() + n * DAY);
    await record(staff.clinician, 'triage', triageFacts(), days(1));
    await record(staff.nurse, 'screening', screeningFacts(side), days(2));
    await record(staff.nurse, 'booking', { procedureListId: list.id, time: '09:30' }, days(3));
    const listDay = new Date(`${day}T09:00:00Z`);
    await record(staff.nurse, 'check-in', checkInFacts(side), listDay);
    const performedAt = new Date(listDay.getTime() + HOUR);
    await record(
      staff.clinician,
      'procedure',
      procedureFacts(side, performedAt, options.record),
      performedAt,
    );
    return { id, performedAt };
  });
}

/** An episode of `patientId` booked on a list `daysAhead` days from now at 09:30 (triaged, screened). */
export async function bookedEpisode(
  db: Database,
  staff: Staff,
  patientId: string,
  daysAhead = 7,
  now = new Date(),
): Promise<{ id: string; listId: string }> {
  return db.transaction(async (tx) => {
    const at = new Date(now.getTime() - 10 * DAY);
    const referral = {
      referrer: 'Dr GP',
      referredOn: at.toISOString().slice(0, 10),
      reason: 'Buttock pain',
      side: 'left' as const,
    };
    const { id } = await referPatient(tx, staff.clinician, patientId, referral, at);
    const record = async <S extends StepName>(who: Actor, step: S, facts: Facts<S>, when: Date) => {
      const version = await episodeVersion(tx, id);
      await runStep(tx, who, id, step, { ...facts, version } as StepInput<S>, when);
    };
    const list = await createProcedureList(tx, staff.clinician, {
      date: new Date(now.getTime() + daysAhead * DAY).toISOString().slice(0, 10),
      startTime: '08:30',
      operator: 'Dr Test',
      room: 'Theatre 1',
      capacity: 6,
    });
    await record(staff.clinician, 'triage', triageFacts(), new Date(at.getTime() + DAY));
    await record(staff.nurse, 'screening', screeningFacts('left'), new Date(now.getTime() - DAY));
    await record(staff.nurse, 'booking', { procedureListId: list.id, time: '09:30' }, now);
    return { id, listId: list.id };
  });
}

/** The steps in the order a routine episode records them (follow-up starts after discharge). */
const walk = [
  'triage',
  'screening',
  'booking',
  'check-in',
  'procedure',
  'recovery',
  'discharge',
] as const satisfies readonly StepName[];
/** The step to be recorded next, or `reviewed`: every step done, the outcome review too. */
export type WalkedStep = (typeof walk)[number] | 'outcome-review' | 'reviewed';

/**
 * A new episode of `patientId` with every step before `next` recorded, so that `next` is the step
 * a caller can record now, through the API, with the real clock: booked on today's list (the
 * clinic's calendar), checked in, done and recovered within the last minute. (Run in the first
 * minute after the clinic's midnight, the check-in would fall on the day before.)
 */
export async function episodeReadyFor(
  db: Database,
  staff: Staff,
  patientId: string,
  next: WalkedStep,
  options: { now?: Date; decision?: Facts<'outcome-review'>['decision'] } = {},
): Promise<{ id: string; version: number; listId: string }> {
  const now = options.now ?? new Date();
  return db.transaction(async (tx) => {
    const at = (secondsAgo: number) => new Date(now.getTime() - secondsAgo * 1000);
    const referredAt = new Date(now.getTime() - 20 * DAY);
    const referral = {
      referrer: 'Dr GP',
      referredOn: referredAt.toISOString().slice(0, 10),
      reason: 'Buttock pain',
      side: 'left' as const,
    };
    const { id } = await referPatient(tx, staff.clinician, patientId, referral, referredAt);
    const version = () => episodeVersion(tx, id);
    const record = async <S extends StepName>(who: Actor, step: S, facts: Facts<S>, when: Date) =>
      runStep(tx, who, id, step, { ...facts, version: await version() } as StepInput<S>, when);
    const list = await createProcedureList(tx, staff.clinician, {
      date: clinicDate(0, now),
      startTime: '08:30',
      operator: 'Dr Test',
      room: 'Theatre 1',
      capacity: 6,
    });
    const performedAt = at(30);
    const steps: { [S in (typeof walk)[number]]: () => Promise<void> } = {
      triage: () => record(staff.clinician, 'triage', triageFacts(), new Date(referredAt.getTime() + DAY)),
      screening: () => record(staff.nurse, 'screening', screeningFacts('left'), at((2 * DAY) / 1000)),
      booking: () =>
        record(staff.nurse, 'booking', { procedureListId: list.id, time: '09:30' }, at(DAY / 1000)),
      'check-in': () => record(staff.nurse, 'check-in', checkInFacts('left'), at(50)),
      procedure: () => record(staff.clinician, 'procedure', procedureFacts('left', performedAt), performedAt),
      recovery: () => record(staff.nurse, 'recovery', recoveryFacts(performedAt, [[0.002, 1]]), at(20)),
      discharge: async () => {
        await record(staff.nurse, 'discharge', {}, at(10));
        if (next !== 'discharge') {
          const move = { move: 'start-follow-up' as const, version: await version() };
          await moveEpisode(tx, staff.nurse, id, move, at(8));
        }
      },
    };
    for (const step of walk) {
      if (step === next) break;
      await steps[step]();
    }
    if (next === 'reviewed') {
      const decision = options.decision ?? 'physiotherapy';
      await record(staff.clinician, 'outcome-review', { decision, reason: 'Reviewed in clinic' }, at(5));
    }
    return { id, version: await version(), listId: list.id };
  });
}
