/**
 * A synthetic clinic, fast: thousands of episodes spread over the pathway's stages, with every
 * record the app reads (steps with their facts and the clinical core's judgements, bookings on
 * procedure lists, the timeline, pain diaries), made from a seed so that the same seed gives the
 * same clinic. For the benchmark's realistic clinic and, later, the outcomes registry.
 *
 * Speed comes from writing in bulk (COPY … FROM STDIN, one per table and batch, into the tables
 * with all their indexes and constraints in place), not from cutting corners: the facts come from the same payload factories the tests
 * use (payloads.ts), the judgements from the clinical core called with the arguments each step's
 * command passes it (src/server/episodes/steps/), the timeline's events and versions as
 * noteOnEpisode writes them. synthetic.test.ts checks a synthetic episode reads back exactly like
 * one recorded through the API. Nothing here is audited: nobody read or wrote a real record.
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { sql } from 'drizzle-orm';
import { from as copyFrom } from 'pg-copy-streams';
import type { Database, Tx } from '../../db/client.ts';
import type { Actor } from '../../domain/actor.ts';
import {
  type Assessment,
  assess,
  assessOutcome,
  type ClinicSettings,
  diarySchedule,
  formatLocal,
  fromLocal,
  injectateVolumeMl,
  knownAnaesthetic,
  PatientFactsSchema,
  type Purpose,
  type Side,
  toLocal,
} from '../../domain/clinical/index.ts';
import type { COMPLICATIONS } from '../../domain/clinical/procedure.ts';
import { windowEndsAt } from '../../domain/diary.ts';
import { nhsCheckDigit } from '../../domain/identifiers.ts';
import { type Stage, stageLabels, stages } from '../../domain/pathway.ts';
import { OUTCOME_DECISIONS, type OutcomeDecision } from '../../domain/step-records.ts';
import { type FactsOf, type RecordedStep, stepRules } from '../../domain/steps.ts';
import { addUser } from '../auth/users.ts';
import { clinicSettings, createClinic } from '../clinic/settings.ts';
import {
  checkInFacts,
  negativeExam,
  procedureFacts,
  recoveryFacts,
  screeningFacts,
  triageFacts,
} from './payloads.ts';
import {
  drawDrugs,
  drawTrajectory,
  type Guidance,
  opioidsAt,
  painAt,
  SYNTHETIC_COMPLICATION_RATES,
  SYNTHETIC_DIARY,
  SYNTHETIC_GUIDANCE_MIX,
  SYNTHETIC_OPERATORS,
  SYNTHETIC_PURPOSE_MIX,
  seededIds,
  weighted,
} from './synthetic-registry.ts';

export interface SyntheticOptions {
  /** How many episodes (one patient each). */
  episodes: number;
  /** The same seed (with the same name and `now`) makes the same clinic, ids and all. */
  seed?: number;
  /** The registry is laid out backwards from this moment (default: the present). */
  now?: Date;
  /** Pain diaries for every episode past its procedure, at the prompts the clinical core schedules. */
  diaries?: boolean;
  /** Places on each procedure day (the worklist of a busy day). */
  perDay?: number;
  /** Default "Synthetic Pain Service (seed S)"; a clinic of that name must not exist yet. */
  clinicName?: string;
  /** Password of the clinic's three staff users. */
  password?: string;
  /** Episodes written per transaction. */
  batch?: number;
  onProgress?: (done: number, total: number) => void;
}

export interface SyntheticClinic {
  clinicId: string;
  users: Record<'admin' | 'clinician' | 'nurse', { id: string; email: string }>;
  password: string;
  /** A past procedure day with every place still booked (closed episodes give theirs back), and the next future one. */
  busyDay: string;
  nextDay: string;
  stages: Record<Stage, number>;
  diaryEntries: number;
}

/** Share of episodes at each stage: a clinic in its steady state, most episodes behind it. */
const stageMix: [Stage, number][] = [
  ['referred', 4],
  ['triaged', 3],
  ['declined', 3],
  ['screened', 4],
  ['not-safe-yet', 2],
  ['scheduled', 8],
  ['checked-in', 0.4],
  ['performed', 0.4],
  ['discharged', 1.2],
  ['following-up', 20],
  ['outcome-reviewed', 14],
  ['closed', 40],
];

/** Stages reached through a booking, most recent procedure first: every stage from check-in on. */
const bookedPast: Stage[] = stages.slice(stages.indexOf('checked-in'));

const givenNames = {
  female: ['Amelia', 'Priya', 'Grace', 'Chloe', 'Fatima', 'Isla', 'Sofia', 'Aoife', 'Hannah', 'Mei'],
  male: ['Oliver', 'Mohammed', 'Tomasz', 'Kwame', 'George', 'Arjun', 'Daniel', 'Yusuf', 'Liam', 'Kofi'],
} as const;
const familyNames = [
  'Smith',
  'Khan',
  'Jones',
  'Patel',
  'Williams',
  'Nowak',
  'Brown',
  'Okafor',
  'Taylor',
  'Rahman',
  'Davies',
  'Murphy',
  'Evans',
  'Chen',
  'Walker',
  'Ahmed',
  'Wright',
  'Kowalski',
  'Hughes',
  'Mensah',
];
const reasons = [
  'Buttock pain for 9 months, worse on rising from sitting; provocation tests positive.',
  'SI joint pain after lumbar fusion; epidural without benefit.',
  'Sacroiliitis, not settling with physiotherapy.',
  'Low back and buttock pain with a leg-length difference.',
];
/** A referral reason only a woman's referral gives. */
const afterPregnancy = 'Pelvic girdle pain persisting after pregnancy.';

