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

export function StageBadge({ stage }: { stage: Stage }) {
  return (
    <Badge color={stageColours[stage]} variant="dot" radius="sm" tt="none" size="md" c="dark.7">
      {stageLabels[stage] ?? stage}
    </Badge>
  );
}
