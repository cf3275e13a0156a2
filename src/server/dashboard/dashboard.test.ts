/**
 * The dashboard against a small clinic whose answers are worked out by hand: twelve injected
 * episodes (six under ultrasound, six under fluoroscopy), all with pain 7/10 before the injection
 * (recoveryFacts) and diary scores 1, 14, 42 and 84 days after it, plus one episode only referred
 * and one only triaged. Relief of at least 50 % is a pain of 3 or less.
 */
import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, test } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/api.ts';
import { buildPatient } from '../../../test/support/factories.ts';
import { auditEvent, diaryEntry, episode, stepRecord, symptomReport } from '../../db/schema.ts';
import type { DashboardData } from '../../shared/api/dashboard.ts';
import { procedureFacts, recoveryFacts, triageFacts } from '../demo/payloads.ts';

let t: TestApp;
const DAY = 86_400_000;

interface Spec {
  guidance?: 'ultrasound' | 'fluoroscopy';
  /** days from referral (5 January 2026) to the injection */
  procedureDay?: number;
  /** pain at 1, 14, 42 and 84 days */
  pains?: [number, number, number, number];
  block?: 'positive' | 'negative';
  complications?: 'vasovagal'[];
  urgentReport?: boolean;
  stage?: 'referred' | 'triaged' | 'following-up';
  clinicId?: string;
}

async function addEpisode(spec: Spec) {
  const clinicId = spec.clinicId ?? t.clinic.id;
  const p = await buildPatient(t.db, clinicId);
  const stage = spec.stage ?? 'following-up';
  const [e] = await t.db
    .insert(episode)
    .values({
      clinicId,
      patientId: p.id,
      stage,
      referrer: 'Dr GP',
      referredOn: '2026-01-05',
      reason: 'Buttock pain',
      side: 'left',
    })
    .returning();
  const by = { recordedById: t.users.clinician.id, recordedByName: 'Dr Test', recordedByRole: 'clinician' };
  const record = (
    step: 'triage' | 'procedure' | 'recovery',
    facts: unknown,
    at: Date,
    assessment?: unknown,
  ) =>
    t.db.insert(stepRecord).values({
      clinicId,
      episodeId: e!.id,
      step,
      version: 1,
      facts: facts as never,
      assessment: (assessment ?? null) as never,
      recordedAt: at,
      ...by,
    });
  if (stage === 'referred') return;
  await record('triage', triageFacts({ purpose: 'both' }), new Date('2026-01-08T10:00:00Z'));
  if (stage === 'triaged') return;
  const performedAt = new Date(Date.parse('2026-01-05T10:00:00Z') + (spec.procedureDay ?? 14) * DAY);
  await record(
    'procedure',
    procedureFacts('left', performedAt, {
      guidance: spec.guidance ?? 'fluoroscopy',
      complications: spec.complications ?? [],
    }),
    performedAt,
  );
  await record('recovery', recoveryFacts(performedAt), new Date(performedAt.getTime() + 4 * 3_600_000), {
    blockResponse: { classification: spec.block ?? 'positive' },
  });
  const days = [1, 14, 42, 84];
  await t.db.insert(diaryEntry).values(
    (spec.pains ?? [2, 2, 2, 2]).map((pain, i) => ({
      clinicId,
      episodeId: e!.id,
      at: new Date(performedAt.getTime() + days[i]! * DAY),
      pain,
      pgic: days[i] === 42 ? (pain <= 3 ? 2 : 5) : null,
      opioidDoses: days[i] === 14 ? (spec.guidance === 'fluoroscopy' ? 1 : 0) : null,
      enteredById: 'patient:x',
      enteredByRole: 'patient',
    })),
  );
  if (spec.urgentReport) {
    await t.db.insert(symptomReport).values({
      clinicId,
      episodeId: e!.id,
      facts: { symptoms: ['saddle-numbness'] },
      urgency: 'urgent',
      reportedById: 'patient:x',
      reportedByRole: 'patient',
    });
  }
}