/** mulberry32: a small, fast PRNG; the same seed gives the same sequence. */
export function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(xs: readonly T[]) => xs[int(xs.length)]!;
  return { next, int, pick };
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const WEEK = 7 * DAY;

type Row = Record<string, unknown>;
/** The tables a seeded episode writes to, in the order their rows are written. */
export const tables = [
  'patient',
  'episode',
  'step_record',
  'booking',
  'episode_event',
  'diary_entry',
] as const;
/** Rows to write, by table. */
export type Batch = Record<(typeof tables)[number], Row[]>;
export const emptyBatch = (): Batch =>
  ({
    patient: [],
    episode: [],
    step_record: [],
    booking: [],
    episode_event: [],
    diary_entry: [],
  }) satisfies Batch;
/** Adds one batch's rows (an episode's) to another. */
export function addToBatch(to: Batch, rows: Batch) {
  for (const t of tables) to[t].push(...rows[t]);
}

/** Day strings (YYYY-MM-DD) of weekdays counted from a local day, forwards or backwards. */
function weekdays(from: { year: number; month: number; day: number }, direction: 1 | -1) {
  const d = new Date(Date.UTC(from.year, from.month - 1, from.day));
  return () => {
    do d.setUTCDate(d.getUTCDate() + direction);
    while (d.getUTCDay() === 0 || d.getUTCDay() === 6);
    return d.toISOString().slice(0, 10);
  };
}

/** The protocol lives in its own columns; the rest of the assessment is stored as shown (context.ts). */
function stored(a: Partial<Assessment>) {
  const { protocol: _p, assessedAt: _a, clinic: _c, ...rest } = a;
  return rest;
}

/** Seeding refuses a name that is taken: the same seed and name would make the same ids again. */
export class SyntheticClinicExists extends Error {}

