import { describe, expect, test } from 'vitest';
import { FINDING_CODES, finding } from './findings.ts';
import { cite } from './sources.ts';
import { buildSettings } from './testing.ts';
import { present, wordingContext } from './wording.ts';

const ctx = wordingContext(buildSettings());

describe('wording (en-GB)', () => {
  test.each(FINDING_CODES.map((c) => [c]))('%s renders staff text', (code) => {
    const f = present(finding(code, 'info', [cite('README')], {}), ctx);
    expect(f.staffText.length).toBeGreaterThan(5);
  });

  test('a drug needing a plan tells the patient nothing', () => {
    const f = present(
      finding('antithrombotic_plan_needed', 'review', [cite('S1a')], {
        drug: 'apixaban',
        advice: 'shared-assessment',
        holdHours: null,
      }),
      ctx,
    );
    expect(f.patientText).toBeNull();
    expect(f.staffText).toContain('Agree a plan with the prescriber');
  });

  test('a recorded hold reaches the patient with its date in the clinic zone', () => {
    const f = present(
      finding(
        'antithrombotic_plan_recorded',
        'action',
        [cite('S1a')],
        {
          drug: 'enoxaparin',
          decision: 'hold',
          lastDoseAt: '2026-03-03T08:00:00Z',
          restartAfterHours: 4,
          recordedBy: 'Nurse Jones',
          agreedWith: null,
        },
        { action: { who: 'patient', dueAt: '2026-03-03T08:00:00Z' } },
      ),
      ctx,
    );
    expect(f.patientText).toContain('last dose of enoxaparin on Tuesday 3 March 2026, 08:00');
    expect(f.patientText).toContain('4 hours after');
    expect(f.action?.dueLocal).toBe('Tuesday 3 March 2026, 08:00');
  });

  test('urgent advice uses the clinic contacts', () => {
    const f = present(
      finding('symptom_urgent', 'stop', [cite('S7')], {
        symptom: 'bladder-change',
        hoursSinceProcedure: null,
      }),
      ctx,
    );
    expect(f.patientText).toContain('01752 437707');
    expect(f.patientText).toContain('NHS 111');
  });
});
