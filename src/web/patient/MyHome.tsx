/** The patient's first page: each of their episodes, where it stands and what happens next. */

import { Alert, Badge, Card, Group, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { afterProcedure, diaryOpen } from '../../domain/portal/patient-stage';
import { api, type MyEpisodeSummary } from '../api';
import { PageTitle } from '../components/Page';
import { useDocumentTitle } from '../components/session';
import { formatDate } from '../format';

export const myEpisodesKey = ['my', 'episodes'] as const;

export function MyHomePage() {
  useDocumentTitle('Your care');
  const episodes = useQuery({ queryKey: myEpisodesKey, queryFn: api.myEpisodes });
  return (
    <Stack gap="md">
      <PageTitle>Your care</PageTitle>
      {episodes.isPending && <Text role="status">Loading your care…</Text>}
      {episodes.isError && (
        <Alert color="red" title="Could not load your care">
          {episodes.error.message}
        </Alert>
      )}
      {episodes.data?.items.length === 0 && (
        <Text>There is nothing here yet. The clinic will let you know when there is.</Text>
      )}
      {episodes.data?.items.map((e) => (
        <EpisodeSummaryCard key={e.id} episode={e} />
      ))}
    </Stack>
  );
}

function EpisodeSummaryCard({ episode: e }: { episode: MyEpisodeSummary }) {
  const { done, total } = e.checklistProgress;
  return (
    <Card withBorder radius="md" padding="md" component="article">
      <Stack gap="xs">
        <Group justify="space-between" gap="xs">
          <Title order={2} size="h3" id={`episode-${e.id}`}>
            {e.status.title}
          </Title>
          {total > 0 && (
            <Badge color="gray" variant="light" tt="none" size="lg">
              Checklist {done} of {total}
            </Badge>
          )}
        </Group>
        {e.booking && (
          <Text fw={600}>
            {e.booking.plannedAtLocal}, {e.booking.room}
          </Text>
        )}
        <Text>{e.status.next}</Text>
        <Text size="sm" c="gray.8">
          Referred by {e.referrer} on {formatDate(e.referredOn)}
        </Text>
        {diaryOpen.includes(e.stage) ? (
          <>
            <Text component={Link} to={`/my/episodes/${e.id}/diary`} c="blue.9" fw={600} td="underline">
              Keep your pain diary
            </Text>
            <Text component={Link} to={`/my/episodes/${e.id}`} c="blue.9" td="underline">
              After your injection: what to expect and whom to call
            </Text>
          </>
        ) : (
          <Text component={Link} to={`/my/episodes/${e.id}`} c="blue.9" fw={600} td="underline">
            {afterProcedure.includes(e.stage)
              ? 'Open: after your injection'
              : 'Open: how to get ready and your checklist'}
          </Text>
        )}
      </Stack>
    </Card>
  );
}
