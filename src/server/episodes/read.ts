/**
 * The episode as its page shows it — the patient, the timeline in words, the moves the reader may
 * make and every step's record — read in one SQL statement (one round trip). Also the patient's
 * episodes and the worklist.
 */
import { and, eq, sql } from 'drizzle-orm';
import type { Database, Tx } from '../../db/client.ts';
import { episode, type patient, procedureList } from '../../db/schema.ts';
import { type Actor, isStaff } from '../../domain/actor.ts';
import { allowedMoves, type MoveName, type Stage, stages } from '../../domain/pathway.ts';
import { describeEvent, type EventDetails } from '../../domain/timeline.ts';
import type { Episode, EpisodeDetail, Patient } from '../../shared/api/core.ts';
import { notFound } from '../errors.ts';
import { nameMatches, presentPatient } from '../patients/patients.ts';
import { presentEpisode } from './episodes.ts';
import { type BookingRow, camel, presentSteps, type StepRow } from './steps/present.ts';

type Executor = Database | Tx;

interface EventRow {
  id: string;
  at: string;
  event: string;
  move: MoveName | null;
  fromStage: Stage | null;
  toStage: Stage;
  details: EventDetails | null;
  reason: string | null;
  actorName: string;
  actorRole: string;
}

/** The episode page in one statement: JSON built by PostgreSQL from the episode and its tables. */
const pageQuery = (clinicId: string, id: string) => sql`
  select
    to_jsonb(e) as episode,
    to_jsonb(p) as patient,
    coalesce((select jsonb_agg(jsonb_build_object(
        'id', v.id, 'at', v.at, 'event', v.event, 'move', v.move, 'fromStage', v.from_stage,
        'toStage', v.to_stage, 'details', v.details, 'reason', v.reason,
        'actorName', v.actor_name, 'actorRole', v.actor_role) order by v.at, v.id)
      from episode_event v where v.episode_id = e.id), '[]') as events,
    coalesce((select jsonb_agg(to_jsonb(s) order by s.step, s.version desc)
      from step_record s where s.episode_id = e.id), '[]') as steps,
    coalesce((select jsonb_agg(to_jsonb(b) || jsonb_build_object('list', to_jsonb(l),
        'listBooked', (select count(*) from booking x where x.procedure_list_id = l.id and x.status = 'booked'))
        order by b.recorded_at desc)
      from booking b join procedure_list l on l.id = b.procedure_list_id
      where b.episode_id = e.id), '[]') as bookings
  from episode e join patient p on p.id = e.patient_id
  where e.id = ${id} and e.clinic_id = ${clinicId}`;

const iso = (s: string) => new Date(s).toISOString();
const dated = <T extends { createdAt: unknown; updatedAt: unknown }>(row: T) => ({
  ...row,
  createdAt: new Date(row.createdAt as string),
  updatedAt: new Date(row.updatedAt as string),
});

export async function episodeDetail(db: Executor, actor: Actor, id: string): Promise<EpisodeDetail> {
  const { rows } = await db.execute<{
    episode: Record<string, unknown>;
    patient: Record<string, unknown>;
    events: EventRow[];
    steps: Record<string, unknown>[];
    bookings: Record<string, unknown>[];
  }>(pageQuery(actor.clinicId, id));
  const row = rows[0];
  if (!row) throw notFound('episode');
  const e = dated(camel<typeof episode.$inferSelect>(row.episode));
  const p = dated(camel<typeof patient.$inferSelect>(row.patient));
  return {
    ...presentEpisode(e),
    patient: presentPatient(p),
    events: row.events.map((v) => ({
      id: v.id,
      at: iso(v.at),
      event: v.event,
      move: v.move,
      fromStage: v.fromStage,
      toStage: v.toStage,
      summary: describeEvent(v),
      reason: v.reason,
      actor: { name: v.actorName, role: v.actorRole },
    })),
    allowedMoves: isStaff(actor.role) ? allowedMoves(e.stage, actor.role) : [],
    steps: presentSteps(
      row.steps.map((s) => camel<StepRow>(s)),
      row.bookings.map((b) => camel<BookingRow>(b)),
    ),
  };
}

/** The patient page in one statement: the patient and their episodes, newest referral first. */
export async function patientPage(
  db: Executor,
  clinicId: string,
  patientId: string,
): Promise<Patient & { episodes: Episode[] }> {
  const { rows } = await db.execute<{
    patient: Record<string, unknown>;
    episodes: Record<string, unknown>[];
  }>(
    sql`select to_jsonb(p) as patient,
      coalesce((select jsonb_agg(to_jsonb(e) order by e.referred_on desc, e.created_at desc)
        from episode e where e.patient_id = p.id and e.clinic_id = p.clinic_id), '[]') as episodes
    from patient p where p.id = ${patientId} and p.clinic_id = ${clinicId}`,
  );
  const row = rows[0];
  if (!row) throw notFound('patient');
  return {
    ...presentPatient(dated(camel<typeof patient.$inferSelect>(row.patient))),
    episodes: row.episodes.map((e) => presentEpisode(dated(camel<typeof episode.$inferSelect>(e)))),
  };
}

/**
 * The worklist in one statement: episodes of one stage (or all), oldest referral first — a
 * procedure day's in time order — with counts per stage.
 */
export async function worklist(
  db: Executor,
  clinicId: string,
  query: { stage?: Stage | undefined; q?: string | undefined; date?: string | undefined },
) {
  const day = query.date ? [eq(procedureList.date, query.date)] : [];
  const conditions = [eq(episode.clinicId, clinicId), ...day, ...nameMatches(query.q)];
  if (query.stage) conditions.push(eq(episode.stage, query.stage));
  const order = query.date
    ? sql`booking.planned_at, episode.referred_on, episode.created_at`
    : sql`episode.referred_on, episode.created_at`;
  const joins = sql`left join booking on booking.episode_id = episode.id and booking.status = 'booked'
    left join procedure_list on procedure_list.id = booking.procedure_list_id`;
  const { rows } = await db.execute<{
    items: { episode: Record<string, unknown>; patient: Record<string, unknown>; plannedAt: string | null }[];
    counts: Record<string, number> | null;
  }>(sql`select
    (select coalesce(jsonb_agg(r.item order by r.n), '[]') from (
      select jsonb_build_object('episode', to_jsonb(episode), 'patient', to_jsonb(patient),
          'plannedAt', booking.planned_at) as item,
        row_number() over (order by ${order}) as n
      from episode join patient on patient.id = episode.patient_id ${joins}
      where ${and(...conditions)}
      order by ${order} limit 500) r) as items,
    (select jsonb_object_agg(c.stage, c.n) from (
      select episode.stage, count(*)::int as n from episode ${joins}
      where ${and(eq(episode.clinicId, clinicId), ...day)} group by episode.stage) c) as counts`);
  const row = rows[0]!;
  const countsByStage = Object.fromEntries(stages.map((s) => [s, row.counts?.[s] ?? 0])) as Record<
    Stage,
    number
  >;
  return {
    items: row.items.map((r) => ({
      ...presentEpisode(dated(camel<typeof episode.$inferSelect>(r.episode))),
      patient: presentPatient(dated(camel<typeof patient.$inferSelect>(r.patient))),
      plannedAt: r.plannedAt ? iso(r.plannedAt) : null,
    })),
    countsByStage,
  };
}
