/**
 * One episode as its patient sees it: where it stands, the booking, how to get ready, their
 * checklist (the one thing they change here), after-care, and whom to call.
 */

import { Alert, Anchor, Card, Checkbox, List, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { whenClosed } from '../../domain/clinical/wording';
import { diaryOpen } from '../../domain/portal/patient-stage';
import { api, type MyEpisode, type PatientChecklist } from '../api';
import { PageLoading } from '../components/Loading';
import { PageTitle } from '../components/Page';
import { useDocumentTitle } from '../components/session';
import { telHref } from '../format';
import { myEpisodesKey } from './MyHome';

const episodeKey = (id: string) => ['my', 'episode', id] as const;

export function MyEpisodePage() {
  const { episodeId = '' } = useParams();
  useDocumentTitle('Your injection');
  const episode = useQuery({ queryKey: episodeKey(episodeId), queryFn: () => api.myEpisode(episodeId) });
  if (episode.isPending) return <PageLoading label="Loading your injection" />;
  if (episode.isError) {
    return (
      <Stack>
        <PageTitle>Not found</PageTitle>
        <Alert color="red">{episode.error.message}</Alert>
        <Anchor component={Link} to="/my">
          Back to your care
        </Anchor>
      </Stack>
    );
  }
  const e = episode.data;
  return (
    <Stack gap="md">
      <Anchor component={Link} to="/my" size="sm">
        ← Your care
      </Anchor>
      <PageTitle>{e.status.title}</PageTitle>
      {e.booking && (
        <Text size="lg" fw={600}>
          {e.booking.plannedAtLocal}, {e.booking.room}
        </Text>
      )}
      <Text>{e.status.next}</Text>
      <Stack gap={4}>
        <Anchor component={Link} to={`/my/episodes/${e.id}/leaflet`} size="lg">
          Read your leaflet: what will happen, and how to get ready
        </Anchor>
        {diaryOpen.includes(e.stage) && (
          <Anchor component={Link} to={`/my/episodes/${e.id}/diary`} size="lg">
            Your pain diary
          </Anchor>
        )}
      </Stack>
      {e.notYet.length > 0 && (
        <Alert color="yellow">
          <Text fw={700}>Why it has to wait</Text>
          <List>
            {e.notYet.map((t) => (
              <List.Item key={t}>{t}</List.Item>
            ))}
          </List>
        </Alert>
      )}
      {e.checklist.items.length > 0 && <Checklist episodeId={e.id} checklist={e.checklist} />}
      {e.preparation.length > 0 && (
        <Section title="How to get ready">
          <List spacing="xs">
            {e.preparation.map((t) => (
              <List.Item key={t}>{t}</List.Item>
            ))}
          </List>
        </Section>
      )}
      {e.afterCare && (
        <Section title="After your injection">
          <List spacing="xs">
            {e.afterCare.instructions.map((t) => (
              <List.Item key={t}>{t}</List.Item>
            ))}
          </List>
          {e.afterCare.urgent.length > 0 && (
            <Alert color="red" title={`Call ${e.clinic.contacts.urgentPhone} straight away if`} mt="sm">
              <List>
                {e.afterCare.urgent.map((t) => (
                  <List.Item key={t}>{t}</List.Item>
                ))}
              </List>
            </Alert>
          )}
        </Section>
      )}
      <Contacts clinic={e.clinic} />
    </Stack>
  );
}

function Section({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <Card withBorder radius="md" padding="md" component="section">
      <Title order={2} size="h3" mb="xs">
        {title}
      </Title>
      {children}
    </Card>
  );
}

function Checklist({ episodeId, checklist }: { episodeId: string; checklist: PatientChecklist }) {
  const queryClient = useQueryClient();
  const tick = useMutation({
    mutationFn: ({ item, checked }: { item: string; checked: boolean }) =>
      api.tickChecklist(episodeId, item, checked),
    onSuccess: (list) => {
      queryClient.setQueryData<MyEpisode>(episodeKey(episodeId), (e) => (e ? { ...e, checklist: list } : e));
      void queryClient.invalidateQueries({ queryKey: myEpisodesKey });
    },
  });
  const done = checklist.items.filter((i) => i.checked).length;
  return (
    <Section title="Your checklist">
      <Text mb="sm" aria-live="polite">
        {checklist.complete
          ? 'All done: thank you. Bring this page with you if you like.'
          : `${done} of ${checklist.items.length} ticked. Tick each one when it is sorted.`}
      </Text>
      {tick.error && (
        <Alert color="red" mb="sm" title="Could not save your tick">
          {tick.error.message}
        </Alert>
      )}
      <Stack gap="md">
        {checklist.items.map((item) => (
          <Checkbox
            key={item.key}
            size="md"
            checked={item.checked}
            disabled={tick.isPending}
            onChange={(ev) => tick.mutate({ item: item.key, checked: ev.currentTarget.checked })}
            label={item.label}
            description={
              item.changedSinceTicked
                ? `This has changed since you ticked it. Please read it again: ${item.instruction}`
                : item.instruction
            }
          />
        ))}
      </Stack>
    </Section>
  );
}

function Contacts({ clinic }: { clinic: MyEpisode['clinic'] }) {
  const c = clinic.contacts;
  return (
    <Section title={`Contact ${clinic.name}`}>
      <Stack gap={4}>
        <Text>
          Questions: <Anchor href={telHref(c.phone)}>{c.phone}</Anchor>
          {c.hours ? ` (${c.hours})` : ''}
        </Text>
        <Text>
          Urgent worries: <Anchor href={telHref(c.urgentPhone)}>{c.urgentPhone}</Anchor>
        </Text>
        <Text>{whenClosed(c.outOfHours)}</Text>
        {c.address && <Text style={{ whiteSpace: 'pre-line' }}>{c.address}</Text>}
      </Stack>
    </Section>
  );
}
