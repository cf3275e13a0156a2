/**
 * The outcome letter's words for what the diary showed, built from the outcome as recorded: a
 * response the rules did not judge is not said to have had "no relief at the threshold".
 */
import { describe, expect, test } from 'vitest';
import { dischargeSummaryInput } from '../episodes/pdf/discharge-summary.fixture.ts';
import { type OutcomeLetterInput, outcomeLetter } from './outcome-letter.ts';

type Outcome = NonNullable<OutcomeLetterInput['outcome']>;

function letter(outcome: Partial<Outcome>): Map<string, string> {
  const { clinic, generatedAt } = dischargeSummaryInput();
  const input: OutcomeLetterInput = {
    clinic,
    generatedAt,
    patient: { givenName: 'Ann', familyName: 'Lee', birthDate: '1960-02-01', nhsNumber: null, mrn: null },
    referrer: { name: 'Dr GP', address: null },
    signedBy: { name: 'Dr Shah', role: 'Clinician' },
    corrections: [],
    episode: { referredOn: '2026-01-02', purpose: 'therapeutic' },
    procedure: { performedAt: '2026-02-01T10:00:00Z', side: 'left' },
    block: null,
    diary: { baselinePain: 8, entries: 3, late: 0, missed: 0, firstAt: null, lastAt: null },
    outcome: {
      responder: null,
      threshold: null,
      peakReliefPercent: null,
      reliefLastedDays: null,
      reliefOngoing: false,
      pgic: null,
      nextSteps: ['clinician-review'],
      findings: [],
      ...outcome,
    } as Outcome,
    decision: { decision: 'physiotherapy', reason: 'As discussed', decidedAt: '2026-05-01T10:00:00Z' },
  };
  const diary = outcomeLetter(input).sections.find((s) => s.heading.startsWith('The pain diary'));
  return new Map(diary?.lines.map((l) => [l.label ?? '', l.text]));
}

describe('how long relief lasted, in the outcome letter', () => {
  test('a response the protocol leaves to the clinician is not "no relief at the threshold"', () => {
    const lines = letter({ peakReliefPercent: 62.5 });
    expect(lines.get('Peak relief')).toBe('62.5%');
    expect(lines.get('Relief lasted')).toBe('Not judged by the rules');
    expect(lines.get('Response')).toBe('Not judged by the rules: the protocol leaves it to the clinician');
  });

  test('relief that never reached the threshold is said so', () => {
    const lines = letter({
      responder: false,
      threshold: { percent: 50, comparator: '>=', lasting: 'P3M' },
      peakReliefPercent: 30,
    });
    expect(lines.get('Relief lasted')).toBe('No relief at the threshold');
    expect(lines.get('Response')).toBe('Not a responder (at least 50% relief lasting 3 months)');
  });
});