export async function seedSynthetic(db: Database, options: SyntheticOptions): Promise<SyntheticClinic> {
  const rnd = prng(options.seed ?? 1);

  const now = options.now ?? new Date();
  const perDay = options.perDay ?? 40;
  const password = options.password ?? 'synthetic-clinic-2026';
  const batchSize = options.batch ?? 500;

  const seed = options.seed ?? 1;
  const name = options.clinicName ?? `Synthetic Pain Service (seed ${seed})`;
  const ids = seededIds(seed, name);
  const taken = await db.execute(sql`select 1 from clinic where name = ${name} limit 1`);
  if (taken.rows.length > 0) {
    throw new SyntheticClinicExists(
      `A clinic named "${name}" exists already: choose another name or seed (each synthetic clinic is added beside the others).`,
    );
  }

  // The clinic and its staff through the ordinary commands: few, and they hash passwords.
  const tag = ids.tag;
  const { clinicId, users } = await db.transaction(async (tx) => {
    const { id } = await createClinic(tx, {
      id: ids.next(),
      name,
      timeZone: 'Europe/London',
      contacts: {
        phone: '01632 960 200',
        urgentPhone: '01632 960 201',
        outOfHours: 'When we are closed, call NHS 111; in an emergency call 999.',
      },
    });
    const made = {} as SyntheticClinic['users'];
    for (const role of ['admin', 'clinician', 'nurse'] as const) {
      const email = `${role}.${tag}@synthetic.sijpath.test`;
      const user = await addUser(tx, {
        id: ids.next(),
        clinicId: id,
        role,
        name: `Synthetic ${role}`,
        email,
        password,
      });
      made[role] = user;
    }
    return { clinicId: id, users: made };
  });
  const { settings, settingsVersion } = await clinicSettings(db, clinicId);
  const tz = settings.clinic.timeZone;
  const staff = (role: 'clinician' | 'nurse'): Actor => ({
    id: users[role].id,
    name: `Synthetic ${role}`,
    email: users[role].email,
    role,
    clinicId,
    patientId: null,
  });
  const clinician = staff('clinician');
  const nurse = staff('nurse');

  // Each episode's final stage, drawn from the mix.
  const total = stageMix.reduce((n, [, w]) => n + w, 0);
  const finals: Stage[] = [];
  for (let i = 0; i < options.episodes; i++) {
    let r = rnd.next() * total;
    let stage: Stage = 'closed';
    for (const [s, w] of stageMix) {
      r -= w;
      if (r < 0) {
        stage = s;
        break;
      }
    }
    finals.push(stage);
  }

  // Procedure days: booked episodes fill weekdays, perDay places a day on lists of 8 places.
  const today = toLocal(now, tz);
  const places = 8;
  const listsPerDay = Math.ceil(perDay / places);
  const lists: Row[] = [];
  const listOn = new Map<string, string[]>();
  const nextId = ids.next;
  const dayFor = (direction: 1 | -1) => {
    const nextDay = weekdays(today, direction);
    let day = nextDay();
    let used = 0;
    return () => {
      if (used === perDay) {
        day = nextDay();
        used = 0;
      }
      if (!listOn.has(day)) {
        const listIds: string[] = [];
        const dayIndex = Number(Date.parse(day) / DAY);
        for (let l = 0; l < listsPerDay; l++) {
          const id = nextId();
          listIds.push(id);
          lists.push({
            id,
            clinic_id: clinicId,
            date: day,
            start_time: '08:30',
            operator: SYNTHETIC_OPERATORS[(l + dayIndex) % SYNTHETIC_OPERATORS.length]!,
            room: `Theatre ${l + 1}`,
            capacity: places,
            version: 1,
            created_at: now.toISOString(),
            updated_at: now.toISOString(),
          });
        }
        listOn.set(day, listIds);
      }
      const slot = used++;
      return { day, listId: listOn.get(day)![Math.floor(slot / places)]!, slot: slot % places };
    };
  };
  const past = dayFor(-1);
  const future = dayFor(1);
  const order = finals.map((stage, i) => ({ stage, i }));
  const rank = (s: Stage) => bookedPast.indexOf(s);
  const slotOf = new Map<number, { day: string; listId: string; slot: number }>();
  for (const { i } of order.filter((o) => o.stage === 'scheduled')) slotOf.set(i, future());
  for (const { i } of order.filter((o) => rank(o.stage) >= 0).sort((a, b) => rank(a.stage) - rank(b.stage)))
    slotOf.set(i, past());
  // The most recent past day with every place taken (or the fullest), for the worklist of a day.
  const booked = new Map<string, number>();
  for (const [i, { day }] of slotOf) {
    if (finals[i] !== 'closed') booked.set(day, (booked.get(day) ?? 0) + 1);
  }
  const pastDays = [...booked.keys()]
    .filter((d) => d < iso(now).slice(0, 10))
    .sort()
    .reverse();
  const busyDay =
    pastDays.find((d) => booked.get(d) === perDay) ??
    pastDays.sort((a, b) => booked.get(b)! - booked.get(a)!)[0] ??
    '';
  const nextDay = [...listOn.keys()].filter((d) => d > iso(now).slice(0, 10)).sort()[0] ?? '';
  // Per-row foreign-key checks cost PostgreSQL about 40 % of the seed: a superuser skips them
  // (session_replication_role = replica, which fires no other trigger on these tables either; the
  // audit's triggers are on audit_event, not written here) and checks every key at the end in one
  // pass per foreign key instead (checkReferences).
  const su = await db.execute<{ su: boolean }>(
    sql`select rolsuper as su from pg_roles where rolname = current_user`,
  );
  const fast = { skipKeyChecks: su.rows[0]?.su === true };
  await copyBatch(db, { procedure_list: lists }, fast);

  const reached = Object.fromEntries(stageMix.map(([s]) => [s, 0])) as Record<Stage, number>;
  let diaryEntries = 0;
  // The diary schedules differ from day to day: the memo is emptied past 5,000 answers.
  const clinicSeed: SeedClinic = {
    rnd,
    now,
    clinicId,
    settings,
    settingsVersion,
    clinician,
    nurse,
    diaries: options.diaries ?? false,
    nextId,
    ...seedHelpers(999_000_000 + rnd.int(500_000), 5000),
  };

  // Two batches are written at once (PostgreSQL gets a backend for each) while the next is built.
  const writing: Promise<unknown>[] = [];
  let written = 0;
  for (let start = 0; start < options.episodes; start += batchSize) {
    const rows = emptyBatch();
    const end = Math.min(options.episodes, start + batchSize);
    for (let i = start; i < end; i++) {
      const final = finals[i]!;
      reached[final] += 1;
      const made = buildEpisode(clinicSeed, { i, final, slot: slotOf.get(i) });
      addToBatch(rows, made);
      diaryEntries += made.diary_entry.length;
    }
    if (writing.length >= 2) await writing.shift();
    const size = end - start;
    writing.push(
      copyBatch(db, rows, fast).then(() => {
        written += size;
        options.onProgress?.(written, options.episodes);
      }),
    );
  }
  for (const w of writing) await w;
  if (fast.skipKeyChecks) await checkReferences(db, clinicId);
  // The outcomes dashboard's summary (drizzle/0008): replica mode fired none of the triggers that
  // keep it, so it is built here for the whole clinic in one set-based pass.
  if (fast.skipKeyChecks) await db.execute(sql`select outcome_summary_rebuild(${clinicId})`);
  return { clinicId, users, password, busyDay, nextDay, stages: reached, diaryEntries };
}

const iso = (d: Date) => d.toISOString();
type Complication = (typeof COMPLICATIONS)[number];

/**
 * One transaction that COPYs each table's rows in (text format: tab-separated, \N for null, JSON
 * for objects). A seed cut short leaves whole batches only; the flush to disk is not awaited (a cut
 * seed is simply run again under another name).
 */
