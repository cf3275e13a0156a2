import { describe, expect, test } from 'vitest';
import { checkStep, stepRules } from './steps.ts';

describe('recording a step', () => {
  test.each([
    ['triage', 'referred', 'clinician', false],
    ['screening', 'triaged', 'nurse', false],
    ['screening', 'scheduled', 'nurse', true],
    ['booking', 'scheduled', 'nurse', true],
    // A second check-in after the injection was deferred, screened again and rebooked: a new version.
    ['check-in', 'scheduled', 'nurse', true],
    ['procedure', 'checked-in', 'clinician', false],
  ] as const)('%s while %s by a %s (recorded before: %s) needs no reason', (step, stage, role, recorded) => {
    expect(checkStep(step, stage, role, recorded)).toEqual({ ok: true, amendment: false });
  });

  test('a recorded check-in can be amended once the patient is checked in, only with a reason', () => {
    expect(checkStep('check-in', 'checked-in', 'nurse', true)).toMatchObject({ code: 'reason_required' });
    expect(checkStep('check-in', 'checked-in', 'nurse', true, '  ')).toMatchObject({
      code: 'reason_required',
    });
    expect(checkStep('check-in', 'checked-in', 'nurse', true, 'Right side was marked, not left')).toEqual({
      ok: true,
      amendment: true,
    });
  });

  test('amending is for the roles that may record the step', () => {
    expect(checkStep('procedure', 'performed', 'nurse', true, 'typo')).toMatchObject({
      ok: false,
      code: 'role_not_allowed',
    });
    expect(checkStep('procedure', 'performed', 'clinician', true, 'typo')).toMatchObject({ ok: true });
    expect(checkStep('triage', 'referred', 'admin', false)).toMatchObject({ code: 'role_not_allowed' });
  });

  test('a step out of its order says where the episode must be', () => {
    expect(checkStep('procedure', 'scheduled', 'clinician', false)).toEqual({
      ok: false,
      code: 'step_out_of_order',
      message:
        'The procedure record cannot be recorded while the episode is scheduled; it must be checked in.',
    });
    // Nothing to amend before it was ever recorded.
    expect(checkStep('check-in', 'checked-in', 'nurse', false, 'why')).toMatchObject({
      code: 'step_out_of_order',
    });
  });

  test('every step can be recorded by someone, and only by staff who care for patients or clinicians', () => {
    for (const rule of Object.values(stepRules)) {
      expect(rule.recordedBy.length).toBeGreaterThan(0);
      expect(rule.recordedBy).not.toContain('admin');
    }
  });
});
