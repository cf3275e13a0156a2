/**
 * The episode's commands: a referral opens one; every step and move is noted on its timeline
 * while the episode is locked, bumping the version all its records share.
 */
import { and, eq, sql } from 'drizzle-orm';
import { type Executor, perConnection, type Tx, value } from '../../db/client.ts';
import { booking, clinic, episode, episodeEvent, patient, stepRecord } from '../../db/schema.ts';
import { type Actor, isStaff } from '../../domain/actor.ts';
import { didNotAttendTimingIssue } from '../../domain/clinical/index.ts';
import { localDate } from '../../domain/clinical/zoned-time.ts';
import { checkMove, type MoveName, moves, type Stage, stageLabels, stepOf } from '../../domain/pathway.ts';
import { type ReferralDetails, referralAmendment, referralDateProblem } from '../../domain/referral.ts';
import type { EventDetails } from '../../domain/timeline.ts';
import type { Episode, Referral, ReferralAmendment } from '../../shared/api/core.ts';
import { DomainError, notFound } from '../errors.ts';
import { cancelReminders } from '../portal/reminders.ts';
import { assertVersion } from '../records.ts';

export type EpisodeRow = typeof episode.$inferSelect;
/** The episode as the API shows it: the contract's fields, picked one by one. */
export const presentEpisode = (row: EpisodeRow): Episode => ({
  id: row.id,
  patientId: row.patientId,
  stage: row.stage,
  referrer: row.referrer,
  referrerAddress: row.referrerAddress,
  referredOn: row.referredOn,
  reason: row.reason,
  side: row.side,
  previousEpisodeId: row.previousEpisodeId,
  version: row.version,
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
});

/** A referral opens an episode; the first event of its timeline says who referred it. */
export async function referPatient(
  tx: Tx,
  actor: Actor,
  patientId: string,
  referral: Referral,
  /** When it happened; defaults to now. Set when recording history (the demo, imports). */
  at: Date = new Date(),
  options: {
    previousEpisodeId?: string;
    /** Where a referral from outside came from (idempotent imports: one episode per source id). */
    source?: { system: string; id: string };
    /** What the referral brought, noted on the `refer` event (e.g. src/fhir/referral-note.ts). */
    details?: EventDetails;
  } = {},
): Promise<Episode> {
  const [owner] = await tx
    .select({ id: patient.id, timeZone: clinic.timeZone })
    .from(patient)
    .innerJoin(clinic, eq(clinic.id, patient.clinicId))
    .where(and(eq(patient.id, patientId), eq(patient.clinicId, actor.clinicId)));
  if (!owner) throw notFound('patient');
  // A letter cannot be dated after today (the clinic's day; not `at`, which an import sets to
  // the referral's own midnight in UTC, the day before in a zone west of it): a slip that would
  // make every wait from it negative. The browser says so first; this holds for every client.
  const future = referralDateProblem(referral.referredOn, localDate(new Date(), owner.timeZone));
  if (future) {
    throw new DomainError('validation_failed', `referredOn: ${future}`, {
      errors: [{ field: 'referredOn', message: future }],
    });
  }
  const [row] = await tx
    .insert(episode)
    .values({
      ...referral,
      referrerAddress: referral.referrerAddress ?? null,
      side: referral.side ?? null,
      patientId,
      clinicId: actor.clinicId,
      stage: 'referred',
      previousEpisodeId: options.previousEpisodeId ?? null,
      sourceSystem: options.source?.system ?? null,
      sourceId: options.source?.id ?? null,
      createdAt: at,
      updatedAt: at,
    })
    .returning();
  await tx.insert(episodeEvent).values({
    clinicId: actor.clinicId,
    episodeId: row!.id,
    at,
    event: 'refer',
    fromStage: null,
    toStage: 'referred',
    details: options.details ?? null,
    ...by(actor),
  });
  return presentEpisode(row!);
}

/**
 * A referral's details amended, with a reason (the domain's rules, src/domain/referral.ts): the
 * episode keeps the new details, and its timeline the earlier values of each one changed and why.
 * The letters to the referrer, the waits and the FHIR export read the episode as it is now.
 */
