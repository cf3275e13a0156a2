import { describe, expect, test } from 'vitest';
import { RED_FLAGS } from './clinical/index.ts';
import { BookingFacts, recordedElsewhere, TriageStepFacts } from './step-records.ts';

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

describe('a triage decision', () => {
  const triage = (decision: 'accept' | 'decline', facts: object, reason?: string) =>
    TriageStepFacts.safeParse({ purpose: 'diagnostic', facts, decision, ...(reason ? { reason } : {}) });
  const messages = (r: ReturnType<typeof triage>) =>
    r.error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  const flag = RED_FLAGS[0]!;

  test('accepting with no red flag needs no reason; declining says why', () => {
    expect(triage('accept', { noRedFlags: true }).success).toBe(true);
    expect(messages(triage('decline', { noRedFlags: true }))).toEqual([
      'reason: Say why the referral is declined',
    ]);
    expect(triage('decline', { noRedFlags: true }, 'Pain is from the hip').success).toBe(true);
    // One message on the field, not one from the field and one from the decision.
    expect(messages(triage('decline', { noRedFlags: true }, '   '))).toEqual([
      'reason: Give a reason for the record',
    ]);
    expect(messages(triage('accept', { redFlags: [flag] }, '   '))).toEqual([
      'reason: Give a reason for the record',
    ]);
  });

  test('[S17] accepting despite a red flag needs the reason on the record; declining for it does not', () => {
    expect(messages(triage('accept', { redFlags: [flag] }))).toEqual([
      'reason: Say why the injection goes ahead despite the red flag',
    ]);
    expect(triage('accept', { redFlags: [flag] }, 'Imaging excluded it last week').success).toBe(true);
    expect(messages(triage('decline', { redFlags: [flag] }))).toEqual([
      'reason: Say why the referral is declined',
    ]);
  });

  test('a red flag ticked beside "None of these" is refused: one of them is wrong', () => {
    expect(messages(triage('accept', { redFlags: [flag], noRedFlags: true }, 'reason'))).toEqual([
      'facts.noRedFlags: Tick the red flags found, or "None of these": not both',
    ]);
  });
});
