/** Procedure lists: a day's session with its operator, room and number of places. */
import { and, asc, eq, gte, lte, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { Database, Tx } from '../../db/client.ts';
import { booking, procedureList } from '../../db/schema.ts';
import type { Actor } from '../../domain/actor.ts';
import { localDate } from '../../domain/clinical/zoned-time.ts';
import { newListDateProblem } from '../../domain/procedure-lists.ts';
import type { Stage } from '../../domain/stages.ts';
import type { ProcedureList, ProcedureListInput } from '../../shared/api/steps.ts';
import { clinicSettings } from '../clinic/settings.ts';
import { DomainError, notFound } from '../errors.ts';
import { emailOf } from '../patients/patients.ts';

type Row = typeof procedureList.$inferSelect;
/** A list's row as a query returns it, or as the episode page's JSON carries it (times as text). */
type ListRow = Pick<
  Row,
  | 'id'
  | 'date'
  | 'startTime'
  | 'operator'
  | 'room'
  | 'capacity'
  | 'version'
  | 'cancelledReason'
  | 'cancelledByName'
> & { cancelledAt: Date | string | null };

export const presentList = (row: ListRow, booked: number): z.infer<typeof ProcedureList> => ({
  id: row.id,
  date: row.date,
  startTime: row.startTime,
  operator: row.operator,
  room: row.room,
  capacity: row.capacity,
  version: row.version,
  booked,
  cancelled: row.cancelledAt
    ? {
        at: new Date(row.cancelledAt).toISOString(),
        reason: row.cancelledReason ?? '',
        by: row.cancelledByName ?? '',
      }
    : null,
});

export async function createProcedureList(
  db: Database | Tx,
  actor: Actor,
  input: z.infer<typeof ProcedureListInput>,
) {
  const [row] = await db
    .insert(procedureList)
    .values({ ...input, clinicId: actor.clinicId })
    .returning();
  return presentList(row!, 0);
}

/**
 * Staff plan a new list: on today's date in the clinic's time zone or later (the domain's rule,
 * which the form checks too). What records history writes its past lists with createProcedureList.
 */
export async function planProcedureList(
  tx: Tx,
  actor: Actor,
  input: z.infer<typeof ProcedureListInput>,
  now: Date,
) {
  const { settings } = await clinicSettings(tx, actor.clinicId);
  const problem = newListDateProblem(input.date, localDate(now, settings.clinic.timeZone));
  if (problem)
    throw new DomainError('validation_failed', `${problem}.`, {
      errors: [{ field: 'date', message: problem }],
    });
  return createProcedureList(tx, actor, input);
}

/** The clinic's list, locked for the rest of the transaction, as a booking on it locks it. */
export async function lockList(tx: Tx, actor: Actor, id: string): Promise<Row> {
  const [current] = await tx
    .select()
    .from(procedureList)
    .where(and(eq(procedureList.id, id), eq(procedureList.clinicId, actor.clinicId)))
    .for('update');
  if (!current) throw notFound('procedure list');
  return current;
}

/** The clinic's lists between two days, each with its places taken, in one query. */
export async function listsBetween(db: Database, clinicId: string, from?: string, to?: string) {
  // Written out with its tables named: drizzle leaves a column in a select of one table unqualified,
  // so `procedure_list_id = "id"` compared the booking with itself and every list read 0 booked.
  const booked = sql<number>`(select count(*)::int from ${booking} b
    where b.procedure_list_id = ${procedureList}.id and b.status = 'booked')`;
  const rows = await db
    .select({ list: procedureList, booked })
    .from(procedureList)
    .where(
      and(
        eq(procedureList.clinicId, clinicId),
        from ? gte(procedureList.date, from) : undefined,
        to ? lte(procedureList.date, to) : undefined,
      ),
    )
    .orderBy(asc(procedureList.date), asc(procedureList.startTime))
    .limit(200);
  return rows.map((r) => presentList(r.list, r.booked));
}

export interface ListEntry {
  episodeId: string;
  plannedAt: string;
  patient: { name: string; birthDate: string; nhsNumber: string | null; mrn: string | null };
  side: string | null;
  purpose: string | null;
  guidance: string | null;
  stage: Stage;
  /** What the team should know on the day (diabetes, a drug plan, allergies), from the screening. */
  flags: string[];
  /** Whether a change to the list can be emailed to them (patients/tellEach); if not, they are phoned. */
  hasEmail: boolean;
}

/** A list and who is booked on it, in time order: one statement. */
export async function listWithBookings(db: Database, clinicId: string, id: string) {
  const [row] = await db
    .select()
    .from(procedureList)
    .where(and(eq(procedureList.id, id), eq(procedureList.clinicId, clinicId)));
  if (!row) throw notFound('procedure list');
  const { rows } = await db.execute<{
    episode_id: string;
    planned_at: string;
    given_name: string;
    family_name: string;
    birth_date: string;
    nhs_number: string | null;
    mrn: string | null;
    stage: Stage;
    side: string | null;
    purpose: string | null;
    facts: Record<string, unknown> | null;
    has_email: boolean;
  }>(sql`
    select b.episode_id, b.planned_at, p.given_name, p.family_name, p.birth_date, p.nhs_number, p.mrn,
      e.stage, coalesce(s.facts->'plan'->>'side', e.side) as side, t.facts->>'purpose' as purpose, s.facts,
      ${emailOf(sql.raw('p'))} is not null as has_email
    from booking b
      join episode e on e.id = b.episode_id
      join patient p on p.id = e.patient_id
      left join step_record s on s.episode_id = e.id and s.step = 'screening' and s.superseded_at is null
      left join step_record t on t.episode_id = e.id and t.step = 'triage' and t.superseded_at is null
    where b.procedure_list_id = ${id} and b.status = 'booked' and b.clinic_id = ${clinicId}
    order by b.planned_at`);
  const booked = await bookedCount(db, id);
  return {
    list: presentList(row, booked),
    entries: rows.map(
      (r): ListEntry => ({
        episodeId: r.episode_id,
        plannedAt: new Date(r.planned_at).toISOString(),
        patient: {
          name: `${r.given_name} ${r.family_name}`,
          birthDate: r.birth_date,
          nhsNumber: r.nhs_number,
          mrn: r.mrn,
        },
        side: r.side,
        purpose: r.purpose,
        guidance: ((r.facts?.plan ?? {}) as { plannedGuidance?: string }).plannedGuidance ?? null,
        stage: r.stage,
        flags: flagsOf(r.facts),
        hasEmail: r.has_email,
      }),
    ),
  };
}

async function bookedCount(db: Database, id: string) {
  const [r] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(booking)
    .where(and(eq(booking.procedureListId, id), eq(booking.status, 'booked')));
  return r?.n ?? 0;
}

/** The screening facts a list's team needs on the day, in a few words each. */
function flagsOf(facts: Record<string, unknown> | null): string[] {
  if (!facts) return [];
  const patient = (facts.patient ?? {}) as {
    diabetes?: { insulin?: boolean } | null;
    allergies?: string[];
    antithrombotics?: { name: string }[];
  };
  const screening = (facts.screening ?? {}) as { agreedPlans?: { drug: string; decision: string }[] };
  const out: string[] = [];
  if (patient.diabetes) out.push(patient.diabetes.insulin ? 'diabetes (insulin)' : 'diabetes');
  for (const a of patient.allergies ?? []) out.push(`allergy: ${a.replaceAll('-', ' ')}`);
  for (const p of screening.agreedPlans ?? []) out.push(`${p.drug}: ${p.decision}`);
  const planned = new Set((screening.agreedPlans ?? []).map((p) => p.drug.toLowerCase()));
  for (const d of patient.antithrombotics ?? []) if (!planned.has(d.name.toLowerCase())) out.push(d.name);
  return out;
}

/** The list as CSV for a spreadsheet or a printout: one row per patient, in time order. */
export function listCsv(entries: ListEntry[], timeZone: string): string {
  const cell = (v: string | null) => {
    const t = v ?? '';
    // Quote every cell; a leading formula character is neutralised so a spreadsheet never runs it.
    const safe = /^[=+\-@\t\r]/.test(t) ? `'${t}` : t;
    return `"${safe.replace(/"/g, '""')}"`;
  };
  const time = (iso: string) =>
    new Intl.DateTimeFormat('en-GB', {
      timeZone,
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    }).format(new Date(iso));
  const header = [
    'time',
    'patient',
    'date of birth',
    'NHS number',
    'MRN',
    'side',
    'purpose',
    'guidance',
    'notes',
  ];
  const lines = entries.map((e) =>
    [
      time(e.plannedAt),
      e.patient.name,
      e.patient.birthDate,
      e.patient.nhsNumber,
      e.patient.mrn,
      e.side,
      e.purpose,
      e.guidance,
      e.flags.join('; '),
    ]
      .map(cell)
      .join(','),
  );
  return `${[header.map(cell).join(','), ...lines].join('\r\n')}\r\n`;
}