export async function amendReferral(
  tx: Tx,
  actor: Actor,
  id: string,
  input: ReferralAmendment,
  at: Date,
): Promise<void> {
  const current = await lockEpisode(tx, actor, id);
  assertVersion('episode', current, input.version, presentEpisode(current));
  const [context] = await tx
    .select({
      timeZone: clinic.timeZone,
      screened: sql<boolean>`exists (select 1 from ${stepRecord} s
        where s.episode_id = ${id} and s.step = 'screening')`,
    })
    .from(clinic)
    .where(eq(clinic.id, actor.clinicId));
  const after: ReferralDetails = {
    referrer: input.referrer,
    referrerAddress: input.referrerAddress ?? null,
    referredOn: input.referredOn,
    reason: input.reason,
    side: input.side ?? null,
  };
  const { changed, problems } = referralAmendment(current, after, {
    screened: context!.screened,
    today: localDate(at, context!.timeZone),
  });
  if (problems.length > 0)
    throw new DomainError('validation_failed', problems.map((p) => `${p.message}.`).join(' '), {
      errors: problems,
    });
  if (changed.length === 0)
    throw new DomainError('validation_failed', 'Nothing to amend: the referral already says this.');
  await tx
    .update(episode)
    .set(Object.fromEntries(changed.map((f) => [f, after[f]])))
    .where(eq(episode.id, id));
  // What each changed field said before, beside the reason: the earlier referral is kept.
  const earlier: EventDetails = { fields: changed.join(',') };
  for (const f of changed) earlier[f] = current[f];
  await noteOnEpisode(tx, actor, current, {
    event: 'referral.amended',
    details: earlier,
    reason: input.amendReason,
    at,
  });
}

const by = (actor: Actor) => ({ actorId: actor.id, actorName: actor.name, actorRole: actor.role });

/**
 * The episode's current version, for code that records several steps one after another in its
 * own transaction (the demo seed, an import's replay), each based on the version the last left.
 */
export async function episodeVersion(db: Executor, id: string): Promise<number> {
  const [row] = await db.select({ version: episode.version }).from(episode).where(eq(episode.id, id));
  if (!row) throw notFound('episode');
  return row.version;
}

/** The episode, locked for the rest of the transaction so concurrent saves queue behind us. */
export async function lockEpisode(tx: Tx, actor: Actor, id: string): Promise<EpisodeRow> {
  const [current] = await tx
    .select()
    .from(episode)
    .where(and(eq(episode.id, id), eq(episode.clinicId, actor.clinicId)))
    .for('update');
  if (!current) throw notFound('episode');
  return current;
}

export interface EpisodeNote {
  /** The coded event for the timeline, e.g. `screening.recorded`, `move`. */
  event: string;
  /** The pathway move this makes, if it makes one. */
  move?: MoveName | undefined;
  details?: EventDetails;
  reason?: string | undefined;
  at: Date;
}

/** How a move ends the episode's booking, if it does. */
function bookingEndedBy(move: MoveName | undefined, from: Stage, to: Stage) {
  if (move === 'did-not-attend') return 'did-not-attend' as const;
  if (move === 'cancel-booking') return 'cancelled' as const;
  if (to !== from && (['not-safe-yet', 'closed', 'declined'] as Stage[]).includes(to))
    return 'cancelled' as const;
  return null;
}

type Builder = Parameters<Parameters<typeof perConnection>[0]>[0];

/**
 * The note's two writes, for a statement to carry: the timeline's event as a CTE (`noted`), and
 * the episode's new stage and version as the statement itself, to which a caller may add CTEs of
 * its own (a step's new version, context.ts). Values are named as noteValues names them.
 */
export function noteStatement(db: Builder, ...ctes: Parameters<Builder['with']>) {
  const noted = db.$with('noted').as(
    db
      .insert(episodeEvent)
      .values({
        clinicId: value('clinicId'),
        episodeId: value('episodeId'),
        at: value('at'),
        event: value('event'),
        move: value('move'),
        fromStage: value('fromStage'),
        toStage: value('toStage'),
        details: value('details'),
        reason: value('reason'),
        actorId: value('actorId'),
        actorName: value('actorName'),
        actorRole: value('actorRole'),
      })
      .returning({ id: episodeEvent.id }),
  );
  return db
    .with(...ctes, noted)
    .update(episode)
    .set({ stage: value('toStage'), version: value('version'), updatedAt: value('at') })
    .where(eq(episode.id, value('episodeId')))
    .returning();
}

