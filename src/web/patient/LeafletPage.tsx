/**
 * The patient's own leaflet, at /my/episodes/:episodeId/leaflet: written for them by the server (only
 * what applies to them, their own dates, their clinic's numbers), a PDF to keep, and "Was this
 * helpful?". Opening it records the version they were given, which staff see on the episode.
 *
 * `MyLeafletPage` is the page's content, for the patient portal's PatientShell to mount under
 * /my/...; `StandaloneLeafletPage` wraps it in a plain page of its own (a main landmark and a skip
 * link) until that shell exists.
 */
import { Alert, Anchor, Button, Group, Paper, Stack, Text } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useParams } from 'react-router';
import { api, type MyLeaflet, myLeafletPdfUrl } from '../api';
import { LeafletView } from '../components/LeafletView';
import { PageLoading } from '../components/Loading';
import { useDocumentTitle } from '../components/session';

function Helpful({ episodeId, issue }: { episodeId: string; issue: MyLeaflet['issue'] }) {
  const client = useQueryClient();
  const answer = useMutation({
    mutationFn: (helpful: boolean) => api.leafletFeedback(episodeId, helpful),
    onSuccess: (saved) =>
      client.setQueryData<MyLeaflet>(['my-leaflet', episodeId], (old) =>
        old ? { ...old, issue: saved } : old,
      ),
  });
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby="helpful-heading">
      <Stack gap="sm">
        <Text id="helpful-heading" fw={700} component="h2" size="lg" m={0}>
          Was this helpful?
        </Text>
        <Group gap="sm">
          <Button
            size="md"
            variant={issue.helpful === true ? 'filled' : 'default'}
            aria-pressed={issue.helpful === true}
            loading={answer.isPending && answer.variables === true}
            onClick={() => answer.mutate(true)}
          >
            Yes
          </Button>
          <Button
            size="md"
            variant={issue.helpful === false ? 'filled' : 'default'}
            aria-pressed={issue.helpful === false}
            loading={answer.isPending && answer.variables === false}
            onClick={() => answer.mutate(false)}
          >
            No
          </Button>
        </Group>
        <div aria-live="polite">
          {answer.isError ? (
            <Text c="red.9">Your answer was not saved. Please try again.</Text>
          ) : issue.helpful !== null ? (
            <Text>Thank you. Your answer has been saved.</Text>
          ) : null}
        </div>
      </Stack>
    </Paper>
  );
}

export function MyLeafletPage() {
  const { episodeId = '' } = useParams();
  const q = useQuery({ queryKey: ['my-leaflet', episodeId], queryFn: () => api.myLeaflet(episodeId) });
  useDocumentTitle(q.data?.leaflet.title ?? 'Your leaflet');
  if (q.isPending) return <PageLoading label="Loading your leaflet" />;
  if (q.isError) {
    return (
      <Alert color="red" title="Your leaflet could not be loaded">
        {q.error.message}
      </Alert>
    );
  }
  return (
    <Stack gap="lg">
      <LeafletView leaflet={q.data.leaflet} headingLevel={1} />
      <Anchor href={myLeafletPdfUrl(episodeId)} download size="lg">
        Download this leaflet (PDF)
      </Anchor>
      <Helpful episodeId={episodeId} issue={q.data.issue} />
    </Stack>
  );
}
