/**
 * The demo clinic answers the question the dashboard is for: what share of patients had at least
 * half their pain gone at six weeks, and how long it lasted, ultrasound against fluoroscopy.
 */
import { expect, test } from 'vitest';
import { createTestDatabase } from '../../../test/support/database.ts';
import { clinic } from '../../db/schema.ts';
import { DashboardQuery } from '../../shared/api/dashboard.ts';
import { seedDemo } from '../demo/demo.ts';
import { dashboard } from './query.ts';

test('the demo clinic has responders and Kaplan–Meier curves for ultrasound and fluoroscopy', async () => {
  const { db } = await createTestDatabase();
  const now = new Date('2026-06-15T12:00:00Z');
  await seedDemo(db, () => {}, now);
  const [{ id }] = (await db.select({ id: clinic.id }).from(clinic)) as [{ id: string }];
  // How fast it is, at this size and at registry scale, is the bench's to measure (bench/registry.ts).
  const d = await dashboard(db, id, DashboardQuery.parse({}), now);
  const six = d.responders.filter((r) => r.threshold === 'half' && r.week === 6);
  expect(six.map((r) => r.group).sort()).toEqual(['fluoroscopy', 'ultrasound', null].sort());
  for (const r of six) expect(typeof r.trials === 'number' && r.trials >= 10, JSON.stringify(r)).toBe(true);
  const km = d.duration[0]!;
  expect(km.groups.map((g) => g.group)).toEqual(['fluoroscopy', 'ultrasound']);
  for (const g of km.groups) expect(g.curve.length).toBeGreaterThan(3);
  expect(km.logRank?.p).not.toBeNull();
});
