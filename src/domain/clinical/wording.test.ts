import { describe, expect, test } from 'vitest';
import { FINDING_CODES, finding } from './findings.ts';
import { cite } from './sources.ts';
import { buildSettings } from './testing.ts';
import { present, presentInstruction, toUsEnglish, wordingContext } from './wording.ts';

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

describe('wording (en-US)', () => {
  const us = wordingContext(
    buildSettings({
      clinic: {
        locale: 'en-US',
        timeZone: 'America/New_York',
        name: 'Ring Road GP Centre',
        contacts: { phone: '555-0100', urgentPhone: '555-0199', outOfHours: 'Ring the GP centre' },
      },
    }),
  );

  test('American spelling and names, a capital kept, other words as they are', () => {
    expect(toUsEnglish('The local anaesthetic. Anaesthetic wears off; ring your GP.')).toBe(
      'The local anesthetic. Anesthetic wears off; call your primary care doctor.',
    );
    expect(toUsEnglish('GPs and a haematoma')).toBe('primary care doctors and a hematoma');
  });

  test.each(FINDING_CODES.map((c) => [c]))('%s renders in en-US without British words', (code) => {
    const f = present(finding(code, 'info', [cite('README')], {}), us);
    expect(f.staffText.length).toBeGreaterThan(5);
    expect(`${f.staffText} ${f.patientText ?? ''}`).not.toMatch(/anaesthe|haemat/);
  });

  test('the clinic’s own name and contacts are never re-spelt', () => {
    const f = present(
      finding('symptom_soon', 'review', [cite('README')], { symptom: 'fever-or-feeling-unwell' }),
      us,
    );
    expect(f.patientText).toContain('Please call Ring Road GP Centre today on 555-0100');
    expect(f.patientText).toContain('(out of hours: Ring the GP centre)');
    const i = presentInstruction(
      {
        phase: 'after-care',
        code: 'after_no_driving',
        urgent: false,
        details: { hours: 24, until: '2026-03-11T14:30:00.000Z' },
        sources: [],
      },
      us,
    );
    expect(i.text).toBe(
      'Do not drive for 24 hours after the injection (until Wednesday March 11, 2026, 10:30 AM).',
    );
  });
});
