/**
 * The episode a follow-up command works on, as its caller may see it: staff see their clinic's
 * episodes; a patient sees only their own (anyone else's is "not found", never "forbidden"), and
 * the steps the follow-up reads (triage, screening, procedure, recovery, outcome review).
 */
import { and, eq, inArray, isNull, type SQL } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import { episode, stepRecord } from '../../db/schema.ts';
import { type Actor, isStaff } from '../../domain/actor.ts';
import type { RecordedStep } from '../../domain/steps.ts';
import type { StoredStep } from '../episodes/steps/context.ts';
import { notFound } from '../errors.ts';

export type EpisodeRow = typeof episode.$inferSelect;

/** Who may see this episode: the clinic's staff, or the patient it belongs to. */
export function visibleTo(actor: Actor): SQL {
  const clinic = eq(episode.clinicId, actor.clinicId);
  if (isStaff(actor.role)) return clinic;
  // A patient account without a patient record sees nothing.
  return and(clinic, eq(episode.patientId, actor.patientId ?? '00000000-0000-0000-0000-000000000000'))!;
}

/** The episode, or "not found" when the caller may not see it; locked for the transaction if asked. */
export async function followUpEpisode(
  db: Executor,
  actor: Actor,
  id: string,
  options: { lock?: boolean } = {},
): Promise<EpisodeRow> {
  const query = db
    .select()
    .from(episode)
    .where(and(eq(episode.id, id), visibleTo(actor)));
  const [row] = options.lock ? await query.for('update') : await query;
  if (!row) throw notFound('episode');
  return row;
}

export interface FollowUpSteps {
  triage?: StoredStep<'triage'>;
  screening?: StoredStep<'screening'>;
  procedure?: StoredStep<'procedure'>;
  recovery?: StoredStep<'recovery'>;
  discharge?: StoredStep<'discharge'>;
  outcomeReview?: StoredStep<'outcome-review'>;
}

const READ: RecordedStep[] = ['triage', 'screening', 'procedure', 'recovery', 'discharge', 'outcome-review'];

/** The current version of the steps the follow-up reads. */
export async function followUpSteps(db: Executor, episodeId: string): Promise<FollowUpSteps> {
  const rows = await db
    .select()
    .from(stepRecord)
    .where(
      and(
        eq(stepRecord.episodeId, episodeId),
        isNull(stepRecord.supersededAt),
        inArray(stepRecord.step, READ),
      ),
    );
  const of = <S extends RecordedStep>(s: S) => rows.find((r) => r.step === s) as StoredStep<S> | undefined;
  const steps: FollowUpSteps = {};
  const set = <K extends keyof FollowUpSteps>(k: K, v: FollowUpSteps[K]) => {
    if (v) steps[k] = v;
  };
  set('triage', of('triage'));
  set('screening', of('screening'));
  set('procedure', of('procedure'));
  set('recovery', of('recovery'));
  set('discharge', of('discharge'));
  set('outcomeReview', of('outcome-review'));
  return steps;
}
