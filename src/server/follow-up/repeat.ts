/**
 * After an outcome review that decided to repeat the injection: the episode closes and a new one
 * opens for the repeat, linked to it (episode.previousEpisodeId), with the same referrer. The
 * repeat starts from the referral, so it is triaged and screened again like any other.
 */
import { and, eq, isNull } from 'drizzle-orm';
import type { Tx } from '../../db/client.ts';
import { stepRecord } from '../../db/schema.ts';
import type { Actor } from '../../domain/actor.ts';
import { toLocal } from '../../domain/clinical/index.ts';
import type { Episode } from '../../shared/api/core.ts';
import { clinicSettings } from '../clinic/settings.ts';
import { lockEpisode, noteOnEpisode, presentEpisode, referPatient } from '../episodes/episodes.ts';
import { formatDay } from '../episodes/pdf/format.ts';
import type { StoredStep } from '../episodes/steps/context.ts';
import { DomainError } from '../errors.ts';
import { cancelPending } from '../jobs/queue.ts';
import { assertVersion } from '../records.ts';

const pad = (n: number) => String(n).padStart(2, '0');

export async function openRepeatEpisode(
  tx: Tx,
  actor: Actor,
  episodeId: string,
  input: { version: number },
  now: Date,
): Promise<Episode> {
  const current = await lockEpisode(tx, actor, episodeId);
  assertVersion('episode', current, input.version, presentEpisode(current));
  const rows = await tx
    .select()
    .from(stepRecord)
    .where(and(eq(stepRecord.episodeId, episodeId), isNull(stepRecord.supersededAt)));
  const review = rows.find((r) => r.step === 'outcome-review') as StoredStep<'outcome-review'> | undefined;
  const procedure = rows.find((r) => r.step === 'procedure') as StoredStep<'procedure'> | undefined;
  if (current.stage !== 'outcome-reviewed' || review?.facts.decision !== 'repeat-injection' || !procedure) {
    throw new DomainError(
      'step_out_of_order',
      'A repeat episode is opened after an outcome review that decided to repeat the injection.',
    );
  }
  const { settings } = await clinicSettings(tx, actor.clinicId);
  const tz = settings.clinic.timeZone;
  const performed = formatDay(procedure.facts.record.performedAt, tz, 'performedAt');
  const today = toLocal(now, tz);
  const repeat = await referPatient(
    tx,
    actor,
    current.patientId,
    {
      referrer: current.referrer,
      referrerAddress: current.referrerAddress,
      referredOn: `${today.year}-${pad(today.month)}-${pad(today.day)}`,
      reason: `Repeat of the injection of ${performed}. Outcome review: ${review.facts.reason}`,
      side: procedure.facts.record.side,
    },
    now,
    { previousEpisodeId: episodeId },
  );
  await noteOnEpisode(tx, actor, current, {
    event: 'repeat',
    move: 'close',
    details: { repeatEpisodeId: repeat.id },
    at: now,
  });
  // The diary of this episode ends here; the repeat will have its own.
  await cancelPending(tx, `diary:${episodeId}:`);
  return repeat;
}