async function copyBatch(
  db: Database,
  batch: Partial<Record<string, Row[]>>,
  options: { skipKeyChecks: boolean },
) {
  const client = await db.$client.connect();
  try {
    await client.query('begin');
    await client.query('set local synchronous_commit = off');
    if (options.skipKeyChecks) await client.query('set local session_replication_role = replica');
    for (const [table, rows] of Object.entries(batch)) {
      if (!rows || rows.length === 0) continue;
      const columns = Object.keys(rows[0]!);
      const stream = client.query(
        copyFrom(`copy ${table} (${columns.map((c) => `"${c}"`).join(', ')}) from stdin`),
      );
      await pipeline(Readable.from(copyText(rows, columns)), stream);
    }
    await client.query('commit');
  } catch (error) {
    await client.query('rollback').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

/**
 * Every foreign key of the tables the seed writes, checked over the new clinic's rows at once (an
 * anti-join per key, as ALTER TABLE … VALIDATE CONSTRAINT would): what the per-row checks skipped.
 */
export async function checkReferences(db: Database, clinicId: string) {
  const keys = await db.execute<{ child: string; parent: string; on: string; col: string }>(sql`
    select c.conrelid::regclass::text as child, c.confrelid::regclass::text as parent,
      string_agg(format('p.%I = c.%I', pa.attname, ca.attname), ' and ') as on,
      min(format('c.%I', ca.attname)) as col
    from pg_constraint c
    cross join lateral unnest(c.conkey, c.confkey) as k(child_att, parent_att)
    join pg_attribute ca on ca.attrelid = c.conrelid and ca.attnum = k.child_att
    join pg_attribute pa on pa.attrelid = c.confrelid and pa.attnum = k.parent_att
    where c.contype = 'f' and c.conrelid::regclass::text in (${sql.join(
      [...tables, 'procedure_list'].map((t) => sql`${t}`),
      sql`, `,
    )})
    group by c.oid, c.conrelid, c.confrelid`);
  for (const k of keys.rows) {
    // The names come from the catalogue, quoted by format('%I').
    const broken = await db.execute(
      sql`select 1 from ${sql.raw(k.child)} c where c.clinic_id = ${clinicId} and ${sql.raw(k.col)} is not null
        and not exists (select 1 from ${sql.raw(k.parent)} p where ${sql.raw(k.on)}) limit 1`,
    );
    if (broken.rows.length > 0) {
      throw new Error(`the synthetic clinic's ${k.child} rows break a foreign key to ${k.parent}`);
    }
  }
}

/** COPY's text format, a chunk of lines at a time. */
function* copyText(rows: Row[], columns: string[]): Generator<string> {
  let chunk = '';
  for (const row of rows) {
    let line = '';
    for (let c = 0; c < columns.length; c++) {
      const v = row[columns[c]!];
      const text =
        v === null || v === undefined
          ? '\\N'
          : typeof v === 'object'
            ? jsonText(v)
            : typeof v === 'string'
              ? copyEscape(v)
              : String(v);
      line += c === 0 ? text : `\t${text}`;
    }
    chunk += `${line}\n`;
    if (chunk.length > 1 << 20) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk) yield chunk;
}

/**
 * An object's COPY text, kept per object: the facts the seed memoises (most episodes' triage,
 * screening and check-in) are the same objects in thousands of rows, each serialised once.
 */
const jsonTexts = new WeakMap<object, string>();
function jsonText(v: object): string {
  let text = jsonTexts.get(v);
  if (text === undefined) {
    text = copyEscape(JSON.stringify(v));
    jsonTexts.set(v, text);
  }
  return text;
}

const copySpecial = /[\\\n\r\t]/;
function copyEscape(text: string): string {
  if (!copySpecial.test(text)) return text;
  return text.replace(/[\\\n\r\t]/g, (c) =>
    c === '\\' ? '\\\\' : c === '\n' ? '\\n' : c === '\r' ? '\\r' : '\\t',
  );
}

/** Rows in bulk inside a caller's transaction (the demo's history): a few thousand rows a statement. */
export async function insertRows(db: Database | Tx, table: string, rows: Row[]) {
  const chunk = 2000;
  for (let i = 0; i < rows.length; i += chunk) {
    const json = JSON.stringify(rows.slice(i, i + chunk));
    await db.execute(
      sql`insert into ${sql.identifier(table)} select * from json_populate_recordset(null::${sql.identifier(table)}, ${json}::json)`,
    );
  }
}

/** What every synthetic episode of one clinic is built with. */
export interface SeedClinic {
  rnd: ReturnType<typeof prng>;
  now: Date;
  clinicId: string;
  settings: ClinicSettings;
  settingsVersion: number;
  clinician: Actor;
  nurse: Actor;
  diaries: boolean;
  /** The clinical core's answer to a question, computed once per distinct question. */
  once: <T>(key: string, make: () => T) => T;
  /** The next id of the seeded sequence (synthetic-registry.ts seededIds). */
  nextId: () => string;
  /** The next valid NHS number of the seed's range. */
  nextNhs: () => string;
}

/** Which episode to build: its number, the stage it ends at and its place on a list, if booked. */
export interface EpisodePlan {
  i: number;
  final: Stage;
  slot: { day: string; listId: string; slot: number } | undefined;
  /** How the injection is guided (default: drawn from the synthetic mix). */
  guidance?: Guidance;
}

/**
 * A memo for the clinical core's answers (most episodes ask the same questions; `limit` bounds it
 * where they do not) and NHS numbers counted from `firstNhs`, each with its check digit.
 */
export function seedHelpers(firstNhs: number, limit = Number.POSITIVE_INFINITY) {
  const memo = new Map<string, unknown>();
  const once = <T>(key: string, make: () => T): T => {
    if (memo.size > limit) memo.clear();
    if (!memo.has(key)) memo.set(key, make());
    return memo.get(key) as T;
  };
  let nhs = firstNhs;
  const nextNhs = () => {
    for (;;) {
      const first = String(nhs++);
      const check = nhsCheckDigit(first);
      if (check !== null) return `${first}${check}`;
    }
  };
  return { once, nextNhs };
}

/** One patient and one episode walked to its final stage, as the step commands would record it. */
export function buildEpisode(clinic: SeedClinic, plan: EpisodePlan): Batch {
  const { rnd, now, clinicId, settings, settingsVersion, clinician, nurse, once, nextId } = clinic;
  const { final } = plan;
  const tz = settings.clinic.timeZone;
  const out = emptyBatch();
  const side: Side = rnd.next() < 0.5 ? 'left' : 'right';
  const purpose: Purpose = weighted(rnd, SYNTHETIC_PURPOSE_MIX);

  // When things happen: a booked episode works back from its procedure, others are recent.
  const plannedAt = plan.slot
    ? fromLocal(
        {
          ...dayParts(plan.slot.day),
          hour: 8 + Math.floor((30 + plan.slot.slot * 30) / 60),
          minute: (30 + plan.slot.slot * 30) % 60,
        },
        tz,
      )
    : undefined;
  const anchor =
    plannedAt && plannedAt < now ? plannedAt : new Date(now.getTime() - (1 + rnd.int(20)) * HOUR);
  const booked = plan.slot !== undefined;
  const referredAt = new Date(anchor.getTime() - (booked ? 20 + rnd.int(40) : 1 + rnd.int(25)) * DAY);
  let at = referredAt;
  const step = (days: number) => {
    at = new Date(Math.min(at.getTime() + days * DAY, anchor.getTime() - 2 * HOUR));
    return at;
  };

  const patientId = nextId();
  const episodeId = nextId();
  const sex = rnd.next() < 0.55 ? 'female' : 'male';
  out.patient.push({
    id: patientId,
    clinic_id: clinicId,
    given_name: rnd.pick(givenNames[sex]),
    family_name: rnd.pick(familyNames),
    birth_date: `${1940 + rnd.int(60)}-${String(1 + rnd.int(12)).padStart(2, '0')}-${String(1 + rnd.int(28)).padStart(2, '0')}`,
    sex,
    nhs_number: clinic.nextNhs(),
    mrn: `SYN-${plan.i + 1}`,
    email: null,
    phone: null,
    address: null,
    version: 1,
    created_at: iso(referredAt),
    updated_at: iso(referredAt),
  });

  let stage: Stage = 'referred';
  let version = 1;
  let updatedAt = referredAt;
  const by = (a: Actor) => ({ actor_id: a.id, actor_name: a.name, actor_role: a.role });
  const event = (
    who: Actor,
    when: Date,
    name: string,
    move: string | null,
    to: Stage,
    details: Row | null,
    reason: string | null = null,
  ) => {
    out.episode_event.push({
      id: nextId(),
      clinic_id: clinicId,
      episode_id: episodeId,
      at: iso(when),
      event: name,
      move,
      from_stage: name === 'refer' ? null : stage,
      to_stage: to,
      details,
      reason,
      ...by(who),
    });
    if (name !== 'refer') version += 1;
    stage = to;
    updatedAt = when;
  };
  const record = (
    who: Actor,
    when: Date,
    name: string,
    facts: unknown,
    assessment: Partial<Assessment> | null,
  ) => {
    const id = nextId();
    out.step_record.push({
      id,
      clinic_id: clinicId,
      episode_id: episodeId,
      step: name,
      version: 1,
      facts,
      assessment: assessment ? stored(assessment) : null,
      protocol_profile: assessment?.protocol?.profile ?? null,
      protocol_version: assessment?.protocol?.version ?? null,
      settings_version: assessment ? settingsVersion : null,
      override: null,
      amend_reason: null,
      superseded_at: null,
      recorded_by_id: who.id,
      recorded_by_name: who.name,
      recorded_by_role: who.role,
      recorded_at: iso(when),
      imported: false,
    });
    return id;
  };

  event(clinician, referredAt, 'refer', null, 'referred', null);
  const finish = () => {
    out.episode.push({
      id: episodeId,
      clinic_id: clinicId,
      patient_id: patientId,
      stage,
      referrer: 'Dr J. Whitfield',
      referrer_address: 'Riverside Medical Practice\n12 Mill Lane, Exampletown EX1 4CD',
      referred_on: referredAt.toISOString().slice(0, 10),
      reason: rnd.pick(sex === 'female' ? [...reasons, afterPregnancy] : reasons),
      side,
      previous_episode_id: null,
      source_system: null,
      source_id: null,
      version,
      created_at: iso(referredAt),
      updated_at: iso(updatedAt),
    });
    return out;
  };
  if (final === 'referred') return finish();

  // Triage (triage.ts).
  const decline = final === 'declined';
  const triage = once(`triage-facts:${decline}:${purpose}`, () =>
    parsed(
      'triage',
      decline
        ? triageFacts({
            purpose,
            facts: negativeExam,
            decision: 'decline',
            reason: 'Radicular symptoms: referred to the spinal team.',
          })
        : triageFacts({ purpose }),
    ),
  );
  // Triaged within two weeks of the referral, most within a few days.
  const triageAt = step(1 + rnd.int(rnd.next() < 0.8 ? 5 : 13));
  const triaged = once(`triage:${decline}:${purpose}:${side}`, () =>
    assess({
      now: iso(triageAt),
      settings,
      patient: noPatientFacts,
      episode: { purpose, side },
      triage: triage.facts,
    }),
  );
  record(clinician, triageAt, 'triage', triage, { triage: triaged.triage, protocol: triaged.protocol });
  event(
    clinician,
    triageAt,
    'triage.recorded',
    triage.decision,
    decline ? 'declined' : 'triaged',
    { decision: triage.decision, purpose },
    triage.reason ?? null,
  );
  if (final === 'declined' || final === 'triaged') return finish();

  // Screening (screening.ts): not safe yet after a recent infection, otherwise nothing of concern.
  const screenAt = step(4);
  const unsafe = final === 'not-safe-yet';
  const screeningInput = unsafe
    ? parsed(
        'screening',
        screeningFacts(side, {
          screening: {
            infections: [
              {
                description: 'chest infection treated with antibiotics',
                startedAt: iso(new Date(screenAt.getTime() - 10 * DAY)),
                resolvedAt: iso(new Date(screenAt.getTime() - 3 * DAY)),
              },
            ],
          },
        }),
      )
    : once(`screening-facts:${side}`, () => parsed('screening', screeningFacts(side)));
  const screen = (procedureAt: Date | undefined, when: Date) =>
    assess({
      now: iso(when),
      settings,
      patient: screeningInput.patient,
      episode: {
        purpose,
        side: screeningInput.plan.side ?? side,
        procedureAt: procedureAt ? iso(procedureAt) : undefined,
        plannedGuidance: screeningInput.plan.plannedGuidance,
        plannedContrast: screeningInput.plan.plannedContrast,
        plannedSteroidDoseMg: screeningInput.plan.plannedSteroidDoseMg,
        anaesthetic: screeningInput.plan.anaesthetic,
      },
      screening: screeningInput.screening,
    });
  const screened = unsafe
    ? screen(undefined, screenAt)
    : once(`screening:${purpose}:${side}`, () => screen(undefined, screenAt));
  const verdict = screened.screening!;
  if (unsafe !== (verdict.verdict === 'not-safe-yet') || (!unsafe && verdict.blocksScheduling)) {
    throw new Error(`synthetic screening came out ${verdict.verdict}; the payloads no longer fit the rules`);
  }
  const screeningId = record(nurse, screenAt, 'screening', screeningInput, {
    screening: verdict,
    protocol: screened.protocol,
  });
  const stops = verdict.findings
    .filter((f) => f.severity === 'stop')
    .map((f) => f.staffText)
    .join(' ');
  event(
    nurse,
    screenAt,
    'screening.recorded',
    unsafe ? 'defer' : 'screen-safe',
    unsafe ? 'not-safe-yet' : 'screened',
    { seq: 1, verdict: verdict.verdict, blocksScheduling: verdict.blocksScheduling },
    unsafe ? `Not safe yet: ${stops}` : null,
  );
  if (final === 'not-safe-yet' || final === 'screened' || !plan.slot || !plannedAt) return finish();

  // Booking (booking.ts): the instructions are the screening re-run for the planned time.
  const bookAt = step(2);
  const instructions = screen(plannedAt, bookAt).screening!;
  out.booking.push({
    id: nextId(),
    clinic_id: clinicId,
    episode_id: episodeId,
    procedure_list_id: plan.slot.listId,
    planned_at: iso(plannedAt),
    screening_id: screeningId,
    instructions: { screening: instructions },
    settings_version: settingsVersion,
    status: 'booked',
    status_reason: null,
    status_changed_at: null,
    status_changed_by_name: null,
    recorded_by_id: nurse.id,
    recorded_by_name: nurse.name,
    recorded_by_role: nurse.role,
    recorded_at: iso(bookAt),
    imported: false,
  });
  event(nurse, bookAt, 'booking.recorded', 'schedule', 'scheduled', {
    plannedAtLocal: formatLocal(plannedAt, tz),
  });
  if (final === 'scheduled') return finish();

  // The day: check-in, the procedure, recovery, discharge.
  const checkInAt = new Date(plannedAt.getTime() - HOUR);
  const checkIn = once(`check-in-facts:${side}`, () => parsed('check-in', checkInFacts(side)));
  record(nurse, checkInAt, 'check-in', checkIn, null);
  event(nurse, checkInAt, 'check-in.recorded', 'check-in', 'checked-in', { sideMarked: side, version: 1 });
  if (final === 'checked-in') return finish();

  // The procedure under the guidance, with the injectate and complications of the mixes.
  const guidance = plan.guidance ?? weighted(rnd, SYNTHETIC_GUIDANCE_MIX);
  const course = drawTrajectory(rnd, guidance);
  const drugs = drawDrugs(rnd, purpose, guidance);
  const contrastUsed = drugs.some((d) => d.kind === 'contrast');
  const spreadDraw = rnd.next();
  const spread =
    spreadDraw < 0.9 ? 'intra-articular' : spreadDraw < 0.98 ? 'extravasation' : 'vascular-uptake';
  const complications = (Object.entries(SYNTHETIC_COMPLICATION_RATES) as [Complication, number][])
    .filter(([, rate]) => rnd.next() < rate)
    .map(([c]) => c);
  if (contrastUsed && spread === 'vascular-uptake') complications.push('vascular-uptake');
  const screeningSeconds = guidance === 'ultrasound' ? undefined : 10 + rnd.int(50);
  const procedure = parsed(
    'procedure',
    procedureFacts(side, plannedAt, {
      guidance,
      target: rnd.next() < 0.85 ? 'intra-articular' : 'periarticular',
      contrast: contrastUsed ? { used: true, spread } : { used: false },
      drugs,
      radiationDose:
        screeningSeconds === undefined
          ? undefined
          : {
              value: Math.round(screeningSeconds * (guidance === 'ct' ? 30 : 0.6) * 10) / 10,
              unit: 'mGy·cm²',
            },
      fluoroscopySeconds: screeningSeconds,
      durationMinutes: 10 + rnd.int(16),
      complications,
    }),
  );
  const sideCheck = once(`side:${side}:${purpose}`, () =>
    assess({
      now: iso(plannedAt),
      settings,
      patient: noPatientFacts,
      episode: { purpose },
      sideCheck: { planned: side, markedAtCheckIn: side, confirmedAtTimeOut: side, recorded: side },
    }),
  ).side!;
  record(clinician, plannedAt, 'procedure', procedure, { side: sideCheck });
  event(clinician, plannedAt, 'procedure.recorded', 'perform', 'performed', {
    side,
    guidance: procedure.record.guidance,
    version: 1,
  });

  // Recovery scores from the patient's course: a working block takes most of the pain away.
  const { responder } = course;
  const b = course.baselinePain;
  const blockRelief = responder ? Math.min(1, 0.75 + rnd.next() * 0.25) : rnd.next() * 0.3;
  const inBlock = Math.round(b * (1 - blockRelief));
  const recovery = parsed(
    'recovery',
    recoveryFacts(
      plannedAt,
      [
        [1, inBlock],
        [2, inBlock],
        [4, Math.min(b, inBlock + 1)],
      ],
      { baselinePain: b },
    ),
  );
  const recoveredAt = new Date(plannedAt.getTime() + 4 * HOUR);
  const anaesthetic = knownAnaesthetic(procedure.record.drugs);
  const blockFacts = anaesthetic
    ? {
        anaesthetic,
        performedAt: procedure.record.performedAt,
        baselinePain: recovery.baselinePain,
        scores: recovery.scores,
        injectateVolumeMl: injectateVolumeMl(procedure.record.drugs),
        target: procedure.record.target,
      }
    : undefined;
  // recovery.ts also passes procedureAt, which adds a diary schedule the record does not keep;
  // the block and discharge judgements do not depend on it, so it is left out here.
  const recovered = assess({
    now: iso(recoveredAt),
    settings,
    patient: noPatientFacts,
    episode: { purpose, side, anaesthetic },
    discharge: recovery.discharge,
    ...(blockFacts ? { blockResponse: blockFacts } : {}),
  });
  record(nurse, recoveredAt, 'recovery', recovery, {
    blockResponse: recovered.blockResponse,
    discharge: recovered.discharge,
    protocol: recovered.protocol,
  });
  event(nurse, recoveredAt, 'recovery.recorded', null, 'performed', {
    block: recovered.blockResponse?.classification ?? null,
    version: 1,
  });
  if (final === 'performed') return finish();

  const dischargedAt = new Date(plannedAt.getTime() + 4.5 * HOUR);
  record(nurse, dischargedAt, 'discharge', parsed('discharge', {}), { discharge: recovered.discharge });
  event(nurse, dischargedAt, 'discharge.recorded', 'discharge', 'discharged', { overridden: false });
  if (final === 'discharged') return finish();

  const followAt = new Date(plannedAt.getTime() + DAY);
  event(nurse, followAt, 'move', 'start-follow-up', 'following-up', null);

  // When the review and the closing come (drawn now: the diary stops when the episode closes).
  const reviewAt = new Date(Math.min(plannedAt.getTime() + (42 + rnd.int(28)) * DAY, now.getTime() - HOUR));
  const closedAt = new Date(
    Math.min(
      Math.max(reviewAt.getTime() + 7 * DAY, plannedAt.getTime() + (92 + rnd.int(14)) * DAY),
      now.getTime() - HOUR / 2,
    ),
  );
  const diaryEnds = final === 'closed' ? closedAt : now;

  // The pain diary: the prompts the clinical core scheduled, answered most of the time, and for
  // keen patients entries of their own between them, until the patient gives the diary up (the
  // registry's censoring), the episode closes or the diary's weeks are over. Scores follow the
  // patient's course (synthetic-registry.ts).
  const entries: { at: string; pain: number; pgic?: number }[] = [];
  if (clinic.diaries) {
    const performedMs = plannedAt.getTime();
    const stopsAt = Math.min(
      diaryEnds.getTime(),
      performedMs + Math.min(course.dropoutWeek, SYNTHETIC_DIARY.keenUntilWeek) * WEEK,
    );
    const add = (
      entryAt: Date,
      promptAt: string | null,
      kind: string | null,
      answer: { late: boolean; answeredAt: Date } = { late: false, answeredAt: entryAt },
    ) => {
      const weeks = (entryAt.getTime() - performedMs) / WEEK;
      const pain = painAt(rnd, course, weeks);
      const relief = 1 - pain / b;
      const pgic =
        kind === 'week'
          ? Math.max(
              1,
              Math.min(
                7,
                (relief >= 0.7 ? 1 : relief >= 0.5 ? 2 : relief >= 0.3 ? 3 : relief >= 0 ? 4 : 5) +
                  rnd.int(2),
              ),
            )
          : null;
      entries.push({ at: iso(entryAt), pain, ...(pgic !== null ? { pgic } : {}) });
      out.diary_entry.push({
        id: nextId(),
        clinic_id: clinicId,
        episode_id: episodeId,
        at: iso(entryAt),
        prompt_at: promptAt,
        late: answer.late,
        pain,
        pgic,
        opioid_doses: opioidsAt(rnd, course, pain),
        facts: {},
        entered_by_id: `patient:${patientId}`,
        entered_by_role: 'patient',
        entered_at: iso(answer.answeredAt),
        imported: false,
      });
    };
    const schedule = once(`diary:${procedure.record.performedAt}:${purpose}:${anaesthetic}`, () =>
      diarySchedule(new Date(procedure.record.performedAt), purpose, anaesthetic, settings),
    );
    // As the app does: only the prompts due from discharge are sent (follow-up/diary.ts
    // queueDiaryPrompts), and an answer after its prompt's window is late, dated at the prompt
    // (src/domain/diary.ts entryTiming).
    const prompts = schedule.prompts
      .map((p) => ({ ...p, dueAt: new Date(p.dueAt) }))
      .filter((p) => p.dueAt >= dischargedAt);
    for (const [i, prompt] of prompts.entries()) {
      const due = prompt.dueAt.getTime();
      if (due >= stopsAt || rnd.next() >= SYNTHETIC_DIARY.answered) continue;
      const answeredAt = new Date(Math.min(due + rnd.int(90) * 60_000, stopsAt - 1));
      const window = windowEndsAt(prompt, prompts[i + 1], settings.rules.diary.hourlyEveryMinutes);
      const late = answeredAt >= window;
      add(late ? prompt.dueAt : answeredAt, prompt.dueAt.toISOString(), prompt.kind, { late, answeredAt });
    }
    if (course.keen) {
      for (let day = SYNTHETIC_DIARY.keenEveryDays; ; day += SYNTHETIC_DIARY.keenEveryDays) {
        const at = performedMs + day * DAY + (2 + rnd.int(10)) * HOUR;
        if (at >= stopsAt) break;
        add(new Date(at), null, null);
      }
    }
    entries.sort((x, y) => x.at.localeCompare(y.at));
  }
  if (final === 'following-up') return finish();

  // The outcome review (outcome-review.ts): the core's outcome on the block and the diary.
  const reviewedOutcome = assessOutcome({
    now: iso(reviewAt),
    settings,
    patient: noPatientFacts,
    episode: { purpose, procedureAt: procedure.record.performedAt, side, anaesthetic },
    ...(blockFacts ? { blockResponse: blockFacts } : {}),
    diary: {
      baselinePain: recovery.baselinePain,
      entries: entries.filter((e) => e.at <= iso(reviewAt)),
    },
  });
  const decision = outcomeDecision(
    reviewedOutcome?.nextSteps ?? [],
    responder && reviewedOutcome?.responder !== false,
    rnd,
  );
  const review = parsed('outcome-review', { decision, reason: DECISION_REASON[decision] });
  record(clinician, reviewAt, 'outcome-review', review, { outcome: reviewedOutcome });
  event(
    clinician,
    reviewAt,
    'outcome-review.recorded',
    'review-outcome',
    'outcome-reviewed',
    { decision, version: 1 },
    review.reason,
  );
  if (final === 'outcome-reviewed') return finish();

  event(clinician, closedAt, 'move', 'close', 'closed', null);
  // noteOnEpisode gives a closed episode's place on its list back, even after the procedure.
  Object.assign(out.booking[0]!, {
    status: 'cancelled',
    status_reason: stageLabels.closed,
    status_changed_at: iso(closedAt),
    status_changed_by_name: clinician.name,
  });
  return finish();
}

/** Judgements that do not depend on the patient's history (as triage.ts passes them). */
const noPatientFacts = PatientFactsSchema.parse({});

/** A step's facts as the API stores them: parsed by the step's schema (defaults filled in). */
const parsed = <S extends RecordedStep>(step: S, facts: unknown) =>
  stepRules[step].facts.parse(facts) as FactsOf<S>;

function dayParts(day: string) {
  const [year, month, d] = day.split('-').map(Number) as [number, number, number];
  return { year, month, day: d };
}

/**
 * The demo clinician's decision at the outcome review: the clinical core's next step where it is
 * one (a registry whose non-responders were given repeat injections would read as a clinic that
 * ignores its protocol); where the core leaves it to the clinician, or a repeat is not allowed yet,
 * a choice among the others that fits how the patient fared (`relieved`: the course, unless the
 * core read from the diary that relief never reached the threshold).
 */
function outcomeDecision(
  nextSteps: readonly string[],
  relieved: boolean,
  rnd: ReturnType<typeof prng>,
): OutcomeDecision {
  const suggested = nextSteps.find((s): s is OutcomeDecision => OUTCOME_DECISIONS.some((d) => d === s));
  if (suggested) return suggested;
  const repeatRuledOut = nextSteps.some((s) => s.startsWith('repeat-'));
  return relieved && !repeatRuledOut
    ? rnd.pick(['repeat-injection', 'refer-rf-denervation'] as const)
    : rnd.pick(['physiotherapy', 'refer-rf-denervation', 'discharge-from-service'] as const);
}

const DECISION_REASON: Record<OutcomeDecision, string> = {
  'repeat-injection': 'Relief lasted; a repeat injection when the pain returns.',
  'refer-rf-denervation': 'Referred for radiofrequency denervation.',
  physiotherapy: 'Little lasting relief; physiotherapy to build activity.',
  'reconsider-diagnosis': 'Negative block: the SI joint is unlikely to be the source of the pain.',
  'discharge-from-service': 'Discharged to the GP.',
};
