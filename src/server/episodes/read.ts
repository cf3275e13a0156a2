/**
 * The episode as its page shows it — the patient, the timeline in words, the moves the reader may
 * make and every step's record — read in one SQL statement (one round trip), and built again only
 * when a row it shows changed (ADR 0006: then in two). Also the patient's episodes and the worklist.
 */
import { and, eq, notInArray, type SQL, sql } from 'drizzle-orm';
import { type Database, prepared, type Tx } from '../../db/client.ts';
import { episode, procedureList } from '../../db/schema.ts';
import { type Actor, isStaff } from '../../domain/actor.ts';
import { allowedMoves, endStages, type MoveName, type Stage, stages } from '../../domain/pathway.ts';
import { describeEvent, type EventDetails } from '../../domain/timeline.ts';
import { type Episode, type EpisodeDetail, type Patient, WORKLIST_LIMIT } from '../../shared/api/core.ts';
import { notFound } from '../errors.ts';
import { nameMatches } from '../patients/patients.ts';
import { Kept } from './kept.ts';
import { type BookingRow, presentSteps, type StepRow } from './steps/present.ts';

type Executor = Database | Tx;

/**
 * The pages' records as the API shows them, built by PostgreSQL: `json` (not `jsonb`, which costs
 * PostgreSQL twice as much to build and print), the contract's field names, times as ISO strings
 * the way Date#toISOString writes them. These mirror presentEpisode and presentPatient; the
 * answers are checked against the contract in every test (plugins/responses.ts), so the two
 * cannot drift apart unnoticed.
 */
