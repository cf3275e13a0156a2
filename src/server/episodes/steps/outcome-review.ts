/**
 * The outcome review: the clinician reads the block result and the diary with the clinical core's
 * outcome and next-step options (each with its reasons), and records their own decision and why.
 */
import { and, asc, eq, isNull } from 'drizzle-orm';
import type { Database, Tx } from '../../../db/client.ts';
import { diaryEntry, episode, stepRecord } from '../../../db/schema.ts';
import type { Actor } from '../../../domain/actor.ts';
import {
  type Assessment,
  assessOutcome,
  injectateVolumeMl,
  knownAnaesthetic,
  scoreTimeIssue,
} from '../../../domain/clinical/index.ts';
import type { FactsOf, RecordedStep } from '../../../domain/steps.ts';
import { clinicSettings } from '../../clinic/settings.ts';
import { notFound } from '../../errors.ts';
import { nextVersion, recordStep, required, type StepContext, type StoredStep } from './context.ts';
import { noPatientFacts } from './triage.ts';

/** The clinical core's outcome for an episode: block, diary, responder, next steps. Null before a procedure. */
export async function outcomeOf(
  tx: Tx | Database,
  records: {
    triage: StoredStep<'triage'> | undefined;
    procedure: StoredStep<'procedure'> | undefined;
    recovery: StoredStep<'recovery'> | undefined;
  },
  settings: StepContext['settings'],
  episodeId: string,
  now: Date,
): Promise<Assessment['outcome'] | null> {
  const { triage, procedure, recovery } = records;
  if (!triage || !procedure || !recovery) return null;
  const { record } = procedure.facts;
  const anaesthetic = knownAnaesthetic(record.drugs);
  const entries = await tx
    .select({ at: diaryEntry.at, pain: diaryEntry.pain, pgic: diaryEntry.pgic })
    .from(diaryEntry)
    .where(eq(diaryEntry.episodeId, episodeId))
    .orderBy(asc(diaryEntry.at));
  const outcome = assessOutcome({
    now: now.toISOString(),
    settings,
    patient: noPatientFacts,
    episode: {
      purpose: triage.facts.purpose,
      procedureAt: record.performedAt,
      side: record.side,
      anaesthetic,
    },
    ...(anaesthetic
      ? {
          blockResponse: {
            anaesthetic,
            performedAt: record.performedAt,
            baselinePain: recovery.facts.baselinePain,
            // Read as the recovery read them when recorded: a score typed later than that moment
            // was not counted then, and must not make the block positive weeks later.
            scores: recovery.facts.scores.filter(
              (s) =>
                scoreTimeIssue(new Date(s.at), new Date(record.performedAt), recovery.recordedAt) === null,
            ),
            injectateVolumeMl: injectateVolumeMl(record.drugs),
            target: record.target,
          },
        }
      : {}),
    diary: {
      baselinePain: recovery.facts.baselinePain,
      entries: entries.map((e) => ({
        at: e.at.toISOString(),
        pain: e.pain,
        ...(e.pgic !== null ? { pgic: e.pgic } : {}),
      })),
    },
  });
  return outcome ?? null;
}

export async function recordOutcomeReview(ctx: StepContext, facts: FactsOf<'outcome-review'>) {
  const procedure = required(ctx, 'procedure', 'There is no procedure to review.');
  const outcome = await outcomeOf(
    ctx.tx,
    { triage: ctx.current('triage'), procedure, recovery: ctx.current('recovery') },
    ctx.settings,
    ctx.episode.id,
    ctx.now,
  );
  await recordStep(
    ctx,
    'outcome-review',
    { facts, assessment: { outcome: outcome ?? undefined } },
    {
      move: ctx.amendment ? undefined : 'review-outcome',
      reason: facts.reason,
      details: { decision: facts.decision, version: nextVersion(ctx, 'outcome-review') },
    },
  );
}

/** The outcome as it would be judged now, for the clinician reading it before deciding. */
export async function outcomeNow(db: Database, actor: Actor, episodeId: string, now: Date) {
  const [found] = await db
    .select({ id: episode.id })
    .from(episode)
    .where(and(eq(episode.id, episodeId), eq(episode.clinicId, actor.clinicId)));
  if (!found) throw notFound('episode');
  const rows = await db
    .select()
    .from(stepRecord)
    .where(and(eq(stepRecord.episodeId, episodeId), isNull(stepRecord.supersededAt)));
  const current = <S extends RecordedStep>(step: S) =>
    rows.find((r) => r.step === step) as StoredStep<S> | undefined;
  const { settings } = await clinicSettings(db, actor.clinicId);
  return outcomeOf(
    db,
    { triage: current('triage'), procedure: current('procedure'), recovery: current('recovery') },
    settings,
    episodeId,
    now,
  );
}
