/**
 * Defect 11 (issue 9): intervals were whole months only, and a fraction was silently truncated —
 * a repeat interval of 1.84 months behaved as 1 month, so a repeat was allowed weeks earlier than
 * the clinic had set. Intervals now take days, weeks or months, exactly, or are refused.
 */
import { describe, expect, test } from 'vitest';
import { assess, parseAssessmentRequest } from './assess.ts';
import { ClinicSettingsSchema } from './settings.ts';
import { buildRequest, CLINIC } from './testing.ts';

// The last therapeutic injection 5 weeks and 3 days before the planned one.
const lastAt = '2026-02-01T10:00:00Z';
const procedureAt = '2026-03-10T09:30:00Z';

function interval(overrides: Record<string, unknown>) {
  const request = buildRequest({
    now: '2026-03-02T10:00:00Z',
    settings: { clinic: CLINIC, protocol: { profile: 'local', overrides } },
    patient: { previousInjections: [{ at: lastAt, purpose: 'therapeutic' }] },
    episode: { purpose: 'therapeutic', procedureAt },
    screening: { escortArranged: true, adultAtHomeArranged: true },
  });
  const parsed = parseAssessmentRequest(request);
  if (!parsed.ok) return { refused: parsed.issues };
  const findings = assess(parsed.request).screening!.findings;
  return { finding: findings.find((f) => f.code === 'steroid_interval_too_short') };
}

describe('the interval between therapeutic injections', () => {
  test('1.84 months is refused with a sentence naming the field, not truncated to 1 month', () => {
    const { refused } = interval({ minMonthsBetweenTherapeutic: 1.84 });
    expect(refused).toEqual([
      {
        path: 'settings.protocol.overrides.minMonthsBetweenTherapeutic',
        message: expect.stringContaining('1.84 months cannot be honoured exactly'),
      },
    ]);
    expect(interval({ minIntervalBetweenTherapeutic: 'P1.84M' }).refused?.[0]?.path).toBe(
      'settings.protocol.overrides.minIntervalBetweenTherapeutic',
    );
  });

  test('in weeks: 8 weeks after 1 February is 29 March, so 10 March is too soon', () => {
    const { finding } = interval({ minIntervalBetweenTherapeutic: 'P8W' });
    expect(finding?.action?.dueAt).toBe('2026-03-29T09:00:00.000Z'); // 10:00 GMT → 10:00 BST
    expect(finding?.staffText).toContain('8 weeks between injections');
  });

  test('in days, as { value, unit }', () => {
    const { finding } = interval({ minIntervalBetweenTherapeutic: { value: 30, unit: 'days' } });
    expect(finding).toBeUndefined(); // 3 March < 10 March
  });

  test('the former key still works in whole months (before assessment format 1.2)', () => {
    const { finding } = interval({ minMonthsBetweenTherapeutic: 2 });
    expect(finding?.action?.dueAt).toBe('2026-04-01T09:00:00.000Z');
    expect(finding?.details).toMatchObject({ minInterval: 'P2M', minMonths: 2 });
  });

  test('a repeat criterion in the former shape (`months`) reads as a duration', () => {
    const s = ClinicSettingsSchema.parse({
      clinic: CLINIC,
      protocol: {
        profile: 'local',
        overrides: { repeatTherapeutic: { percent: 50, comparator: '>=', months: 3 } },
      },
    });
    expect(s.protocol.overrides.repeatTherapeutic).toEqual({ percent: 50, comparator: '>=', lasting: 'P3M' });
    const fraction = ClinicSettingsSchema.safeParse({
      clinic: CLINIC,
      protocol: {
        profile: 'local',
        overrides: { repeatTherapeutic: { percent: 50, comparator: '>=', months: 2.5 } },
      },
    });
    expect(fraction.error?.issues.map((i) => i.path.join('.'))).toEqual([
      'protocol.overrides.repeatTherapeutic.months',
    ]);
  });
});
