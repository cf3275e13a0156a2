/**
 * An episode's record, read back from an export (src/fhir/read-record.ts), replayed through the
 * app's own commands at the times it was recorded: triage, each screening call, each booking,
 * the day (check-in, procedure, recovery, discharge), the moves no form records (a deferral, a
 * cancelled booking, follow-up started, closed, withdrawn), the diary, symptom reports, the
 * outcome review and the leaflets given. Nothing is written around the commands: each step is
 * checked and judged as if a person recorded it then, by the person importing, under this
 * clinic's settings — so a record the receiving clinic's rules refuse is refused, naming it, and
 * the caller's transaction stores nothing.
 */
import { and, eq, isNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Tx } from '../../db/client.ts';
import {
  booking,
  diaryEntry,
  episodeEvent,
  procedureList,
  stepRecord,
  symptomReport,
} from '../../db/schema.ts';
import { type Actor, patientActor } from '../../domain/actor.ts';
import { InstantSchema } from '../../domain/clinical/facts.ts';
import { laterBeyondMargin } from '../../domain/clinical/timing.ts';
import { fromLocal, localTime } from '../../domain/clinical/zoned-time.ts';
import { DiaryEntryFactsSchema } from '../../domain/diary.ts';
import { TEXT } from '../../domain/limits.ts';
import { type MoveName, stepNames } from '../../domain/pathway.ts';
import { type StepName, stepRules } from '../../domain/steps.ts';
import type { ExportedEpisode } from '../../fhir/read-record.ts';
import { AcknowledgeInput, SymptomReportInput } from '../../shared/api/follow-up.ts';
import { OverrideInput, type StepInput } from '../../shared/api/steps.ts';
import { clinicSettings } from '../clinic/settings.ts';
import { episodeVersion, moveEpisode } from '../episodes/episodes.ts';
import { openStep } from '../episodes/steps/context.ts';
import { runStep } from '../episodes/steps/registry.ts';
import { overrideScreening } from '../episodes/steps/screening.ts';
import { DomainError } from '../errors.ts';
import { acknowledgedElsewhere } from '../follow-up/alerts.ts';
import { recordDiaryEntry } from '../follow-up/diary.ts';
import { adviseOnReport, storeSymptomReport } from '../follow-up/symptom-reports.ts';
import { recordIssue } from '../leaflets/leaflets.ts';
import { createProcedureList } from '../procedure-lists/lists.ts';

/** One thing that happened, to be done again at its time. */
interface Happening {
  at: string;
  /** Where it sits when two happened in the same instant: the pathway's order. */
  rank: number;
  what: string;
  /** Where it is stored once done, with its time (`notApplied`): a step by its name, or the table. */
  kind: string;
  /** The resource that carries it (`Procedure/…`), to name in a refusal, when the export has one. */
  resource?: string;
  run: (at: Date) => Promise<void>;
}

/** Whether an export carries anything recorded after the referral. */
export const hasRecord = (e: ExportedEpisode) =>
  e.triage.form !== null ||
  e.screenings.length + e.bookings.length + e.moves.length + e.diary.length + e.symptomReports.length > 0;

const parse = <T extends z.ZodType>(schema: T, value: unknown, what: string): z.output<T> => {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const errors = parsed.error.issues.map((i) => ({ field: i.path.join('.'), message: i.message }));
  throw new DomainError(
    'validation_failed',
    `${what}: ${errors.map((e) => `${e.field || 'the record'}: ${e.message}`).join('; ')}`,
    { errors },
  );
};

/**
 * Replays `e` onto the episode `episodeId` (just opened by the referral, so at `referred`).
 * `patient` names the patient, whose own diary entries and reports are recorded in their name.
 */
export async function replayEpisode(
  tx: Tx,
  actor: Actor,
  episodeId: string,
  e: ExportedEpisode,
  patient: { id: string; name: string },
): Promise<void> {
  if (e.missing.length > 0) {
    throw new DomainError(
      'validation_failed',
      `This export lacks what the app needs to record the episode's steps (${e.missing.join(', ')}): export it again from a current version.`,
    );
  }
  for (const h of inOrder(happeningsOf(tx, actor, episodeId, e, patient))) {
    const when = new Date(h.at);
    if (Number.isNaN(when.getTime())) {
      throw new DomainError('validation_failed', `The time of ${h.what} is not a date: "${h.at}".`);
    }
    try {
      await h.run(when);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      throw new DomainError(
        error.code,
        `Replaying ${h.what}, recorded ${when.toISOString()}: ${error.detail}`,
        {
          ...error.extra,
          ...(h.resource ? { resource: h.resource } : {}),
        },
      );
    }
  }
  // Every line of this timeline, every step record, booking, diary entry and symptom report came
  // in by import, staff's recorded by the importer at the sending clinic's times: the timeline
  // (domain/timeline.ts), the forms and the diary say so, so that no one reads the importer as the
  // person who screened, injected or spoke to the patient.
  await tx
    .update(episodeEvent)
    .set({ details: sql`coalesce(${episodeEvent.details}, '{}'::jsonb) || '{"imported": true}'::jsonb` })
    .where(eq(episodeEvent.episodeId, episodeId));
  await tx.update(stepRecord).set({ imported: true }).where(eq(stepRecord.episodeId, episodeId));
  await tx.update(booking).set({ imported: true }).where(eq(booking.episodeId, episodeId));
  await tx.update(diaryEntry).set({ imported: true }).where(eq(diaryEntry.episodeId, episodeId));
  await tx.update(symptomReport).set({ imported: true }).where(eq(symptomReport.episodeId, episodeId));
}