async function read(query = '', caller: 'clinician' | 'admin' | 'otherClinic' = 'clinician') {
  const response = await t.as(caller, { method: 'GET', url: `/api/dashboard${query}` });
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as DashboardData;
}

beforeAll(async () => {
  t = await createTestApp();
  const u = (pains: Spec['pains'], extra: Partial<Spec> = {}) => ({
    guidance: 'ultrasound' as const,
    pains,
    ...extra,
  });
  const f = (pains: Spec['pains'], extra: Partial<Spec> = {}) => ({
    guidance: 'fluoroscopy' as const,
    pains,
    ...extra,
  });
  const specs: Spec[] = [
    // Ultrasound: relief ends at 14 and 42 days; four still relieved at 84 days (censored).
    u([2, 6, 6, 6], { complications: ['vasovagal'] }),
    u([2, 3, 6, 6]),
    u([2, 2, 2, 2]),
    u([2, 2, 3, 3]),
    u([1, 2, 2, 2]),
    u([2, 3, 3, 3]),
    // Fluoroscopy: two end at 14 days, two at 42, one censored at 84, one never relieved.
    f([2, 6, 6, 6], { urgentReport: true }),
    f([2, 5, 6, 6]),
    f([2, 3, 6, 6]),
    f([2, 3, 5, 7]),
    f([2, 2, 2, 2]),
    f([7, 7, 7, 7], { block: 'negative' }),
  ];
  for (const [i, spec] of specs.entries()) await addEpisode({ ...spec, procedureDay: 7 + i });
  await addEpisode({ stage: 'referred' });
  await addEpisode({ stage: 'triaged' });
  // Another clinic's episode, which must not show in ours.
  await addEpisode({ clinicId: t.otherClinic.id, guidance: 'ultrasound', pains: [2, 2, 2, 2] });
});

