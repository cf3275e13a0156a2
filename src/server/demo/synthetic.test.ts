import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, test } from 'vitest';
import { createTestApp, inClinicZone, type TestApp } from '../../../test/support/api.ts';
import { createTestDatabase } from '../../../test/support/database.ts';
import { buildPatient } from '../../../test/support/factories.ts';
import type { Database } from '../../db/client.ts';
import { localDate } from '../../domain/clinical/zoned-time.ts';
import type { Stage } from '../../domain/pathway.ts';
import { checkInFacts, procedureFacts, recoveryFacts, screeningFacts, triageFacts } from './payloads.ts';
import { type SyntheticClinic, SyntheticClinicExists, seedSynthetic, tables } from './synthetic.ts';

let t: TestApp;
let clinic: SyntheticClinic;
let cookie: string;
const now = new Date();

beforeAll(async () => {
  t = await createTestApp();
  clinic = await seedSynthetic(t.db, { episodes: 300, seed: 7, diaries: true, perDay: 16, now });
  cookie = await t.signIn(clinic.users.clinician.email, clinic.password);
}, 120_000);

const get = (url: string, as = cookie) => t.app.inject({ method: 'GET', url, headers: { cookie: as } });

async function episodesAt(stage: Stage, limit = 3): Promise<string[]> {
  const { rows } = await t.db.execute<{ id: string }>(
    sql`select id from episode where clinic_id = ${clinic.clinicId} and stage = ${stage} order by id limit ${limit}`,
  );
  return rows.map((r) => r.id);
}