/** Happenings in the order they happened; two in the same instant in the pathway's order. */
const inOrder = (happenings: Happening[]) =>
  happenings.sort((a, b) => Date.parse(a.at) - Date.parse(b.at) || a.rank - b.rank);

/**
 * What of `e` is not on the episode here, each in words (`the screening call`), in the record's
 * order: every happening of a replay is stored at its own time (a step's record, a booking, a
 * move's line on the timeline, a diary entry, a symptom report, a leaflet given), so one whose
 * kind has nothing stored at that instant was not applied. For a record sent again, which is not
 * replayed onto an episode already here: the sender is told what it carries beyond what came before.
 */
export async function notApplied(
  tx: Tx,
  actor: Actor,
  episodeId: string,
  e: ExportedEpisode,
  patient: { id: string; name: string },
): Promise<string[]> {
  const iso = (column: string) =>
    sql.raw(`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`);
  const stored = await tx.execute<{ key: string }>(sql`
    select 'step:' || step || '@' || ${iso('recorded_at')} as key from step_record where episode_id = ${episodeId}
    union all select 'booking@' || ${iso('recorded_at')} from booking where episode_id = ${episodeId}
    union all select 'move@' || ${iso('at')} from episode_event where episode_id = ${episodeId}
    union all select 'diary@' || ${iso('entered_at')} from diary_entry where episode_id = ${episodeId}
    union all select 'report@' || ${iso('reported_at')} from symptom_report where episode_id = ${episodeId}
    union all select 'leaflet@' || ${iso('given_at')} from leaflet_issue where episode_id = ${episodeId}`);
  const here = new Set(stored.rows.map((r) => r.key));
  const keyOf = (h: Happening) => {
    const when = new Date(h.at);
    return `${h.kind}@${Number.isNaN(when.getTime()) ? h.at : when.toISOString()}`;
  };
  return inOrder(happeningsOf(tx, actor, episodeId, e, patient))
    .filter((h) => !here.has(keyOf(h)))
    .map((h) => (h.what.includes(h.at) ? h.what : `${h.what} of ${h.at}`));
}

/**
 * When an episode imported with its record opened. Its referral has a date alone: the start of that
 * day on the receiving clinic's calendar (UTC midnight reads as the day before west of Greenwich),
 * or the first thing the record holds if that came earlier (a sending clinic far to the east).
 */
export async function openedAt(
  tx: Tx,
  actor: Actor,
  referredOn: string,
  e: ExportedEpisode,
  patient: { id: string; name: string },
): Promise<Date> {
  const { settings } = await clinicSettings(tx, actor.clinicId);
  const [year = 0, month = 0, day = 0] = referredOn.split('-').map(Number);
  const midnight = fromLocal({ year, month, day, hour: 0, minute: 0 }, settings.clinic.timeZone);
  let times: number[] = [];
  try {
    // Built, not run (no episode yet): a time missing or not a date is the replay's to report.
    times = happeningsOf(tx, actor, '', e, patient)
      .map((h) => Date.parse(h.at))
      .filter(Number.isFinite);
  } catch {}
  return new Date(Math.min(midnight.getTime(), ...times));
}

/**
 * Everything `e` records, each to be done again at its time through the app's own commands. Built
 * without running any: `replayEpisode` runs them in order, `notApplied` compares them.
 */
