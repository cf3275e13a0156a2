import { Alert, type MantineSpacing, Stack, Table, Title } from '@mantine/core';
import type { ReactNode } from 'react';

/** A page's <h1>: focusable, so the frame can move focus to it after navigation (see SignedInFrame). */
export function PageTitle({ children }: { children: ReactNode }) {
  return (
    <Title order={1} size="h2" tabIndex={-1}>
      {children}
    </Title>
  );
}

/**
 * An administrator's page as anyone else sees it: its title, and whose page it is — not a refusal
 * from the server after a request that was never going to be allowed.
 */
export function AdminOnly({ title, what }: { title: string; what: string }) {
  return (
    <Stack gap="md">
      <PageTitle>{title}</PageTitle>
      <Alert color="gray">Only administrators can {what}.</Alert>
    </Stack>
  );
}

/**
 * A wide table that scrolls sideways on a narrow screen. A scrollable region must be reachable by
 * keyboard (WCAG 2.1.1), so it takes focus and is named.
 */
export function ScrollRegion({
  label,
  minWidth,
  children,
}: {
  label: string;
  minWidth: number;
  children: ReactNode;
}) {
  return (
    <Table.ScrollContainer
      type="native"
      minWidth={minWidth}
      tabIndex={0}
      role="region"
      aria-label={label}
      className="scroll-region"
    >
      {children}
    </Table.ScrollContainer>
  );
}

/**
 * A list of cards or entries without bullets or indent (the phone's cards, alerts, diary entries):
 * still a list to a screen reader, which says how many items it holds.
 */
export function PlainList({
  label,
  gap = 'xs',
  hiddenFrom,
  className,
  children,
}: {
  label?: string;
  gap?: MantineSpacing | number;
  hiddenFrom?: 'sm';
  className?: string;
  children: ReactNode;
}) {
  return (
    <Stack
      component="ul"
      aria-label={label}
      gap={gap}
      hiddenFrom={hiddenFrom}
      className={className}
      p={0}
      m={0}
      style={{ listStyle: 'none' }}
    >
      {children}
    </Stack>
  );
}
