/**
 * Episodes walked along the pathway through the same step commands the API runs, with a
 * believable timeline in the past (booked, then checked in and done on the list's day), for tests
 * that are about what comes after.
 */
import { sql } from 'drizzle-orm';
import type { Database } from '../../src/db/client.ts';
import type { Actor } from '../../src/domain/actor.ts';
import type { StepName } from '../../src/domain/pathway.ts';
import {
  checkInFacts,
  type Facts,
  procedureFacts,
  screeningFacts,
  triageFacts,
} from '../../src/server/demo/payloads.ts';
import { referPatient } from '../../src/server/episodes/episodes.ts';
import { runStep } from '../../src/server/episodes/steps/registry.ts';
import { createProcedureList } from '../../src/server/procedure-lists/lists.ts';
import type { StepInput } from '../../src/shared/api/steps.ts';
import { buildPatient } from './factories.ts';

const DAY = 86_400_000;
const HOUR = 3_600_000;

export interface Staff {
  clinician: Actor;
  nurse: Actor;
}

/** A new patient's episode with the procedure recorded 10 days ago (bupivacaine, `side`). */
export async function performedEpisode(
  db: Database,
  clinicId: string,
  staff: Staff,
  side: 'left' | 'right' = 'left',
  options: { patientId?: string } = {},
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
      const [{ version }] = (await tx.execute(sql`select version from episode where id = ${id}`)).rows as [
        { version: number },
      ];
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
    await record(staff.clinician, 'procedure', procedureFacts(side, performedAt), performedAt);
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
      const [{ version }] = (await tx.execute(sql`select version from episode where id = ${id}`)).rows as [
        { version: number },
      ];
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