function happeningsOf(
  tx: Tx,
  actor: Actor,
  episodeId: string,
  e: ExportedEpisode,
  patient: { id: string; name: string },
): Happening[] {
  const version = () => episodeVersion(tx, episodeId);
  const rankOf = (step: StepName) => stepNames.indexOf(step);
  const step = <S extends StepName>(
    name: S,
    at: string | null,
    facts: unknown,
    label: string = name,
    resource?: string,
  ): Happening[] => {
    // A step without its time cannot be put in its place: refused, never guessed.
    if (!at) throw new DomainError('validation_failed', `The ${label} in this export has no time recorded.`);
    return [
      {
        at,
        rank: rankOf(name),
        what: `the ${label}`,
        kind: `step:${name}`,
        ...(resource ? { resource } : {}),
        run: async (when) => {
          const input = parse(stepRules[name].facts as z.ZodType, facts, `The ${label}`) as object;
          await runStep(
            tx,
            actor,
            episodeId,
            name,
            { ...input, version: await version() } as StepInput<S>,
            when,
            'replayed',
          );
        },
      },
    ];
  };
  // A clinician's override of the screening call before it: recorded again, as the importer's (who
  // must be a clinician), with its reason, so that a booking it allowed can be replayed after it.
  const overridden = (o: { reason: string; at: string }, resource: string): Happening => ({
    at: o.at,
    rank: rankOf('screening'),
    what: 'the override of the screening verdict',
    kind: 'step:screening',
    resource,
    run: async (when) => {
      const { reason } = parse(OverrideInput.pick({ reason: true }), o, 'The override');
      const ctx = await openStep(
        tx,
        actor,
        episodeId,
        'screening',
        { version: await version(), replayed: true },
        when,
      );
      const latest = ctx.current('screening');
      if (!latest)
        throw new DomainError('validation_failed', 'It overrides a screening call the export lacks.');
      await overrideScreening(ctx, latest.id, reason);
    },
  });
  // The patient's own entries are theirs; entries staff made for them are the importer's.
  const asPatient = patientActor(actor.clinicId, patient);
  const by = (role: string) => (role === 'patient' ? asPatient : actor);
  const lists = new Map<string, string>();

  const happenings: Happening[] = [
    ...(e.triage.form
      ? step('triage', e.triage.recordedAt, {
          ...e.triage.form,
          facts: { ...(e.triage.form.facts as object), provocationTests: e.triage.provocationTests },
        })
      : []),
    ...e.screenings.flatMap((s) =>
      s.override
        ? [overridden(s.override, `QuestionnaireResponse/${s.id}`)]
        : step('screening', s.recordedAt, s.facts, 'screening call', `QuestionnaireResponse/${s.id}`),
    ),
    ...e.bookings.map(
      (b): Happening => ({
        at: b.recordedAt,
        rank: rankOf('booking'),
        what: `the booking for ${b.plannedAt}`,
        kind: 'booking',
        resource: `Appointment/${b.id}`,
        run: async (when) => {
          if (!b.list)
            throw new DomainError('validation_failed', 'Its procedure list (Schedule) is not in the Bundle.');
          const listId = lists.get(b.procedureListId) ?? (await findOrCreateList(tx, actor, b.list));
          lists.set(b.procedureListId, listId);
          const { settings } = await clinicSettings(tx, actor.clinicId);
          const time = localTime(new Date(b.plannedAt), settings.clinic.timeZone);
          await runStep(
            tx,
            actor,
            episodeId,
            'booking',
            { procedureListId: listId, time, version: await version() },
            when,
            'replayed',
          );
        },
      }),
    ),
    ...(e.checkIn ? step('check-in', e.checkedInAt, e.checkIn) : []),
    ...(e.procedure
      ? step(
          'procedure',
          e.procedure.recordedAt,
          { checklist: e.checklist, record: e.procedure.record },
          'procedure',
          `Procedure/${e.procedure.id}`,
        )
      : []),
    ...(e.recovery
      ? step('recovery', e.recovery.recordedAt, {
          baselinePain: e.recovery.baselinePain,
          scores: e.recovery.scores,
          provocationRetest: e.recovery.provocationRetest,
          discharge: e.recovery.discharge,
        })
      : []),
    ...(e.discharge
      ? step(
          'discharge',
          e.discharge.recordedAt,
          e.discharge.overrideReason ? { overrideReason: e.discharge.overrideReason } : {},
        )
      : []),
    ...e.moves.map(
      (m): Happening => ({
        at: m.at,
        // A move made in the same instant as a step follows it (a deferral after its screening).
        rank: stepNames.length,
        what: `the move "${m.move}"`,
        kind: 'move',
        resource: `Task/${m.id}`,
        run: async (when) => {
          await moveEpisode(
            tx,
            actor,
            episodeId,
            { move: m.move as MoveName, reason: m.reason ?? undefined, version: await version() },
            when,
            true,
          );
        },
      }),
    ),
    ...e.diary.map(
      ({ id, at, enteredByRole, facts }): Happening => ({
        at,
        rank: stepNames.length + 1,
        what: `the diary entry of ${at}`,
        kind: 'diary',
        resource: `QuestionnaireResponse/${id}`,
        run: async (when) => {
          const entry = parse(DiaryEntryFactsSchema, facts, 'The diary entry');
          try {
            await recordDiaryEntry(tx, by(enteredByRole), episodeId, entry, when);
          } catch (error) {
            // The receiving clinic's diary may not have sent that reminder (other settings): the
            // answers are kept, as an entry of the patient's own, rather than the import refused.
            const promptRefused =
              error instanceof DomainError &&
              error.code === 'validation_failed' &&
              error.extra.errors?.some((e) => e.field === 'promptAt');
            if (!promptRefused || !entry.promptAt) throw error;
            const { promptAt: _, ...answers } = entry;
            await recordDiaryEntry(tx, by(enteredByRole), episodeId, answers, when);
          }
        },
      }),
    ),
    ...e.symptomReports.map(
      (r): Happening => ({
        at: r.reportedAt,
        rank: stepNames.length + 1,
        what: `the symptom report of ${r.reportedAt}`,
        kind: 'report',
        resource: `QuestionnaireResponse/${r.id}`,
        run: async (when) => {
          const { reportedAt: _, ...facts } = r.facts;
          const input = parse(SymptomReportInput, facts, 'The symptom report');
          // Advised as every report is: an urgent one raises an alert for a person to read.
          const stored = await storeSymptomReport(tx, by(r.reportedByRole), episodeId, input, when);
          await adviseOnReport(tx, stored);
          // ...unless a clinician there had read it and said what they did: kept as theirs.
          if (r.acknowledgement) {
            const { note } = parse(AcknowledgeInput.pick({ note: true }), r.acknowledgement, 'The alert');
            const name = parse(z.string().max(TEXT.name), r.acknowledgement.by, 'Who acknowledged the alert');
            const at = new Date(
              parse(InstantSchema, r.acknowledgement.at, 'When the alert was acknowledged'),
            );
            // Read after it was reported, and not in the future: else it is not an acknowledgement.
            if (at < stored.reportedAt || laterBeyondMargin(at, new Date())) {
              throw new DomainError(
                'validation_failed',
                `The alert: acknowledged at ${r.acknowledgement.at}, ${at < stored.reportedAt ? 'before the report was made' : 'later than now'}.`,
              );
            }
            await acknowledgedElsewhere(tx, stored.id, { name, at, note });
          }
        },
      }),
    ),
    ...(e.outcomeReview
      ? step(
          'outcome-review',
          e.outcomeReview.recordedAt,
          { decision: e.outcomeReview.decision, reason: e.outcomeReview.reason },
          'outcome review',
        )
      : []),
    ...e.leaflets.map(
      (l): Happening => ({
        at: l.givenAt,
        rank: -1,
        what: `the leaflet "${l.leaflet}" given`,
        kind: 'leaflet',
        run: async (when) => {
          const version = Number(l.leafletVersion);
          if (!Number.isInteger(version)) {
            throw new DomainError('validation_failed', `Its version "${l.leafletVersion}" is not a number.`);
          }
          await recordIssue(tx, asPatient, episodeId, { reference: l.leaflet, version }, when);
        },
      }),
    ),
  ];

  return happenings;
}

