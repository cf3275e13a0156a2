/**
 * outcome_summary, which the dashboard reads, follows every write in the writer's transaction:
 * after inserts, updates and deletes of diary entries and amended records (made as the app's own
 * role, which may not write the summary itself) it equals the table rebuilt from the records, and a
 * change of the clinic's response threshold counts against it without a rebuild. (That the
 * dashboard read from it answers exactly what the per-request aggregation over the diary did was
 * proved against that query under several filter sets when the table came in; docs/adr/0005.)
 */
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/support/database.ts';
import { DashboardQuery } from '../../shared/api/dashboard.ts';
import { seedSynthetic } from '../demo/synthetic.ts';
import { dashboard } from './query.ts';

let t: TestDatabase;
let app: pg.Client;
let clinicId: string;
const now = new Date('2026-11-30T10:00:00Z');

beforeAll(async () => {
  t = await createTestDatabase();
  ({ clinicId } = await seedSynthetic(t.db, { episodes: 300, seed: 11, diaries: true, perDay: 4, now }));
  app = new pg.Client({ connectionString: t.appUrl });
  await app.connect();
}, 180_000);
afterAll(() => app?.end());

const rows = async () =>
  (
    await t.db.execute(sql`select to_jsonb(s) as row from outcome_summary s
      where clinic_id = ${clinicId} order by episode_id`)
  ).rows;

describe('the outcome summary', () => {
  test('follows new, changed and removed diary entries and amended records in the same transaction', async () => {
    const before = await rows();
    await app.query('begin');
    // A recovery record amended: a new baseline pain moves every relief threshold of its episodes.
    await app.query(
      `update step_record set facts = jsonb_set(facts, '{baselinePain}', '9')
      where id in (select id from step_record where clinic_id = $1 and step = 'recovery'
        and superseded_at is null order by id limit 40)`,
      [clinicId],
    );
    // Relief that returns, entries removed, and entries whose pain is changed.
    await app.query(
      `insert into diary_entry (clinic_id, episode_id, at, pain, entered_by_id, entered_by_role)
      select clinic_id, episode_id, max(at) + interval '3 days', 0, 'test', 'patient'
      from diary_entry where clinic_id = $1 group by clinic_id, episode_id order by episode_id limit 60`,
      [clinicId],
    );
    await app.query(
      `delete from diary_entry where id in
      (select id from diary_entry where clinic_id = $1 order by id limit 300)`,
      [clinicId],
    );
    await app.query(
      `update diary_entry set pain = 10 - pain where id in
      (select id from diary_entry where clinic_id = $1 order by id desc limit 300)`,
      [clinicId],
    );
    // Episodes moved on (a new stage and version), and every episode's version bumped, as each save does.
    await app.query(
      `update episode set stage = 'declined', version = version + 1 where id in
      (select id from episode where clinic_id = $1 and stage = 'referred' order by id limit 10)`,
      [clinicId],
    );
    await app.query('update episode set version = version + 1 where clinic_id = $1', [clinicId]);
    await app.query('commit');
    const followed = await rows();
    expect(followed).not.toEqual(before);
    await t.db.execute(sql`select outcome_summary_rebuild(${clinicId})`);
    expect(followed).toEqual(await rows());
  }, 120_000);

  test("a clinic's change of time zone moves its triage and procedure days at once", async () => {
    const days = async () =>
      (
        await t.db.execute<{ days: string[]; wrong: number }>(sql`select
          array_agg(coalesce(triaged_on::text, '-') || ' ' || coalesce(procedure_on::text, '-')
            order by episode_id) as days,
          count(*) filter (where triaged_on is distinct from (triage_at at time zone c.time_zone)::date
            or procedure_on is distinct from (procedure_at at time zone c.time_zone)::date)::int as wrong
          from outcome_summary s join clinic c on c.id = s.clinic_id where s.clinic_id = ${clinicId}`)
      ).rows[0]!;
    const before = await days();
    expect(before.wrong).toBe(0);
    const [{ time_zone: was }] = (await app.query('select time_zone from clinic where id = $1', [clinicId]))
      .rows;
    // Fourteen hours east of UTC: a morning's triage or injection in London is the next day there.
    await app.query(`update clinic set time_zone = 'Pacific/Kiritimati' where id = $1`, [clinicId]);
    const moved = await days();
    expect(moved.wrong).toBe(0);
    expect(moved.days).not.toEqual(before.days);
    await app.query('update clinic set time_zone = $2 where id = $1', [clinicId, was]);
    expect(await days()).toEqual(before);
  });

  test("the app's role reads the summary but cannot write it", async () => {
    const tryApp = (statement: string) =>
      app.query(statement).then(
        () => 'done',
        (error: Error) => error.message,
      );
    expect(await tryApp('select count(*) from outcome_summary')).toBe('done');
    expect(await tryApp('update outcome_summary set w6 = 0')).toMatch(/permission denied/);
    expect(await tryApp('delete from outcome_summary')).toMatch(/permission denied/);
  });

  test('a stricter protocol threshold counts fewer responders at once, from the same rows', async () => {
    const half = await dashboard(t.db, clinicId, DashboardQuery.parse({}), now);
    await t.db.execute(sql`update clinic set settings = jsonb_set(settings, '{protocol,overrides}',
      '{"repeatTherapeutic": {"percent": 70, "comparator": ">", "lasting": "P3M"}}'),
      version = version + 1 where id = ${clinicId}`);
    const d = await dashboard(t.db, clinicId, DashboardQuery.parse({}), now);
    expect(d.thresholds.protocol?.percent).toBe(70);
    const all = (x: typeof d, threshold: string, week: number) =>
      x.responders.find((r) => r.threshold === threshold && r.week === week && r.group === null)!;
    for (const week of [2, 6]) {
      const [loose, strict] = [all(half, 'half', week), all(d, 'protocol', week)];
      expect(strict.trials).toBe(loose.trials);
      expect(Number(strict.successes)).toBeLessThan(Number(loose.successes));
    }
    const curve = d.duration.find((x) => x.threshold.key === 'protocol')!;
    expect(Number(curve.groups[0]!.n)).toBeLessThan(Number(d.duration[0]!.groups[0]!.n));
  }, 120_000);
});
