import { describe, expect, test } from 'vitest';
import { type ReferralDetails, referralAmendment, referralDateProblem } from './referral.ts';

const today = '2026-12-07';
const letter: ReferralDetails = {
  referrer: 'Dr K. Osei',
  referrerAddress: null,
  referredOn: '2026-11-20',
  reason: 'Buttock pain',
  side: 'left',
};
const correct = (after: Partial<ReferralDetails>, screened = false) =>
  referralAmendment(letter, { ...letter, ...after }, { screened, today });

describe('the date on a referral', () => {
  test('today or before, never after', () => {
    expect(referralDateProblem(today, today)).toBeUndefined();
    expect(referralDateProblem('2026-12-08', today)).toBe('The referral date cannot be in the future');
  });
});

describe('a referral amended', () => {
  test('names the fields it changes, and nothing when nothing changed', () => {
    expect(correct({})).toEqual({ changed: [], problems: [] });
    expect(correct({ referrer: 'Dr K. Osei-Bonsu', referrerAddress: '1 High St\nLeeds' }).changed).toEqual([
      'referrer',
      'referrerAddress',
    ]);
    // An address removed is a change; one left out is not.
    expect(correct({ referrerAddress: null }).changed).toEqual([]);
    expect(
      referralAmendment({ ...letter, referrerAddress: 'Leeds' }, letter, { screened: true, today }).changed,
    ).toEqual(['referrerAddress']);
  });

  test('a date after today is refused; an earlier one is a correction', () => {
    expect(correct({ referredOn: '2026-12-09' }).problems).toEqual([
      { field: 'referredOn', message: 'The referral date cannot be in the future' },
    ]);
    expect(correct({ referredOn: '2026-11-02' })).toEqual({ changed: ['referredOn'], problems: [] });
  });

  test('the side is amended until a screening call plans it, then by screening again', () => {
    expect(correct({ side: 'right' })).toEqual({ changed: ['side'], problems: [] });
    expect(correct({ side: null }).changed).toEqual(['side']);
    expect(correct({ side: 'right' }, true).problems.map((p) => p.field)).toEqual(['side']);
    // Screened: everything else still corrects.
    expect(correct({ reason: 'Buttock and groin pain' }, true)).toEqual({
      changed: ['reason'],
      problems: [],
    });
  });
});
