import { Badge, type MantineColor } from '@mantine/core';
import { type Stage, stageLabels } from '../../domain/pathway';

/** Calm colours: blues while the referral is worked up, greens after the procedure, grey when it has ended. */
const stageColours: Record<Stage, MantineColor> = {
  referred: 'blue',
  triaged: 'indigo',
  declined: 'gray',
  screened: 'cyan',
  'not-safe-yet': 'orange',
  scheduled: 'violet',
  'checked-in': 'grape',
  performed: 'teal',
  discharged: 'green',
  'following-up': 'green',
  'outcome-reviewed': 'teal',
  closed: 'gray',
};

/**
 * The whole word, never "Outcome revie…": a badge's max-width of 100 % let a table squeeze its
 * column below the label (a percentage counts for nothing in a cell's minimum width).
 */
const whole = { root: { maxWidth: 'none', flexShrink: 0 }, label: { overflow: 'visible' } };

export function StageBadge({ stage }: { stage: Stage }) {
  return (
    <Badge
      color={stageColours[stage]}
      variant="dot"
      radius="sm"
      tt="none"
      size="md"
      c="dark.7"
      styles={whole}
    >
      {stageLabels[stage] ?? stage}
    </Badge>
  );
}