describe('the dashboard of a clinic with known answers', () => {
  test('counts episodes by stage, small stages suppressed', async () => {
    const d = await read();
    expect(d.episodes.total).toBe(14);
    expect(d.episodes.byStage).toEqual([
      { stage: 'following-up', count: 12 },
      { stage: 'referred', count: '<5' },
      { stage: 'triaged', count: '<5' },
    ]);
  });

  test('waiting times are medians and 90th percentiles of whole days (R type 7)', async () => {
    const d = await read();
    const wait = (w: string) => d.waits.find((x) => x.wait === w)!;
    expect(wait('referral-to-triage')).toMatchObject({ n: 13, median: 3, p90: 3 });
    // 7, 8, … 18 days: median 12.5; 90th percentile x10 + 0.9 (x11 − x10) = 16.9
    expect(wait('referral-to-procedure')).toMatchObject({ n: 12, median: 12.5 });
    expect(wait('referral-to-procedure').p90).toBeCloseTo(16.9, 10);
    expect(wait('triage-to-procedure')).toMatchObject({ n: 12, median: 9.5 });
  });

  test('responders at 2 and 6 weeks, per group, with Wilson intervals and small cells hidden', async () => {
    const d = await read();
    const at = (week: number, group: string | null) =>
      d.responders.find((r) => r.threshold === 'half' && r.week === week && r.group === group)!;
    expect(at(2, null)).toMatchObject({ successes: 8, trials: 12 });
    expect(at(2, null).estimate).toBeCloseTo(8 / 12, 12);
    // prop.test(8, 12, correct = FALSE)$conf.int: 0.3906, 0.8619
    expect(at(2, null).lower).toBeCloseTo(0.3906, 4);
    expect(at(2, null).upper).toBeCloseTo(0.8619, 4);
    expect(at(2, 'ultrasound')).toMatchObject({ successes: 5, trials: 6 });
    expect(at(2, 'fluoroscopy')).toEqual({
      threshold: 'half',
      week: 2,
      group: 'fluoroscopy',
      successes: '<5',
      trials: 6,
      estimate: null,
      lower: null,
      upper: null,
    });
    expect(at(6, null)).toMatchObject({ successes: 5, trials: 12 });
    expect(at(12, null)).toMatchObject({ successes: 5, trials: 12 });
  });

  test('duration of relief: Kaplan–Meier per group and the log-rank test', async () => {
    const d = await read();
    expect(d.thresholds.protocol?.percent).toBe(50);
    expect(d.duration).toHaveLength(1);
    const km = d.duration[0]!;
    const us = km.groups.find((g) => g.group === 'ultrasound')!;
    const fl = km.groups.find((g) => g.group === 'fluoroscopy')!;
    expect(us.n).toBe(6);
    const rounded = (g: typeof us) => g.curve.map((p) => [p.time, Number(p.survival.toFixed(12))]);
    expect(rounded(us)).toEqual([
      [14, 0.833333333333],
      [42, 0.666666666667],
      [84, 0.666666666667],
    ]);
    expect(us.median.time).toBeNull();
    // Fluoroscopy: 5 who had relief (the sixth never did): S(14) = 3/5, S(42) = 1/5.
    expect(fl.n).toBe(5);
    expect(rounded(fl)).toEqual([
      [14, 0.6],
      [42, 0.2],
      [84, 0.2],
    ]);
    expect(fl.median.time).toBe(42);
    expect(fl.atWeeks.find((w) => w.week === 6)).toMatchObject({ atRisk: '<5', events: '<5' });
    expect(km.logRank?.df).toBe(1);
    expect(km.logRank?.p).toBeGreaterThan(0);
  });

  test('blocks, PGIC, opioids, safety and diary completion', async () => {
    const d = await read();
    expect(d.blocks.total).toBe(12);
    expect(d.blocks.results.find((b) => b.classification === 'positive')).toMatchObject({
      successes: 11,
      trials: 12,
    });
    expect(d.blocks.results.find((b) => b.classification === 'negative')).toMatchObject({
      successes: '<5',
      estimate: null,
    });
    expect(d.pgic.distribution.find((p) => p.value === 2)?.count).toBe(5);
    expect(d.pgic.distribution.find((p) => p.value === 5)?.count).toBe(7);
    expect(d.opioids.beforeRecorded).toBe(false);
    expect(d.opioids.atWeeks.find((o) => o.week === 2)).toMatchObject({ answered: 12, anyOpioid: 6 });
    expect(d.safety.procedures).toBe(12);
    expect(d.safety.complications).toMatchObject({ successes: '<5', trials: 12, estimate: null });
    expect(d.safety.redFlagReports).toMatchObject({ successes: '<5', trials: 12 });
    // These episodes were not discharged through the app: no prompts were ever queued.
    expect(d.diary).toMatchObject({ prompted: 0, withoutPromptRecord: 12 });
  });

  test('a filter changes the numbers', async () => {
    const d = await read('?guidance=ultrasound&compare=none');
    expect(d.episodes.total).toBe(6);
    const all = d.responders.find((r) => r.week === 2 && r.group === null)!;
    expect(all).toMatchObject({ successes: 5, trials: 6 });
    expect(d.duration[0]!.groups.map((g) => g.group)).toEqual(['all']);
    expect(d.duration[0]!.logRank).toBeNull();
    const none = await read('?from=2026-02-01');
    expect(none.episodes.total).toBe(0);
  });

  test('another clinic sees nothing of ours, and the read is audited', async () => {
    const theirs = await read('', 'otherClinic');
    expect(theirs.episodes.total).toBe('<5');
    expect(theirs.options.operators).toEqual([{ id: t.users.clinician.id, name: 'Dr Test' }]);
    const ours = await read('', 'admin');
    expect(ours.episodes.total).toBe(14);
    const events = await t.db
      .select()
      .from(auditEvent)
      .where(and(eq(auditEvent.action, 'dashboard.read'), eq(auditEvent.clinicId, t.clinic.id)));
    expect(events.length).toBeGreaterThan(0);
    expect(events[0]).toMatchObject({ recordType: 'clinic', recordId: t.clinic.id });
  });
});