/** noteOnEpisode's one statement, built once per connection (perConnection). */
const noteQuery = perConnection((db) => noteStatement(db).prepare('sijpath_note_on_episode'));

/**
 * What noting something on a locked episode takes before its statement runs: the move, checked
 * by the domain, and the booking a move ends (given back, with its reminders not sent). Answers
 * the values of the note's statement (noteStatement).
 */
export async function noteValues(tx: Tx, actor: Actor, current: EpisodeRow, note: EpisodeNote) {
  let to = current.stage;
  if (note.move) {
    if (!isStaff(actor.role)) throw new DomainError('forbidden', 'Only staff move an episode.');
    const result = checkMove(current.stage, note.move, actor.role, note.reason);
    if (!result.ok) throw new DomainError(result.code, result.message);
    to = result.to;
  }
  const ends = bookingEndedBy(note.move, current.stage, to);
  if (ends) {
    // A deferred, withdrawn or declined episode, a cancelled booking or a patient who did not
    // come gives its place on the list back; the booking is kept, with why it ended.
    await tx
      .update(booking)
      .set({
        status: ends,
        statusReason: note.reason?.trim() || (note.move ? moves[note.move].label : stageLabels[to]),
        statusChangedAt: note.at,
        statusChangedByName: actor.name,
      })
      .where(and(eq(booking.episodeId, current.id), eq(booking.status, 'booked')));
    // Its reminders are not sent (the reminder job checks again when it is due).
    await cancelReminders(tx, current.id);
  }
  return {
    clinicId: actor.clinicId,
    episodeId: current.id,
    at: note.at.toISOString(),
    event: note.event,
    move: note.move ?? null,
    fromStage: current.stage,
    toStage: to,
    details: note.details ? JSON.stringify(note.details) : null,
    reason: note.reason?.trim() || null,
    actorId: actor.id,
    actorName: actor.name,
    actorRole: actor.role,
    version: current.version + 1,
  };
}

/**
 * Notes that something happened to a locked episode: makes the move (checked by the domain),
 * bumps the version every record of the episode shares, and adds the event to the timeline.
 */
export async function noteOnEpisode(tx: Tx, actor: Actor, current: EpisodeRow, note: EpisodeNote) {
  const [row] = await noteQuery(tx, await noteValues(tx, actor, current, note));
  return row!;
}

/** A bare move (defer, withdraw, close, …). Moves that a step's form makes are refused here. */
export async function moveEpisode(
  tx: Tx,
  actor: Actor,
  id: string,
  command: { move: MoveName; reason?: string | undefined; version: number },
  at: Date = new Date(),
  /** An import's replay: the other clinic's record stands as it was kept (its rules, its days). */
  replayed = false,
): Promise<Episode> {
  const current = await lockEpisode(tx, actor, id);
  assertVersion('episode', current, command.version, presentEpisode(current));
  const step = stepOf(command.move);
  if (step) {
    throw new DomainError(
      'use_step_form',
      `"${command.move}" is made by saving the ${step} form on the episode page, so that its record is kept.`,
    );
  }
  if (command.move === 'did-not-attend' && !replayed) {
    const [booked] = await tx
      .select({ plannedAt: booking.plannedAt, timeZone: clinic.timeZone })
      .from(booking)
      .innerJoin(clinic, eq(clinic.id, booking.clinicId))
      .where(and(eq(booking.episodeId, current.id), eq(booking.status, 'booked')));
    const early = booked && didNotAttendTimingIssue(booked.plannedAt, at, booked.timeZone);
    if (early) throw new DomainError('outside_booked_day', early);
  }
  const row = await noteOnEpisode(tx, actor, current, {
    event: 'move',
    move: command.move,
    reason: command.reason,
    at,
  });
  return presentEpisode(row);
}
