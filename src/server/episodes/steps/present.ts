/**
 * Step records as the API returns them (src/shared/api/steps.ts EpisodeSteps): the current
 * version of each step, every screening call, every booking, and the earlier versions kept.
 */
import type { z } from 'zod';
import type { booking, procedureList, stepRecord } from '../../../db/schema.ts';
import { type Assessment, preparation } from '../../../domain/clinical/index.ts';
import type { FactsOf, RecordedStep } from '../../../domain/steps.ts';
import type { EpisodeSteps } from '../../../shared/api/steps.ts';
import { presentList } from '../../procedure-lists/lists.ts';
import { schedulingBlockedBecause } from './screening.ts';

type Steps = z.infer<typeof EpisodeSteps>;
/** A step_record row as read back in JSON: its times are strings. */
export type StepRow = Omit<typeof stepRecord.$inferSelect, 'recordedAt' | 'supersededAt'> & {
  recordedAt: string | Date;
  supersededAt: string | Date | null;
};
export type BookingRow = Omit<typeof booking.$inferSelect, 'recordedAt' | 'plannedAt'> & {
  recordedAt: string | Date;
  plannedAt: string | Date;
  list: Record<string, unknown>;
  listBooked: number;
};

const iso = (t: string | Date) => new Date(t).toISOString();

/** Who recorded a step version or a booking, when, and whether it came in by import. */
const recorded = (r: StepRow | BookingRow) => ({
  recordedBy: { name: r.recordedByName, role: r.recordedByRole },
  recordedAt: iso(r.recordedAt),
  imported: r.imported,
});
const versioned = (r: StepRow) => ({
  id: r.id,
  version: r.version,
  amendReason: r.amendReason,
  settingsVersion: r.settingsVersion,
  ...recorded(r),
});
const protocol = (r: StepRow) => ({ profile: r.protocolProfile ?? '', version: r.protocolVersion ?? '' });
const facts = <S extends RecordedStep>(r: StepRow) => r.facts as FactsOf<S>;
const judged = (r: StepRow) => (r.assessment ?? {}) as Partial<Assessment>;

/** Snake-case row JSON (as to_jsonb gives it) to the camel-case fields drizzle would give. */
export function camel<T>(o: Record<string, unknown>): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) out[k.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase())] = v;
  return out as T;
}

/**
 * A booking as the page shows it. The patient's instructions are the preparation for the
 * procedure (src/domain/clinical/instructions.ts) from the screening re-run for the booked time,
 * also when a clinician's recorded override let a not-safe-yet verdict be booked; none at all
 * while the latest screening says not safe yet (the procedure is not going ahead as booked).
 */
function presentBooking(
  b: BookingRow,
  context: { overridden: boolean; notSafeNow: boolean },
): NonNullable<Steps['booking']> {
  const l = camel<typeof procedureList.$inferSelect>(b.list);
  const screening = b.instructions.screening as NonNullable<Assessment['screening']>;
  const forPatient = context.notSafeNow
    ? []
    : preparation(screening, { overridden: context.overridden }).map((i) => i.text);
  return {
    id: b.id,
    procedureList: presentList(l, Number(b.listBooked)),
    plannedAt: iso(b.plannedAt),
    instructions: {
      forPatient,
      screening,
    },
    status: b.status,
    statusReason: b.statusReason,
    settingsVersion: b.settingsVersion,
    ...recorded(b),
  };
}

/** Rows of one episode (any order) into the page's steps. */
export function presentSteps(rows: StepRow[], bookings: BookingRow[]): Steps {
  const current = new Map<string, StepRow>();
  const earlier: Steps['earlier'] = [];
  const screenings: StepRow[] = [];
  for (const r of rows) {
    if (r.step === 'screening') screenings.push(r);
    else if (r.supersededAt === null) current.set(r.step, r);
    else {
      earlier.push({
        step: r.step,
        id: r.id,
        version: r.version,
        facts: r.facts as Record<string, unknown>,
        amendReason: r.amendReason,
        supersededAt: iso(r.supersededAt),
        ...recorded(r),
      });
    }
  }
  screenings.sort((a, b) => b.version - a.version);
  earlier.sort((a, b) => b.supersededAt.localeCompare(a.supersededAt));
  const at = (step: RecordedStep) => current.get(step);
  const t = at('triage');
  const c = at('check-in');
  const p = at('procedure');
  const rec = at('recovery');
  const d = at('discharge');
  const o = at('outcome-review');
  const latest = screenings[0];
  const judgedLatest = latest ? judged(latest).screening : undefined;
  const notSafeNow = judgedLatest?.verdict === 'not-safe-yet' && !latest?.override;
  const presented = bookings.map((b) =>
    presentBooking(b, {
      overridden: Boolean(screenings.find((s) => s.id === b.screeningId)?.override),
      notSafeNow,
    }),
  );
  const currentOf = (r: StepRow) => ({
    ...versioned(r),
    step: r.step,
    facts: r.facts as Record<string, unknown>,
    assessment: r.assessment,
    protocol: r.protocolProfile ? protocol(r) : null,
  });
  return {
    current: Object.fromEntries(
      [...current.values(), ...(latest ? [latest] : [])].map((r) => [r.step, currentOf(r)]),
    ),
    triage: t
      ? {
          ...versioned(t),
          ...facts<'triage'>(t),
          reason: facts<'triage'>(t).reason ?? null,
          assessment: judged(t).triage!,
          protocol: protocol(t),
        }
      : null,
    screenings: screenings.map((s) => ({
      ...versioned(s),
      seq: s.version,
      facts: facts<'screening'>(s),
      assessment: judged(s).screening!,
      protocol: protocol(s),
      override: s.override ? { reason: s.override.reason, by: s.override.byName, at: s.override.at } : null,
    })),
    booking: presented.find((b) => b.status === 'booked') ?? null,
    bookings: presented,
    checkIn: c ? { ...versioned(c), ...facts<'check-in'>(c) } : null,
    procedure: p ? { ...versioned(p), ...facts<'procedure'>(p), side: judged(p).side! } : null,
    recovery: rec
      ? {
          ...versioned(rec),
          facts: facts<'recovery'>(rec),
          assessment: { blockResponse: judged(rec).blockResponse ?? null, discharge: judged(rec).discharge! },
          protocol: protocol(rec),
        }
      : null,
    discharge: d
      ? {
          ...versioned(d),
          overrideReason: facts<'discharge'>(d).overrideReason ?? null,
          assessment: { discharge: judged(d).discharge! },
        }
      : null,
    outcomeReview: o
      ? { ...versioned(o), ...facts<'outcome-review'>(o), assessment: { outcome: judged(o).outcome ?? null } }
      : null,
    earlier,
    schedulingBlockedBecause: schedulingBlockedBecause(latest),
  };
}