const isoOf = (column: string) => `to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
const patientFields = (p: string) =>
  `'id', ${p}.id, 'givenName', ${p}.given_name, 'familyName', ${p}.family_name,
    'birthDate', ${p}.birth_date, 'sex', ${p}.sex, 'nhsNumber', ${p}.nhs_number, 'mrn', ${p}.mrn,
    'email', ${p}.email, 'phone', ${p}.phone, 'version', ${p}.version,
    'createdAt', ${isoOf(`${p}.created_at`)}, 'updatedAt', ${isoOf(`${p}.updated_at`)}`;
const patientJson = (p: string) => sql.raw(`json_build_object(${patientFields(p)})`);
const episodeFields = (e: string) =>
  `'id', ${e}.id, 'patientId', ${e}.patient_id, 'stage', ${e}.stage, 'referrer', ${e}.referrer,
    'referrerAddress', ${e}.referrer_address, 'referredOn', ${e}.referred_on, 'reason', ${e}.reason,
    'side', ${e}.side, 'previousEpisodeId', ${e}.previous_episode_id, 'version', ${e}.version,
    'createdAt', ${isoOf(`${e}.created_at`)}, 'updatedAt', ${isoOf(`${e}.updated_at`)}`;
const episodeJson = (e: string) => sql.raw(`json_build_object(${episodeFields(e)})`);

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

/**
 * What the episode page is built from, in words PostgreSQL can compare: each row's `xmin` (the
 * transaction that wrote that version of the row) for the episode, its patient, its events, step
 * records and bookings, their lists and how many are booked on each — and when the server
 * started. Any committed change to any of them changes the stamp: an insert or update brings a
 * transaction id no earlier stamp held, a delete shortens a list, and a restore to an earlier
 * point (which can hand out transaction ids again) restarts the server. So the events' and step
 * records' ids need no order (it only decides whether an unchanged page is recognised). The
 * bookings' parts are in booking order: the count booked on a list changes with no transaction id
 * of its own in the stamp, so each count must keep its place. A stamp read inside a transaction
 * that then rolls back names a transaction no committed row will ever carry.
 */
const stampOf = (e: string, p: string) =>
  sql.raw(`format('%s;%s;%s;%s;%s;%s', pg_postmaster_start_time(), ${e}.xmin, ${p}.xmin,
    (select string_agg(v.xmin::text, ',') from episode_event v where v.episode_id = ${e}.id),
    (select string_agg(s.xmin::text, ',') from step_record s where s.episode_id = ${e}.id),
    (select string_agg(concat(b.xmin, '/', (select concat(l.xmin, '/', (select count(*) from booking x
        where x.procedure_list_id = l.id and x.status = 'booked')) from procedure_list l
        where l.id = b.procedure_list_id)), ',' order by b.id)
      from booking b where b.episode_id = ${e}.id))`);

/**
 * The episode page in one statement: the page as JSON built by PostgreSQL from the episode and
 * its tables, with its stamp when it is to be kept (`stamped`).
 */
const pageQuery = (clinicId: string, id: string, stamped: boolean) => sql`
  select f.stamp, e.stage, json_build_object(
    'episode', ${episodeJson('e')},
    'patient', ${patientJson('p')},
    'events', coalesce((select json_agg(json_build_object(
        'id', v.id, 'at', ${sql.raw(isoOf('v.at'))}, 'event', v.event, 'move', v.move,
        'fromStage', v.from_stage, 'toStage', v.to_stage, 'details', v.details, 'reason', v.reason,
        'actorName', v.actor_name, 'actorRole', v.actor_role) order by v.at, v.id)
      from episode_event v where v.episode_id = e.id), '[]'::json),
    'steps', coalesce((select json_agg(json_build_object(
        'id', s.id, 'step', s.step, 'version', s.version, 'facts', s.facts,
        'assessment', s.assessment, 'protocolProfile', s.protocol_profile,
        'protocolVersion', s.protocol_version, 'settingsVersion', s.settings_version,
        'override', s.override, 'amendReason', s.amend_reason,
        'supersededAt', ${sql.raw(isoOf('s.superseded_at'))}, 'recordedById', s.recorded_by_id,
        'recordedByName', s.recorded_by_name, 'recordedByRole', s.recorded_by_role,
        'recordedAt', ${sql.raw(isoOf('s.recorded_at'))}, 'imported', s.imported) order by s.step, s.version desc)
      from step_record s where s.episode_id = e.id), '[]'::json),
    'bookings', coalesce((select json_agg(json_build_object(
        'id', b.id, 'procedureListId', b.procedure_list_id, 'plannedAt', ${sql.raw(isoOf('b.planned_at'))},
        'screeningId', b.screening_id, 'instructions', b.instructions,
        'settingsVersion', b.settings_version, 'status', b.status, 'statusReason', b.status_reason,
        'statusChangedAt', ${sql.raw(isoOf('b.status_changed_at'))},
        'statusChangedByName', b.status_changed_by_name, 'recordedById', b.recorded_by_id,
        'recordedByName', b.recorded_by_name, 'recordedByRole', b.recorded_by_role,
        'recordedAt', ${sql.raw(isoOf('b.recorded_at'))}, 'imported', b.imported,
        -- the list by its key, one row each: a join may scan every clinic's lists
        'list', (select json_build_object('id', l.id, 'date', l.date, 'startTime', l.start_time,
          'operator', l.operator, 'room', l.room, 'capacity', l.capacity, 'version', l.version,
          'cancelledAt', l.cancelled_at, 'cancelledReason', l.cancelled_reason,
          'cancelledByName', l.cancelled_by_name)
          from procedure_list l where l.id = b.procedure_list_id),
        'listBooked', (select count(*) from booking x
          where x.procedure_list_id = b.procedure_list_id and x.status = 'booked'))
        order by b.recorded_at desc)
      from booking b where b.episode_id = e.id), '[]'::json)) as page
  from episode e join patient p on p.id = e.patient_id
    cross join lateral (select ${stamped ? stampOf('e', 'p') : sql`null::text`} as stamp) f
  where e.id = ${id} and e.clinic_id = ${clinicId}`;

/**
 * A kept page's check: the stamp and the stage now, and nothing else. Kept apart from pageQuery,
 * whose many JSON expressions PostgreSQL prepares for every run even when it builds nothing, and
 * whose text Node builds for every run: a quarter of PostgreSQL's work on a kept page, and nearly
 * half of Node's (measured on one connection).
 */
const stampQuery = (clinicId: string, id: string) => sql`
  select ${stampOf('e', 'p')} as stamp, e.stage from episode e join patient p on p.id = e.patient_id
  where e.id = ${id} and e.clinic_id = ${clinicId}`;

/** One read's audit event, to be written by the read's own statement (plugins/audit.ts auditSql). */
export type AuditInsert = (when: SQL) => SQL;

/** Runs `query`, with the audit event's INSERT as a CTE of the same statement when given. */
const withAudit = (query: SQL, audit: AuditInsert | undefined, when: SQL) =>
  audit ? sql`with audited as (${audit(when)}) ${query}` : query;

interface PageRow extends Record<string, unknown> {
  stamp: string;
  stage: Stage;
  page: {
    episode: Episode;
    patient: Patient;
    events: EventRow[];
    steps: StepRow[];
    bookings: BookingRow[];
  };
}

/** The page's rows as the API shows them, but for the moves, which depend on who reads it. */
function present(page: PageRow['page']): Omit<EpisodeDetail, 'allowedMoves'> {
  return {
    ...page.episode,
    patient: page.patient,
    events: page.events.map((v) => ({
      id: v.id,
      at: v.at,
      event: v.event,
      move: v.move,
      fromStage: v.fromStage,
      toStage: v.toStage,
      summary: describeEvent(v),
      reason: v.reason,
      actor: { name: v.actorName, role: v.actorRole },
    })),
    steps: presentSteps(page.steps, page.bookings),
  };
}

const movesFor = (actor: Actor, stage: Stage) => (isStaff(actor.role) ? allowedMoves(stage, actor.role) : []);

/** The episode's rows as `query` reads them, with the read's audit event when given. */
async function readEpisode<T extends Record<string, unknown>>(
  db: Executor,
  actor: Actor,
  id: string,
  query: SQL,
  audit: AuditInsert | undefined,
): Promise<T> {
  const exists = sql`exists (select 1 from episode where id = ${id} and clinic_id = ${actor.clinicId})`;
  const [row] = await prepared<T>(db, withAudit(query, audit, exists));
  if (!row) throw notFound('episode');
  return row;
}

export async function episodeDetail(
  db: Executor,
  actor: Actor,
  id: string,
  audit?: AuditInsert,
): Promise<EpisodeDetail> {
  const row = await readEpisode<PageRow>(db, actor, id, pageQuery(actor.clinicId, id, false), audit);
  return { ...present(row.page), allowedMoves: movesFor(actor, row.stage) };
}

/** Episode pages as sent, but for the reader's moves, by episode id (at most 64 MiB). */
const pages = new Kept(64 * 1024 * 1024);

/**
 * The episode page as the bytes of the answer (sent as they are, plugins/responses.ts jsonText):
 * read as episodeDetail reads it, built only when it changed since this process last built it.
 * A page is kept as bytes, all but its closing brace: encoding a 40 KB text again for every read
 * was about a quarter of what a kept page cost Node.
 */
export async function episodePage(
  db: Executor,
  actor: Actor,
  id: string,
  audit?: AuditInsert,
): Promise<Buffer> {
  const { row, bytes } = await pages.answer(
    id,
    audit,
    (event) =>
      readEpisode<{ stamp: string; stage: Stage }>(db, actor, id, stampQuery(actor.clinicId, id), event),
    async (event) => {
      const page = await readEpisode<PageRow>(db, actor, id, pageQuery(actor.clinicId, id, true), event);
      return { row: page, bytes: Buffer.from(JSON.stringify(present(page.page)).slice(0, -1)) };
    },
  );
  return answer(bytes, actor, row.stage);
}

/** A page's answer: the moves the reader may make go last, after everything every reader sees. */
const answer = (head: Buffer, actor: Actor, stage: Stage) =>
  Buffer.concat([head, Buffer.from(`,"allowedMoves":${JSON.stringify(movesFor(actor, stage))}}`)]);

/**
 * The patient page in one statement: the patient and their episodes, newest referral first —
 * as the JSON text of the answer, which the route sends as it is (plugins/responses.ts jsonText).
 */
export async function patientPage(
  db: Executor,
  clinicId: string,
  patientId: string,
  audit?: AuditInsert,
): Promise<string> {
  const exists = sql`exists (select 1 from patient where id = ${patientId} and clinic_id = ${clinicId})`;
  const rows = await prepared<{ page: string }>(
    db,
    withAudit(
      sql`select json_build_object(${sql.raw(patientFields('p'))}, 'episodes',
        coalesce((select json_agg(${episodeJson('e')} order by e.referred_on desc, e.created_at desc)
          from episode e where e.patient_id = p.id and e.clinic_id = p.clinic_id), '[]'::json))::text as page
      from patient p where p.id = ${patientId} and p.clinic_id = ${clinicId}`,
      audit,
      exists,
    ),
  );
  const row = rows[0];
  if (!row) throw notFound('patient');
  return row.page;
}

/** Every stage, in the pathway's order, as a literal array: the worklist counts each, zeros too. */
const stageArray = sql.raw(`array[${stages.map((s) => `'${s}'`).join(', ')}]::text[]`);

/**
 * What a day's worklist is built from, as stampOf is for the episode page: for each booking in
 * force on the clinic's lists of that day, its own `xmin`, its episode's, its patient's and its
 * list's. Whatever moves an episode onto or off the day's list, or changes what its row shows or
 * counts (a booking made or cancelled, a list moved, a stage, a name), rewrites one of those four
 * rows, so brings a transaction id no earlier stamp held; a row deleted shortens the list.
 */
const dayStamp = (clinicId: string, date: string) => sql`format('%s;%s', pg_postmaster_start_time(),
  (select string_agg(concat(b.xmin, '/', e.xmin, '/', p.xmin, '/', l.xmin), ',' order by b.id)
    from procedure_list l join booking b on b.procedure_list_id = l.id and b.status = 'booked'
      join episode e on e.id = b.episode_id join patient p on p.id = e.patient_id
    where l.clinic_id = ${clinicId} and l.date = ${date} and e.clinic_id = ${clinicId}))`;

/**
 * Day lists as sent, by clinic, day and filter (at most 16 MiB): a procedure day's list is asked
 * for again and again by everyone working that day.
 */
const dayLists = new Kept(16 * 1024 * 1024);

/**
 * The worklist in one statement: episodes of one stage (or all), oldest referral first — a
 * procedure day's in time order — with counts per stage (every stage, zeros included). Each row
 * carries only what the list shows (WorklistItem in shared/api/core.ts). Answers the JSON text of
 * the whole answer, which the route sends as it is (plugins/responses.ts jsonText). A day's list
 * is built only when it changed since this process last built it (dayStamp).
 */
export async function worklist(
  db: Executor,
  clinicId: string,
  query: { stage?: Stage | 'open' | undefined; q?: string | undefined; date?: string | undefined },
  audit?: AuditInsert,
): Promise<string | Buffer> {
  const day = query.date ? [eq(procedureList.clinicId, clinicId), eq(procedureList.date, query.date)] : [];
  const conditions = [eq(episode.clinicId, clinicId), ...day, ...nameMatches(query.q)];
  if (query.stage === 'open') conditions.push(notInArray(episode.stage, [...endStages]));
  else if (query.stage) conditions.push(eq(episode.stage, query.stage));
  const order = query.date
    ? sql`booking.planned_at, episode.referred_on, episode.created_at`
    : sql`episode.referred_on, episode.created_at`;
  const joins = sql`left join booking on booking.episode_id = episode.id and booking.status = 'booked'
    left join procedure_list on procedure_list.id = booking.procedure_list_id`;
  const page = sql`json_build_object('items',
    (select coalesce(json_agg(r.item order by r.n), '[]'::json) from (
      select json_build_object('id', episode.id, 'patientId', episode.patient_id, 'stage', episode.stage,
          'referredOn', episode.referred_on, 'side', episode.side,
          'patient', json_build_object('id', patient.id, 'givenName', patient.given_name,
            'familyName', patient.family_name, 'birthDate', patient.birth_date,
            'nhsNumber', patient.nhs_number, 'mrn', patient.mrn),
          'plannedAt', ${sql.raw(isoOf('booking.planned_at'))}) as item,
        row_number() over (order by ${order}) as n
      from episode join patient on patient.id = episode.patient_id ${joins}
      where ${and(...conditions)}
      order by ${order} limit ${WORKLIST_LIMIT}) r), 'countsByStage',
    (select json_object_agg(s.stage, coalesce(c.n, 0) order by s.ord)
      from unnest(${stageArray}) with ordinality s(stage, ord) left join (
        select episode.stage::text as stage, count(*)::int as n from episode ${joins}
        where ${and(eq(episode.clinicId, clinicId), ...day)} group by episode.stage) c on c.stage = s.stage)
    )::text`;
  const read = async <T extends Record<string, unknown>>(statement: SQL, event: AuditInsert | undefined) =>
    (await prepared<T>(db, withAudit(statement, event, sql`true`)))[0]!;
  if (!query.date) return (await read<{ page: string }>(sql`select ${page} as page`, audit)).page;
  const stamp = dayStamp(clinicId, query.date);
  const { bytes } = await dayLists.answer(
    JSON.stringify([clinicId, query.date, query.stage ?? null, query.q ?? null]),
    audit,
    (event) => read<{ stamp: string }>(sql`select ${stamp} as stamp`, event),
    async (event) => {
      const row = await read<{ stamp: string; page: string }>(
        sql`select ${stamp} as stamp, ${page} as page`,
        event,
      );
      return { row, bytes: Buffer.from(row.page) };
    },
  );
  return bytes;
}
