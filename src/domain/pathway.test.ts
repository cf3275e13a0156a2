import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { staffRoles } from './actor.ts';
import {
  allowedMoves,
  checkMove,
  isOpen,
  type MoveName,
  moveNames,
  moves,
  type Stage,
  stages,
} from './pathway.ts';

describe('the pathway from DESIGN.md', () => {
  // The happy path a clinician walks, one move at a time.
  const journey: [MoveName, Stage][] = [
    ['accept', 'triaged'],
    ['screen-safe', 'screened'],
    ['schedule', 'scheduled'],
    ['check-in', 'checked-in'],
    ['perform', 'performed'],
    ['discharge', 'discharged'],
    ['start-follow-up', 'following-up'],
    ['review-outcome', 'outcome-reviewed'],
    ['close', 'closed'],
  ];

  test('a referral can be followed from referred to closed', () => {
    let stage: Stage = 'referred';
    for (const [action, expected] of journey) {
      const result = checkMove(stage, action, 'clinician');
      expect(result).toEqual({ ok: true, to: expected });
      if (result.ok) stage = result.to;
    }
  });

  test.each([
    ['referred', 'decline', 'declined'],
    ['triaged', 'defer', 'not-safe-yet'],
    ['scheduled', 'defer', 'not-safe-yet'],
    ['not-safe-yet', 'screen-safe', 'screened'],
    ['screened', 'withdraw', 'closed'],
  ] as const)('from %s, %s leads to %s (with a reason)', (from, action, to) => {
    expect(checkMove(from, action, 'clinician', 'recorded reason')).toEqual({ ok: true, to });
  });

  test('a move from the wrong stage says what must happen first', () => {
    expect(checkMove('referred', 'schedule', 'nurse')).toEqual({
      ok: false,
      code: 'illegal_move',
      message: 'Cannot "schedule" an episode that is referred: it must be screened first.',
    });
  });

  test('clinical decisions stay with clinicians; admins move no episodes', () => {
    expect(checkMove('referred', 'accept', 'nurse')).toMatchObject({ ok: false, code: 'role_not_allowed' });
    expect(checkMove('checked-in', 'perform', 'nurse')).toMatchObject({
      ok: false,
      code: 'role_not_allowed',
    });
    for (const action of moveNames) {
      for (const from of moves[action].from) {
        expect(checkMove(from, action, 'admin', 'why').ok).toBe(false);
      }
    }
  });

  test('declining, deferring and withdrawing need a reason; blank is not a reason', () => {
    expect(checkMove('referred', 'decline', 'clinician', '   ')).toMatchObject({ code: 'reason_required' });
    expect(checkMove('triaged', 'defer', 'nurse')).toMatchObject({ code: 'reason_required' });
  });

  test('closed and declined episodes offer no further moves', () => {
    for (const role of staffRoles) {
      expect(allowedMoves('closed', role)).toEqual([]);
      expect(allowedMoves('declined', role)).toEqual([]);
    }
    expect(isOpen('closed')).toBe(false);
    expect(isOpen('scheduled')).toBe(true);
  });

  test('property: every offered action succeeds, and every success lands on a known stage', () => {
    fc.assert(
      fc.property(fc.constantFrom(...stages), fc.constantFrom(...staffRoles), (stage, role) => {
        for (const { move: action } of allowedMoves(stage, role)) {
          const result = checkMove(stage, action, role, 'a reason');
          expect(result.ok).toBe(true);
          if (result.ok) expect(stages).toContain(result.to);
        }
      }),
    );
  });
});
