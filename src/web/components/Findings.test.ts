import { describe, expect, test } from 'vitest';
import { cite } from '../../domain/clinical';
import { actionLine, citations } from './Findings';

// The repository's bookkeeping, which a clinician must never read in a finding's sources.
const INTERNAL = /UNCONFIRMED|unverified|sources\.md|§|\[DESIGN\]|\[README\]|clinical\//;

describe('the sources under a finding (issue 9, defect 14)', () => {
  test('a guideline is shown by name and year, with its address as a link', () => {
    const [s9] = citations([cite('S9', 'scores on the following days')]).items;
    expect(s9).toEqual({
      text: 'Medicare LCD L39402: sacroiliac joint injections and procedures (2023): scores on the following days',
      url: 'https://cms.gov/medicare-coverage-database/view/lcd.aspx?lcdId=39402',
    });
  });

  test('internal notes never reach the screen', () => {
    const shown = citations([
      cite('S4', 'apixaban, low bleeding risk'),
      cite(
        'README',
        "the anaesthetic's expected duration is set by the clinic",
        'sources.md §2c UNCONFIRMED',
      ),
    ]);
    for (const item of shown.items) expect(item.text).not.toMatch(INTERNAL);
  });

  test("a rule that only the service's design or settings back says so plainly", () => {
    const own = citations([
      cite('DESIGN', 'safety checklist: sign-in, time-out with side confirmed, sign-out'),
    ]);
    expect(own.ownRuleOnly).toBe(true);
    expect(own.items).toEqual([
      { text: 'SIJ Pathway design: safety checklist: sign-in, time-out with side confirmed, sign-out' },
    ]);
    expect(citations([cite('S38'), cite('README')]).ownRuleOnly).toBe(false);
  });

  test('a finding recorded before readable citations shows the readable title for its key', () => {
    const old = {
      key: 'README' as const,
      ref: 'clinical/README.md [README] how the facts become software: sources.md §2c UNCONFIRMED durations',
    };
    expect(citations([old]).items).toEqual([{ text: "SIJ Pathway's own rule" }]);
    const oldS9 = { key: 'S9' as const, ref: 'clinical/sources.md [S9] US Medicare SI joint LCDs 2023' };
    expect(citations([oldS9]).items[0]?.text).toBe(
      'Medicare LCD L39402: sacroiliac joint injections and procedures (2023)',
    );
  });
});

// "Task for a clinician, by Wednesday 25 March 2026" stood under "Earliest date: Wednesday 25 March
// 2026": a deadline where the rule says the opposite, the first day the injection may be given.
describe('when a task falls due', () => {
  test('a deadline reads "by"', () => {
    expect(actionLine({ who: 'patient', dueLocal: 'Monday 9 March 2026, 21:30' })).toBe(
      'For the patient, by Monday 9 March 2026, 21:30',
    );
  });
  test('the end of a deferral reads "not before"', () => {
    expect(
      actionLine({ who: 'clinician', dueLocal: 'Wednesday 25 March 2026, 10:00', notBefore: true }),
    ).toBe('Task for a clinician, not before Wednesday 25 March 2026, 10:00');
  });
  test('no date, no time', () => {
    expect(actionLine({ who: 'staff' })).toBe('Task for staff');
  });
});