describe('a synthetic clinic', () => {
  test('has episodes at every stage, and the same seed makes the same clinic', async () => {
    for (const [stage, n] of Object.entries(clinic.stages)) {
      const { rows } = await t.db.execute<{ n: number }>(
        sql`select count(*)::int as n from episode where clinic_id = ${clinic.clinicId} and stage = ${stage}`,
      );
      expect(rows[0]!.n, stage).toBe(n);
    }
    expect(Object.values(clinic.stages).filter((n) => n > 0).length).toBeGreaterThanOrEqual(10);
    const again = await seedSynthetic(t.db, { episodes: 300, seed: 7, now, perDay: 16, clinicName: 'Again' });
    expect(again.stages).toEqual(clinic.stages);
    expect(again.busyDay).toBe(clinic.busyDay);
  });

  test('the same seed into two databases makes the same registry, ids and all', async () => {
    const at = new Date('2026-11-30T10:00:00Z');
    const dump = async (db: Database) => {
      const made = await seedSynthetic(db, { episodes: 120, seed: 42, diaries: true, perDay: 8, now: at });
      const out: Record<string, unknown> = { clinicId: made.clinicId, users: made.users };
      for (const table of [...tables, 'procedure_list']) {
        const { rows } = await db.execute(
          sql`select * from ${sql.identifier(table)} where clinic_id = ${made.clinicId} order by id`,
        );
        out[table] = rows;
      }
      return out;
    };
    const [a, b] = await Promise.all([createTestDatabase(), createTestDatabase()]);
    const first = await dump(a.db);
    const second = await dump(b.db);
    expect((first.diary_entry as unknown[]).length).toBeGreaterThan(100);
    expect(second).toEqual(first);
    // Seeding the same seed and name again into one database is refused: it would make the same ids.
    await expect(
      seedSynthetic(a.db, { episodes: 5, seed: 42, diaries: true, perDay: 8, now: at }),
    ).rejects.toBeInstanceOf(SyntheticClinicExists);
  }, 120_000);

  test('the mixes and the trajectories show: guidance, operators, censoring, relief that fades', async () => {
    // One procedure a day: 250 episodes reach back most of a year, long enough to see relief fade.
    const spread = await seedSynthetic(t.db, {
      episodes: 250,
      seed: 5,
      diaries: true,
      perDay: 1,
      now,
      clinicName: 'Spread out',
    });
    const id = spread.clinicId;
    const { rows: guidance } = await t.db.execute<{ guidance: string }>(sql`
      select distinct facts->'record'->>'guidance' as guidance from step_record
      where clinic_id = ${id} and step = 'procedure'`);
    expect(guidance.map((g) => g.guidance).sort()).toEqual(['ct', 'fluoroscopy', 'ultrasound']);
    const { rows: operators } = await t.db.execute<{ n: number }>(
      sql`select count(distinct operator)::int as n from procedure_list where clinic_id = ${id}`,
    );
    expect(operators[0]!.n).toBeGreaterThan(1);
    // Among patients whose block worked, pain is lower in weeks 1-3 than in weeks 12-20.
    const { rows } = await t.db.execute<{ early: number; late: number }>(sql`
      select avg(d.pain) filter (where d.at - p.recorded_at between interval '7 days' and interval '21 days')::float as early,
        avg(d.pain) filter (where d.at - p.recorded_at between interval '84 days' and interval '140 days')::float as late
      from diary_entry d
      join step_record p on p.episode_id = d.episode_id and p.step = 'procedure'
      join step_record r on r.episode_id = d.episode_id and r.step = 'recovery'
      where d.clinic_id = ${id} and r.assessment->'blockResponse'->>'classification' <> 'negative'`);
    expect(rows[0]!.early).toBeLessThan(rows[0]!.late - 1);
    // Some diaries stop early (censoring): of the episodes injected 20 weeks ago or more, some
    // have no entry after week 10, and more do.
    const { rows: followed } = await t.db.execute<{ stopped: number; kept: number }>(sql`
      select count(*) filter (where last < p.recorded_at + interval '70 days')::int as stopped,
        count(*) filter (where last >= p.recorded_at + interval '70 days')::int as kept
      from episode e join step_record p on p.episode_id = e.id and p.step = 'procedure'
      cross join lateral (select max(d.at) as last from diary_entry d where d.episode_id = e.id) l
      where e.clinic_id = ${id} and p.recorded_at < ${new Date(now.getTime() - 20 * 7 * 86_400_000).toISOString()}::timestamptz`);
    expect(followed[0]!.stopped).toBeGreaterThan(0);
    expect(followed[0]!.kept).toBeGreaterThan(followed[0]!.stopped);
  }, 60_000);

  test('a patient’s name and referral fit their sex: no Fatima who is male, no man after pregnancy', async () => {
    const { rows } = await t.db.execute<{ given: string; sex: string; reason: string }>(sql`
      select p.given_name as given, p.sex, e.reason from patient p join episode e on e.patient_id = p.id
      where p.clinic_id = ${clinic.clinicId}`);
    expect(rows.length).toBeGreaterThan(100);
    const names = (sex: string) => new Set(rows.filter((r) => r.sex === sex).map((r) => r.given));
    const shared = [...names('female')].filter((n) => names('male').has(n));
    expect(shared).toEqual([]);
    expect(rows.filter((r) => r.sex === 'male' && /pregnan/i.test(r.reason))).toEqual([]);
  });

  test('the demo clinician decides as the clinical core suggests, never a repeat it rules out', async () => {
    const { rows } = await t.db.execute<{ decision: string; steps: string[] }>(sql`
      select facts->>'decision' as decision, assessment->'outcome'->'nextSteps' as steps
      from step_record where clinic_id = ${clinic.clinicId} and step = 'outcome-review'`);
    expect(rows.length).toBeGreaterThan(20);
    const decisions = ['repeat-injection', 'refer-rf-denervation', 'physiotherapy', 'reconsider-diagnosis'];
    for (const { decision, steps } of rows) {
      const suggested = steps.find((s) => decisions.includes(s));
      if (suggested) expect(decision).toBe(suggested);
      if (steps.some((s) => s === 'repeat-not-allowed-yet' || s === 'repeat-cap-reached'))
        expect(decision).not.toBe('repeat-injection');
    }
    // A non-responder's review does not give a repeat injection.
    const { rows: repeats } = await t.db.execute<{ n: number }>(sql`
      select count(*)::int as n from step_record
      where clinic_id = ${clinic.clinicId} and step = 'outcome-review'
        and facts->>'decision' = 'repeat-injection' and (assessment->'outcome'->>'responder')::boolean is false`);
    expect(repeats[0]!.n).toBe(0);
  });

  test('every episode page reads back, whatever its stage', async () => {
    const stages = Object.entries(clinic.stages).filter(([, n]) => n > 0);
    for (const [stage] of stages) {
      for (const id of await episodesAt(stage as Stage)) {
        const res = await get(`/api/episodes/${id}`);
        expect(res.statusCode, `${stage}: ${res.body.slice(0, 300)}`).toBe(200);
        const page = res.json();
        expect(page.stage).toBe(stage);
        // The version counts the timeline's events after the referral, as noteOnEpisode bumps it.
        expect(page.version).toBe(page.events.length);
      }
    }
  });

  test('a busy day’s worklist holds every place booked that day, in time order', async () => {
    const res = await get(`/api/episodes?date=${clinic.busyDay}`);
    expect(res.statusCode).toBe(200);
    const { items, countsByStage } = res.json() as {
      items: { plannedAt: string }[];
      countsByStage: Record<string, number>;
    };
    expect(items).toHaveLength(16);
    expect(items.map((i) => i.plannedAt)).toEqual(items.map((i) => i.plannedAt).sort());
    expect(Object.values(countsByStage).reduce((a, b) => a + b, 0)).toBe(16);
  });

  test('patients past their procedure keep a pain diary at the scheduled prompts', async () => {
    expect(clinic.diaryEntries).toBeGreaterThan(0);
    const { rows } = await t.db.execute<{ late: number; before: number }>(sql`
      select count(*) filter (where d.at < s.recorded_at)::int as before, count(*) filter (where d.late)::int as late
      from diary_entry d join step_record s on s.episode_id = d.episode_id and s.step = 'procedure'
      where d.clinic_id = ${clinic.clinicId}`);
    expect(rows[0]).toEqual({ before: 0, late: 0 });
  });
});

