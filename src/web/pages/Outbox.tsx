/**
 * The clinic's outbox, for admins: every message to patients and staff, newest first. Without a
 * mail server (SMTP_URL unset) this is how an invitation or a sign-in code reaches a patient: an
 * admin reads it here and passes it on (by phone, say).
 */

import { Alert, Badge, Button, Card, Group, Stack, Text } from '@mantine/core';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { api, type OutboxMessage } from '../api';
import { PageLoading } from '../components/Loading';
import { AdminOnly, PageTitle } from '../components/Page';
import { useDocumentTitle, useSession } from '../components/session';
import { useReadAgainOnStamp } from '../components/stamp';
import { formatDateTime } from '../format';

const kindLabels: Record<string, string> = {
  invitation: 'Invitation',
  'sign-in-code': 'Sign-in code',
  'sign-in-link': 'Sign-in link',
  'set-password': 'Set password',
  'reminder-day-before': 'Reminder: the day before',
  'reminder-morning-of': 'Reminder: the morning of',
  'list-cancelled': 'Procedure list cancelled',
  'list-room-changed': 'Procedure list: a new room',
  'diary-prompt': 'Diary prompt',
  'alert-escalation': 'Alert waiting too long',
};

const outboxKey = ['outbox'] as const;

/** An open Outbox shows a new message (a patient's sign-in code) within 10 s, read only when one comes. */
function useNewMessages(enabled: boolean, shown: string | undefined) {
  const stamp = useQuery({
    queryKey: [...outboxKey, 'stamp'],
    queryFn: api.outboxStamp,
    enabled,
    refetchInterval: 10_000,
  }).data?.stamp;
  useReadAgainOnStamp(stamp, shown, outboxKey);
}

export function OutboxPage() {
  useDocumentTitle('Outbox');
  const { user, clinic } = useSession();
  const isAdmin = user.role === 'admin';
  const outbox = useInfiniteQuery({
    queryKey: outboxKey,
    queryFn: ({ pageParam }) => api.outbox(pageParam, 50),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    enabled: isAdmin,
  });
  useNewMessages(isAdmin, outbox.data?.pages[0]?.stamp);
  const heading = <PageTitle>Outbox</PageTitle>;
  if (!isAdmin) return <AdminOnly title="Outbox" what="read the outbox" />;
  if (outbox.isPending) return <PageLoading label="Loading the outbox" />;
  if (outbox.isError) {
    return (
      <Stack gap="md">
        {heading}
        <Alert color="red" title="Could not load the outbox">
          {outbox.error.message}
        </Alert>
      </Stack>
    );
  }
  const messages = outbox.data.pages.flatMap((p) => p.items);
  const delivery = outbox.data.pages[0]?.delivery ?? 'outbox';
  return (
    <Stack gap="md">
      {heading}
      <Text c="gray.7" size="sm">
        {delivery === 'email'
          ? 'Messages are sent by email; this is what went, newest first.'
          : 'No mail server is set up (SMTP_URL), so messages stay here: pass each one on to its person. Newest first.'}{' '}
        Times are in {clinic.timeZone}.
      </Text>
      {messages.length === 0 && <Text>No messages yet.</Text>}
      {messages.map((m) => (
        <MessageCard key={m.id} message={m} timeZone={clinic.timeZone} />
      ))}
      {outbox.hasNextPage && (
        <Button variant="default" onClick={() => outbox.fetchNextPage()} loading={outbox.isFetchingNextPage}>
          Older messages
        </Button>
      )}
    </Stack>
  );
}

function MessageCard({ message: m, timeZone }: { message: OutboxMessage; timeZone: string }) {
  return (
    <Card withBorder component="article" aria-label={`${kindLabels[m.kind] ?? m.kind} to ${m.to}`}>
      <Group justify="space-between" gap="xs">
        <Text fw={600}>{m.subject}</Text>
        <Badge
          variant={m.status === 'failed' ? 'filled' : 'light'}
          color={m.status === 'failed' ? 'red.9' : 'gray'}
          tt="none"
        >
          {kindLabels[m.kind] ?? m.kind} · {m.status}
        </Badge>
      </Group>
      <Text size="sm" c="gray.8">
        To {m.to}, {formatDateTime(m.createdAt, timeZone)}
        {m.lastError ? ` · last error: ${m.lastError}` : ''}
      </Text>
      <Text mt="xs" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
        {m.text}
      </Text>
    </Card>
  );
}