/**
 * The receiving clinic's list of that day, time, room and operator, or a new one like it. A list
 * the sending clinic cancelled arrives cancelled as it was there (when, by whom, why), never as
 * one of this clinic's lists in use: it is found again only as that same cancellation (a second
 * patient of it, sent later), and its bookings, made before it was called off, replay onto it.
 */
async function findOrCreateList(
  tx: Tx,
  actor: Actor,
  list: NonNullable<ExportedEpisode['bookings'][number]['list']>,
): Promise<string> {
  const { cancelled, ...fields } = list;
  const [found] = await tx
    .select({ id: procedureList.id })
    .from(procedureList)
    .where(
      and(
        eq(procedureList.clinicId, actor.clinicId),
        eq(procedureList.date, list.date),
        eq(procedureList.startTime, list.startTime),
        eq(procedureList.room, list.room),
        eq(procedureList.operator, list.operator),
        cancelled
          ? and(
              eq(procedureList.cancelledAt, new Date(cancelled.at)),
              eq(procedureList.cancelledReason, cancelled.reason),
            )
          : isNull(procedureList.cancelledAt),
      ),
    )
    .limit(1);
  if (found) return found.id;
  const { id } = await createProcedureList(tx, actor, fields);
  if (cancelled)
    await tx
      .update(procedureList)
      .set({
        cancelledAt: new Date(cancelled.at),
        cancelledReason: cancelled.reason,
        cancelledByName: cancelled.by,
      })
      .where(eq(procedureList.id, id));
  return id;
}