/**
 * The generator writes in bulk what the step commands write one by one. Walk one episode through
 * the API and compare it, stripped of ids, times and names, with a synthetic one at the same
 * stage: if a step's command changes what it records, this fails until the generator follows.
 */
describe('a synthetic episode reads like one recorded through the API', () => {
  const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
  const instant = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;
  /** The shape of a value: keys and types all the way down, the first element of each list. */
  function shape(v: unknown): unknown {
    if (Array.isArray(v)) return v.length ? [shape(v[0])] : [];
    if (v && typeof v === 'object') {
      return Object.fromEntries(
        Object.entries(v)
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([k, x]) => [k, shape(x)]),
      );
    }
    if (typeof v === 'string') return uuid.test(v) ? 'uuid' : instant.test(v) ? 'instant' : 'string';
    return v === null ? null : typeof v;
  }

  async function walkedToClosed() {
    const patient = await buildPatient(t.db, t.clinic.id);
    const call = async (who: 'nurse' | 'clinician', method: 'PUT' | 'POST', url: string, body: object) => {
      const res = await t.as(who, { method, url, payload: body });
      expect(res.statusCode, res.body.slice(0, 500)).toBeLessThan(300);
      return res.json();
    };
    let e = await call('nurse', 'POST', `/api/patients/${patient.id}/episodes`, {
      referrer: 'Dr J. Whitfield',
      referredOn: now.toISOString().slice(0, 10),
      reason: 'Buttock pain',
      side: 'left',
    });
    const at = (step: string) => `/api/episodes/${e.id}/${step}`;
    e = await call('clinician', 'PUT', at('triage'), {
      ...triageFacts({ purpose: 'both' }),
      version: e.version,
    });
    e = await call('nurse', 'POST', at('screenings'), { ...screeningFacts('left'), version: e.version });
    // Today in the clinic's zone, at its first minute: check-in is on the booked day, and the
    // procedure is recorded at the booked time, which has passed — by about twelve hours, so that
    // the block's scores (recoveryFacts: 1, 2 and 4 h after) have been taken whatever the hour.
    const list = await call('nurse', 'POST', '/api/procedure-lists', {
      date: localDate(new Date(), noonZone),
      startTime: '00:00',
      operator: 'Dr Test',
      room: 'Theatre 1',
      capacity: 8,
    });
    e = await call('nurse', 'PUT', at('booking'), {
      procedureListId: list.id,
      time: '00:00',
      version: e.version,
    });
    e = await call('nurse', 'PUT', at('check-in'), { ...checkInFacts('left'), version: e.version });
    const performedAt = new Date(e.steps.booking.plannedAt);
    e = await call('clinician', 'PUT', at('procedure'), {
      ...procedureFacts('left', performedAt),
      version: e.version,
    });
    e = await call('nurse', 'PUT', at('recovery'), { ...recoveryFacts(performedAt), version: e.version });
    e = await call('nurse', 'POST', at('discharge'), { version: e.version });
    e = await call('nurse', 'POST', at('moves'), { move: 'start-follow-up', version: e.version });
    e = await call('clinician', 'PUT', at('outcome-review'), {
      decision: 'repeat-injection',
      reason: 'Good relief from the block.',
      version: e.version,
    });
    e = await call('clinician', 'POST', at('moves'), { move: 'close', version: e.version });
    return (await t.as('clinician', { method: 'GET', url: `/api/episodes/${e.id}` })).json();
  }

  /** A procedure recorded as procedureFacts' default is: fluoroscopy, contrast first, no complications. */
  const likeTheWalkedOne = sql`p.facts->'record'->>'guidance' = 'fluoroscopy' and p.facts->'record'->>'side' = 'left'
    and p.facts->'record'->'complications' = '[]'::jsonb and p.facts->'record'->'drugs'->0->>'kind' = 'contrast'
    and p.facts->'record'->'drugs'->2->>'kind' = 'steroid'`;

  /**
   * A zone where it is about noon now (Etc/GMT-N is N hours ahead of UTC). The walk books today's
   * list at midnight; in the clinic's own zone, between midnight and four, its block scores would
   * lie in the future and the block not read as the synthetic one is.
   */
  const noonZone = (() => {
    const ahead = 12 - new Date().getUTCHours();
    return ahead === 0 ? 'Etc/UTC' : `Etc/GMT${ahead > 0 ? '-' : '+'}${Math.abs(ahead)}`;
  })();

  test('closed: the same timeline, steps and judgements', async () => {
    const real = await inClinicZone(t, noonZone, walkedToClosed);
    // A synthetic closed episode whose block worked, like the walked one's (recoveryFacts' default scores).
    const { rows } = await t.db.execute<{ id: string }>(sql`
      select e.id from episode e join step_record r on r.episode_id = e.id and r.step = 'recovery'
      join step_record s on s.episode_id = e.id and s.step = 'triage'
      join step_record p on p.episode_id = e.id and p.step = 'procedure' and ${likeTheWalkedOne}
      where e.clinic_id = ${clinic.clinicId} and e.stage = 'closed'
        and r.assessment->'blockResponse'->>'classification' <> 'negative' and s.facts->>'purpose' = 'both'
        and not exists (select 1 from diary_entry d where d.episode_id = e.id)
      limit 1`);
    let synthetic: typeof real;
    if (rows[0]) synthetic = (await get(`/api/episodes/${rows[0].id}`)).json();
    else {
      // Every closed synthetic episode kept a diary: make a clinic without diaries to compare with.
      const plain = await seedSynthetic(t.db, { episodes: 200, seed: 11, now, perDay: 16 });
      const plainCookie = await t.signIn(plain.users.clinician.email, plain.password);
      const { rows: found } = await t.db.execute<{ id: string }>(sql`
        select e.id from episode e join step_record r on r.episode_id = e.id and r.step = 'recovery'
        join step_record s on s.episode_id = e.id and s.step = 'triage'
        join step_record p on p.episode_id = e.id and p.step = 'procedure' and ${likeTheWalkedOne}
        where e.clinic_id = ${plain.clinicId} and e.stage = 'closed'
          and r.assessment->'blockResponse'->>'classification' <> 'negative' and s.facts->>'purpose' = 'both'
        limit 1`);
      synthetic = (await get(`/api/episodes/${found[0]!.id}`, plainCookie)).json();
    }

    const timeline = (p: typeof real) =>
      p.events.map((v: Record<string, unknown>) => [v.event, v.move, v.fromStage, v.toStage]);
    expect(timeline(synthetic)).toEqual(timeline(real));
    expect(synthetic.version).toBe(real.version);
    expect(synthetic.allowedMoves).toEqual(real.allowedMoves);
    expect(Object.keys(synthetic.steps.current).sort()).toEqual(Object.keys(real.steps.current).sort());
    for (const part of [
      'triage',
      'booking',
      'checkIn',
      'procedure',
      'recovery',
      'discharge',
      'outcomeReview',
    ]) {
      expect(shape(synthetic.steps[part]), part).toEqual(shape(real.steps[part]));
    }
    expect(shape(synthetic.steps.screenings)).toEqual(shape(real.steps.screenings));
    expect(synthetic.steps.screenings[0].assessment.verdict).toBe(
      real.steps.screenings[0].assessment.verdict,
    );
    expect(synthetic.steps.triage.assessment).toEqual(real.steps.triage.assessment);
    expect(synthetic.steps.recovery.assessment.blockResponse.classification).toBe(
      real.steps.recovery.assessment.blockResponse.classification,
    );
    expect(synthetic.steps.recovery.assessment.discharge).toEqual(real.steps.recovery.assessment.discharge);
    expect(synthetic.steps.procedure.side).toEqual(real.steps.procedure.side);
    expect(synthetic.steps.schedulingBlockedBecause).toBe(real.steps.schedulingBlockedBecause);
  }, 60_000);
});
