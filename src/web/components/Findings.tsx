import {
  Alert,
  Anchor,
  Badge,
  Group,
  List,
  type MantineColor,
  Paper,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import type { ReactNode } from 'react';
import { cite, type Finding, type Severity, type SourceRef } from '../../domain/clinical';
import { formatDateTime } from '../format';

const severityLabels: Record<Severity, string> = {
  info: 'Information',
  action: 'Action',
  review: 'Needs a plan or review',
  stop: 'Stop: not safe yet',
};
const severityColours: Record<Severity, MantineColor> = {
  info: 'gray',
  action: 'yellow',
  review: 'orange',
  stop: 'red',
};
const whoLabels = { staff: 'Task for staff', clinician: 'Task for a clinician', patient: 'For the patient' };

/**
 * Who acts, and when: "by" a deadline, or "not before" the end of a deferral (an infection's
 * look-back, a repeat's interval), where "by" would read as the opposite.
 */
export function actionLine(action: NonNullable<Finding['action']>): string {
  const when = action.dueLocal ? `, ${action.notBefore ? 'not before' : 'by'} ${action.dueLocal}` : '';
  return `${whoLabels[action.who]}${when}`;
}

/** A source as a clinician reads it: the guideline (year): section, and where to read it. */
export interface Citation {
  text: string;
  url?: string;
}

/**
 * The readable citations of a finding's sources. Findings recorded before citations were made
 * readable carry only the internal reference: they are shown by their key's readable title.
 * `ownRuleOnly` is true when nothing but the service's own design or settings backs the rule.
 */
export function citations(sources: SourceRef[]): { items: Citation[]; ownRuleOnly: boolean } {
  const readable = sources.map((s) => (s.title === undefined ? cite(s.key) : s));
  const items: Citation[] = [];
  const seen = new Set<string>();
  for (const s of readable) {
    if (seen.has(s.ref)) continue;
    seen.add(s.ref);
    items.push(s.url ? { text: s.ref, url: s.url } : { text: s.ref });
  }
  return { items, ownRuleOnly: readable.length > 0 && readable.every((s) => s.own) };
}

export function Sources({ sources }: { sources: SourceRef[] }) {
  const { items, ownRuleOnly } = citations(sources);
  return (
    <Text size="xs" c="gray.7" component="div">
      {ownRuleOnly ? "The service's own rule (no guideline sets it): " : 'Sources: '}
      {items.map((c, i) => (
        <span key={c.text}>
          {i > 0 && '; '}
          {c.url ? (
            <Anchor
              href={c.url}
              target="_blank"
              rel="noreferrer"
              size="xs"
              underline="always"
              aria-label={`${c.text} (opens in a new tab)`}
            >
              {c.text}
            </Anchor>
          ) : (
            c.text
          )}
        </span>
      ))}
    </Text>
  );
}

function FindingItem({
  finding,
  showBlocks,
  timeZone,
  extra,
}: {
  finding: Finding;
  showBlocks: boolean;
  timeZone?: string;
  extra?: ReactNode;
}) {
  const { reviewedBy, reviewedAt } = finding.details;
  return (
    <Paper withBorder p="xs" radius="sm" component="li" style={{ listStyle: 'none' }}>
      <Stack gap={4}>
        <Group gap="xs" wrap="wrap">
          <Badge color={severityColours[finding.severity]} variant="light" tt="none" c="dark.7" size="sm">
            {severityLabels[finding.severity]}
          </Badge>
          {showBlocks && finding.blocksScheduling && (
            <Badge color="red" variant="outline" tt="none" c="red.9" size="sm">
              Blocks scheduling
            </Badge>
          )}
        </Group>
        <Text size="sm">{finding.staffText}</Text>
        {finding.action && (
          <Text size="sm" fw={600}>
            {actionLine(finding.action)}
          </Text>
        )}
        {finding.patientText && (
          <Text size="sm" c="gray.8">
            Patient is told: “{finding.patientText}”
          </Text>
        )}
        {typeof reviewedBy === 'string' && (
          <Text size="sm" fw={600}>
            Reviewed by {reviewedBy}
            {typeof reviewedAt === 'string' ? `, ${formatDateTime(reviewedAt, timeZone)}` : ''}
          </Text>
        )}
        {extra}
        <Sources sources={finding.sources} />
      </Stack>
    </Paper>
  );
}

const order: Record<Severity, number> = { stop: 0, review: 1, action: 2, info: 3 };

/** Findings, the most serious first, each with its wording, task and sources. */
export function FindingList({
  findings,
  label,
  scheduling = false,
  timeZone,
  extra,
}: {
  findings: Finding[];
  label: string;
  /** Screening findings: mark those that hold up booking. */
  scheduling?: boolean;
  /** The clinic's zone, for the time a finding was reviewed. */
  timeZone?: string;
  /** Anything to add under a finding, e.g. the button to review it. */
  extra?: (finding: Finding) => ReactNode;
}) {
  if (findings.length === 0) return null;
  const sorted = [...findings].sort((a, b) => order[a.severity] - order[b.severity]);
  return (
    <Stack gap={6} component="ul" p={0} m={0} aria-label={label}>
      {sorted.map((f, i) => (
        <FindingItem
          // biome-ignore lint/suspicious/noArrayIndexKey: a code repeats for each drug or lab it names
          key={`${f.code}-${i}`}
          finding={f}
          showBlocks={scheduling}
          timeZone={timeZone}
          extra={extra?.(f)}
        />
      ))}
    </Stack>
  );
}

/** Which protocol made the judgement, and that it supports (not replaces) the clinician. */
export function ProtocolLine({
  protocol,
  title,
}: {
  protocol: { profile: string; version: string };
  title?: string;
}) {
  return (
    <Text size="xs" c="gray.7">
      Decision support, protocol profile {protocol.profile} version {protocol.version}
      {title ? ` (${title})` : ''}. The clinician decides.
    </Text>
  );
}

export const verdictLabels = {
  go: 'Go',
  'go-with-actions': 'Go with actions',
  'not-safe-yet': 'Not safe yet',
} as const;

/** The screening verdict: "not safe yet" in red, with what it means for scheduling. */
export function VerdictPanel({
  verdict,
  blocksScheduling,
  live,
  children,
}: {
  verdict: keyof typeof verdictLabels;
  blocksScheduling: boolean;
  live?: boolean;
  children?: React.ReactNode;
}) {
  const colour = verdict === 'not-safe-yet' ? 'red' : verdict === 'go-with-actions' ? 'yellow' : 'green';
  return (
    <Alert
      // red.9: white text on the filled alert needs it for 4.5:1.
      color={verdict === 'not-safe-yet' ? 'red.9' : colour}
      variant={verdict === 'not-safe-yet' ? 'filled' : 'light'}
      title={
        <Title order={3} size="h4" c={verdict === 'not-safe-yet' ? 'white' : undefined}>
          Verdict: {verdictLabels[verdict]}
        </Title>
      }
      aria-live={live ? 'polite' : undefined}
    >
      <Stack gap={4}>
        {verdict === 'not-safe-yet' ? (
          <Text size="sm" c="white" fw={600}>
            Blocks scheduling until screening is repeated or a clinician overrides with a recorded reason.
          </Text>
        ) : blocksScheduling ? (
          <Text size="sm" fw={600}>
            Cannot be scheduled yet: a plan or a clinician’s review must be recorded first.
          </Text>
        ) : (
          <Text size="sm">May be scheduled.</Text>
        )}
        {children}
      </Stack>
    </Alert>
  );
}

export function PlainList({ items }: { items: string[] }) {
  return (
    <List size="sm" spacing={2}>
      {items.map((t) => (
        <List.Item key={t}>{t}</List.Item>
      ))}
    </List>
  );
}
