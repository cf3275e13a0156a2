import { describe, expect, test } from 'vitest';
import { recordedElsewhere } from './step-records.ts';

const made = (imported: boolean) => ({ imported });

describe('letters that rest on records another clinic made', () => {
  test('the discharge summary, when the procedure or the discharge was imported', () => {
    expect(recordedElsewhere.dischargeSummary({ procedure: made(false), discharge: made(false) })).toBe(
      false,
    );
    expect(recordedElsewhere.dischargeSummary({ procedure: made(true), discharge: made(false) })).toBe(true);
    expect(recordedElsewhere.dischargeSummary({ procedure: made(false), discharge: made(true) })).toBe(true);
    expect(recordedElsewhere.dischargeSummary({ procedure: null, discharge: null })).toBe(false);
  });

  test('the outcome letter, when the outcome review was imported', () => {
    expect(recordedElsewhere.outcomeLetter({ outcomeReview: made(true) })).toBe(true);
    expect(recordedElsewhere.outcomeLetter({ outcomeReview: made(false) })).toBe(false);
    expect(recordedElsewhere.outcomeLetter({ outcomeReview: null })).toBe(false);
  });
});
