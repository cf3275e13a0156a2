import { describe, expect, test } from 'vitest';
import { checklistComplete, checklistItems, checklistState, type PreparationItem } from './checklist.ts';

const escort: PreparationItem = {
  code: 'escort_needed',
  details: {},
  text: 'Please arrange an adult to take you home and to stay with you for 24 hours.',
};
const fasting: PreparationItem = {
  code: 'fasting_instruction',
  details: {},
  text: 'Do not eat after 03:30.',
};
const plan: PreparationItem = {
  code: 'antithrombotic_plan_recorded',
  details: { drug: 'Apixaban' },
  text: 'Your clinic team has agreed this plan with you: Take your last dose of Apixaban on Sunday.',
};

describe('the checklist follows the preparation', () => {
  test('escort, fasting and a recorded drug plan each become an item', () => {
    const items = checklistItems([escort, fasting, plan, { code: 'no_driving', details: {}, text: 'x' }]);
    expect(items.map((i) => i.key)).toEqual(['escort', 'fasting', 'drug-plan:apixaban']);
    expect(items[2]).toMatchObject({ label: 'I know the plan for my Apixaban', instruction: plan.text });
  });

  test('a drug the rules merely mention (continue, or a plan still needed) asks the patient nothing', () => {
    const items = checklistItems([
      { code: 'antithrombotic_continue', details: { drug: 'Aspirin' }, text: 'Keep taking your aspirin' },
      { code: 'antithrombotic_plan_recorded', details: {}, text: 'A plan without a drug name' },
    ]);
    expect(items).toEqual([]);
  });

  test('nothing to prepare (not safe yet, or a light meal allowed and no escort rule): no checklist', () => {
    expect(checklistItems([])).toEqual([]);
    expect(checklistItems([{ code: 'light_meal_allowed', details: {}, text: 'Eat lightly' }])).toEqual([]);
  });
});

describe('ticks', () => {
  const items = checklistItems([escort, fasting]);

  test('a tick counts for the instruction as it read when ticked', () => {
    const state = checklistState(items, [
      { key: 'escort', checked: true, instruction: escort.text, at: '2026-07-10T10:00:00.000Z' },
      {
        key: 'fasting',
        checked: true,
        instruction: 'Do not eat after 02:00.',
        at: '2026-07-10T10:00:00.000Z',
      },
    ]);
    expect(state.map((s) => [s.key, s.checked, s.changedSinceTicked, s.checkedAt])).toEqual([
      ['escort', true, false, '2026-07-10T10:00:00.000Z'],
      ['fasting', false, true, null],
    ]);
    expect(checklistComplete(state)).toBe(false);
  });

  test('complete when every item is ticked; unticked is not complete; empty is not complete', () => {
    const all = checklistState(
      items,
      items.map((i) => ({ key: i.key, checked: true, instruction: i.instruction, at: 'now' })),
    );
    expect(checklistComplete(all)).toBe(true);
    const untick = checklistState(items, [
      { key: 'escort', checked: false, instruction: escort.text, at: 'x' },
    ]);
    expect(untick.every((s) => !s.checked && !s.changedSinceTicked)).toBe(true);
    expect(checklistComplete([])).toBe(false);
  });
});
