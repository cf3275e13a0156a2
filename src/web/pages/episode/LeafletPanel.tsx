/**
 * The patient's leaflet on the episode: which version they were given and when, whether they found
 * it helpful, the leaflet exactly as they read it (opened on request), and its PDF.
 */
import { Anchor, Button, Group, Paper, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api, type LeafletIssue, leafletPdfUrl } from '../../api';
import { LeafletView } from '../../components/LeafletView';
import { Loading } from '../../components/Loading';
import { StepSection } from '../../components/StepFrame';
import { formatDateTime } from '../../format';

const helpfulText = (i: LeafletIssue) => (i.helpful === null ? 'not answered' : i.helpful ? 'yes' : 'no');

export function LeafletPanel({ episodeId, timeZone }: { episodeId: string; timeZone: string }) {
  const [open, setOpen] = useState(false);
  const q = useQuery({
    queryKey: ['episode-leaflet', episodeId],
    queryFn: () => api.episodeLeaflet(episodeId),
  });
  return (
    <StepSection id="leaflet" title="Patient leaflet">
      {q.isPending ? (
        <Loading size="sm" label="Loading the leaflet" />
      ) : q.isError ? (
        <Text size="sm" c="red.9">
          The leaflet could not be loaded: {q.error.message}
        </Text>
      ) : (
        <Stack gap="sm">
          {q.data.issues.length === 0 ? (
            <Text size="sm">The patient has not opened their leaflet yet.</Text>
          ) : (
            <ul style={{ margin: 0, paddingLeft: 20 }} aria-label="Versions given">
              {q.data.issues.map((i) => (
                <li key={`${i.leaflet}-${i.version}`}>
                  <Text size="sm" span>
                    Given {i.leaflet} version {i.version} on {formatDateTime(i.givenAt, timeZone)} · Helpful:{' '}
                    {helpfulText(i)}
                  </Text>
                </li>
              ))}
            </ul>
          )}
          <Group gap="sm">
            <Button variant="default" size="sm" aria-expanded={open} onClick={() => setOpen((o) => !o)}>
              {open ? 'Hide the leaflet' : 'Show the leaflet as the patient sees it'}
            </Button>
            <Anchor href={leafletPdfUrl(episodeId)} download size="sm">
              Download the leaflet (PDF)
            </Anchor>
          </Group>
          {open && (
            <Paper withBorder p="md" radius="md" maw={720}>
              <LeafletView leaflet={q.data.leaflet} headingLevel={3} />
            </Paper>
          )}
        </Stack>
      )}
    </StepSection>
  );
}
