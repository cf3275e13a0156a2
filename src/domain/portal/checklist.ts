/**
 * The patient's checklist before the procedure: what they confirm (an escort home, the fast, a drug
 * plan staff agreed), each item drawn from their preparation (src/domain/clinical/instructions.ts),
 * so it asks about nothing they were not told. A drug item exists only for a plan staff recorded:
 * the app never tells a patient to stop an anticoagulant on its own (clinical/README.md). A tick
 * confirms the instruction as it was worded when ticked; a changed instruction needs a new tick.
 */
import type { FindingCode } from '../clinical/findings.ts';

/** An instruction of the preparation: its code, its facts and its words for the patient. */
export interface PreparationItem {
  code: string;
  details: Record<string, unknown>;
  text: string;
}

export interface ChecklistItem {
  /** Stable within a booking: `escort`, `fasting`, `drug-plan:<drug>`. */
  key: string;
  /** What the patient confirms, in the first person. */
  label: string;
  /** The instruction it is about, as the patient reads it. */
  instruction: string;
}

const ESCORT: FindingCode[] = ['escort_needed', 'escort_arranged'];

/** The checklist for a preparation; empty when there is nothing to prepare (e.g. not safe yet). */
export function checklistItems(preparation: PreparationItem[]): ChecklistItem[] {
  const items: ChecklistItem[] = [];
  const escort = preparation.find((p) => (ESCORT as string[]).includes(p.code));
  if (escort) {
    items.push({
      key: 'escort',
      label: 'An adult will take me home and stay with me afterwards',
      instruction: escort.text,
    });
  }
  const fasting = preparation.find((p) => p.code === 'fasting_instruction');
  if (fasting) {
    items.push({
      key: 'fasting',
      label: 'I know when to stop eating and drinking',
      instruction: fasting.text,
    });
  }
  for (const p of preparation) {
    // Only a plan staff recorded (clinical/README.md): never a hold the rules merely suggest.
    if (p.code !== 'antithrombotic_plan_recorded') continue;
    const drug = String(p.details.drug ?? '').trim();
    if (!drug) continue;
    items.push({
      key: `drug-plan:${drug.toLowerCase()}`,
      label: `I know the plan for my ${drug}`,
      instruction: p.text,
    });
  }
  return items;
}

export interface ChecklistTick {
  key: string;
  checked: boolean;
  /** The instruction as it read when the patient ticked it. */
  instruction: string;
  at: string;
}

export interface ChecklistState extends ChecklistItem {
  checked: boolean;
  checkedAt: string | null;
  /** Ticked once, but the instruction has changed since: read it again and tick it again. */
  changedSinceTicked: boolean;
}

/** Items with the patient's ticks: a tick counts only for the instruction as it reads now. */
export function checklistState(items: ChecklistItem[], ticks: ChecklistTick[]): ChecklistState[] {
  return items.map((item) => {
    const tick = ticks.find((t) => t.key === item.key);
    const current = Boolean(tick?.checked && tick.instruction === item.instruction);
    return {
      ...item,
      checked: current,
      checkedAt: current ? tick!.at : null,
      changedSinceTicked: Boolean(tick?.checked && !current),
    };
  });
}

export const checklistComplete = (state: ChecklistState[]) =>
  state.length > 0 && state.every((i) => i.checked);
