import { describe, expect, test } from 'vitest';
import { BookingFacts, recordedElsewhere } from './step-records.ts';

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

describe("a booking's time", () => {
  const list = '0b7f1f4e-3c1a-4d0e-9a55-6a1f7c2d9e01';
  test('is a time on the 24-hour clock, and a slip is told in the words the form uses', () => {
    expect(BookingFacts.safeParse({ procedureListId: list, time: '13:45' }).success).toBe(true);
    for (const time of ['9:30', '24:00', '09.30', '']) {
      const parsed = BookingFacts.safeParse({ procedureListId: list, time });
      expect(parsed.error?.issues.map((i) => i.message)).toEqual(['Enter a time like 09:30']);
    }
  });
});
