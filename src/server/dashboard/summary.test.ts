/**
 * The dashboard read from outcome_summary answers exactly what the per-request aggregation over
 * the step tables and the diary answered (query-before.ts, kept only to prove this), on a
 * synthetic registry under several filter sets, after writes the triggers must follow, and after
 * the clinic's response threshold changes.
 */
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, test } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/support/database.ts';
import { type DashboardFilters, DashboardQuery } from '../../shared/api/dashboard.ts';
import { seedSynthetic } from '../demo/synthetic.ts';
import { dashboard } from './query.ts';
import { dashboard as before } from './query-before.ts';

let t: TestDatabase;
let clinicId: string;
const now = new Date('2026-11-30T10:00:00Z');

beforeAll(async () => {
  t = await createTestDatabase();
  ({ clinicId } = await seedSynthetic(t.db, { episodes: 400, seed: 11, diaries: true, perDay: 4, now }));
}, 180_000);

const filterSets: Partial<DashboardFilters>[] = [
  {},
  { compare: 'guidance' },
  { compare: 'injectate', from: '2026-03-01', to: '2026-09-30' },
  { compare: 'purpose', guidance: 'ultrasound' },
  { compare: 'operator', injectate: 'steroid' },
  { injectate: 'anaesthetic-only', purpose: 'diagnostic' },
  { indication: 'si-joint-dysfunction', compare: 'guidance' },
];

async function expectSame() {
  const ops = await dashboard(t.db, clinicId, DashboardQuery.parse({}), now);
  const sets = [...filterSets, ...ops.options.operators.slice(0, 2).map((o) => ({ operator: o.id }))];
  for (const f of sets) {
    const filters = DashboardQuery.parse(f);
    const [a, b] = [
      await before(t.db, clinicId, filters, now),
      await dashboard(t.db, clinicId, filters, now),
    ];
    expect(b, JSON.stringify(f)).toEqual(a);
  }
  return ops;
}

describe('the outcome summary', () => {
  test('answers as the aggregation over the diary did, under every filter', async () => {
    const d = await expectSame();
    // Not an empty registry agreeing with itself.
    expect(d.duration[0]!.groups.length).toBeGreaterThan(0);
    expect(d.responders.some((r) => typeof r.trials === 'number' && r.trials > 20)).toBe(true);
  }, 120_000);

  test('follows new, changed and removed diary entries and amended records in the same transaction', async () => {
    await t.db.transaction(async (tx) => {
      // A recovery record amended: a new baseline pain moves every relief threshold of its episodes.
      await tx.execute(sql`update step_record set facts = jsonb_set(facts, '{baselinePain}', '9')
        where id in (select id from step_record where clinic_id = ${clinicId} and step = 'recovery'
          and superseded_at is null order by id limit 40)`);
      // Relief that returns, entries removed and an entry whose pain is changed.
      await tx.execute(sql`insert into diary_entry (clinic_id, episode_id, at, pain, entered_by_id, entered_by_role)
        select clinic_id, episode_id, max(at) + interval '3 days', 0, 'test', 'patient'
        from diary_entry where clinic_id = ${clinicId} group by clinic_id, episode_id order by episode_id limit 60`);
      await tx.execute(sql`delete from diary_entry where id in
        (select id from diary_entry where clinic_id = ${clinicId} order by id limit 300)`);
      await tx.execute(sql`update diary_entry set pain = 10 - pain where id in
        (select id from diary_entry where clinic_id = ${clinicId} order by id desc limit 300)`);
    });
    await expectSame();
  }, 120_000);

  test("follows a change of the clinic's response threshold without a recount", async () => {
    await t.db.execute(sql`update clinic set settings = jsonb_set(settings, '{protocol,overrides}',
      '{"repeatTherapeutic": {"percent": 70, "comparator": ">", "lasting": "P3M"}}'),
      version = version + 1 where id = ${clinicId}`);
    const d = await expectSame();
    expect(d.thresholds.protocol?.percent).toBe(70);
    expect(d.duration.map((x) => x.threshold.key)).toEqual(['half', 'protocol']);
  }, 120_000);
});
