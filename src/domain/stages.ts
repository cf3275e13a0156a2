/** Where an episode stands on the pathway (../shared/DESIGN.md "The pathway"). */
import { z } from 'zod';

export const stages = [
  'referred',
  'triaged',
  'declined',
  'screened',
  'not-safe-yet',
  'scheduled',
  'checked-in',
  'performed',
  'discharged',
  'following-up',
  'outcome-reviewed',
  'closed',
] as const;
export const Stage = z.enum(stages);
export type Stage = z.infer<typeof Stage>;

/** Where an episode's pathway has ended: nothing more is done on it (a new referral starts another). */
export const endStages = ['declined', 'closed'] as const satisfies readonly Stage[];
export const isOpen = (stage: Stage): boolean => !(endStages as readonly Stage[]).includes(stage);

export const stageLabels: Record<Stage, string> = {
  referred: 'Referred',
  triaged: 'Triaged',
  declined: 'Declined',
  screened: 'Screened',
  'not-safe-yet': 'Not safe yet',
  scheduled: 'Scheduled',
  'checked-in': 'Checked in',
  performed: 'Performed',
  discharged: 'Discharged',
  'following-up': 'Following up',
  'outcome-reviewed': 'Outcome reviewed',
  closed: 'Closed',
};
