import { Box, Group, Text } from '@mantine/core';
import type { Stage } from '../../../domain/pathway';
import type { StepName } from '../../../domain/steps';

export const STEPS = [
  'Referral',
  'Triage',
  'Screening',
  'Booking',
  'Check-in',
  'Procedure',
  'Recovery',
  'Discharged',
] as const;

/** The step record behind each item of the stepper, whose section an item opens. */
export const STEP_OF: (StepName | null)[] = [
  null,
  'triage',
  'screening',
  'booking',
  'check-in',
  'procedure',
  'recovery',
  'discharge',
];

/** Where the episode is: the index of the step being worked on (STEPS.length when all are done). */
export function currentStep(stage: Stage): number {
  switch (stage) {
    case 'referred':
    case 'declined':
      return 1;
    case 'triaged':
    case 'not-safe-yet':
      return 2;
    case 'screened':
      return 3;
    case 'scheduled':
      return 4;
    case 'checked-in':
      return 5;
    case 'performed':
      return 6;
    default:
      return STEPS.length;
  }
}

/** The pathway as an ordered list: done, current (aria-current="step") and to come. */
export function EpisodeStepper({
  stage,
  anchors = [],
}: {
  stage: Stage;
  /** Where each item leads on the page (a section's id), if it has a section now. */
  anchors?: (string | null)[];
}) {
  const current = currentStep(stage);
  const ended = stage === 'declined' || stage === 'closed';
  return (
    <Box component="nav" aria-label="Pathway steps">
      <Group component="ol" gap={6} p={0} m={0} style={{ listStyle: 'none' }} wrap="wrap">
        {STEPS.map((label, i) => {
          const done = i < current || current === STEPS.length;
          const here = i === current && !ended;
          return (
            <Box
              component="li"
              key={label}
              aria-current={here ? 'step' : undefined}
              px="sm"
              py={4}
              bg={here ? 'blue.8' : done ? 'blue.0' : 'gray.0'}
              style={{
                borderRadius: 'var(--mantine-radius-sm)',
                border: `1px solid var(--mantine-color-${here ? 'blue-8' : done ? 'blue-2' : 'gray-3'})`,
              }}
            >
              <Text
                size="sm"
                fw={here ? 700 : 500}
                c={here ? 'white' : done ? 'blue.9' : 'gray.8'}
                component={anchors[i] ? 'a' : 'span'}
                {...(anchors[i] ? { href: `#${anchors[i]}`, style: { color: 'inherit' } } : {})}
              >
                {i + 1}. {label}
                <span className="visually-hidden">{done ? ' (done)' : here ? ' (current)' : ''}</span>
              </Text>
            </Box>
          );
        })}
      </Group>
    </Box>
  );
}
