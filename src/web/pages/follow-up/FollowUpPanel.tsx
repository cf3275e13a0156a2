import { Alert, Anchor, Badge, Box, Button, Group, List, Paper, Stack, Table, Text } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { symptomName } from '../../../domain/clinical/wording';
import type { Stage } from '../../../domain/stages';
import { recordedElsewhere } from '../../../domain/step-records';
import { ApiError, api, type Diary, type EpisodeDetail, outcomeLetterUrl } from '../../api';
import { Loading } from '../../components/Loading';
import { PlainList, ScrollRegion } from '../../components/Page';
import { StepSection } from '../../components/StepFrame';
import { useSession } from '../../components/session';
import { enteredByText, formatDateTime } from '../../format';
import { urgencyLabels } from './Alerts';
import { diaryKey, symptomReportsKey } from './keys';
import { PainChart } from './PainChart';
import { pgicLabels, promptLabel } from './words';

/** The stages in which an episode has a follow-up to show (from discharge on). */
export const FOLLOW_UP_STAGES: readonly Stage[] = [
  'discharged',
  'following-up',
  'outcome-reviewed',
  'closed',
];

/**
 * The episode's follow-up for the clinician: the pain diary (chart and table) with missed prompts,
 * the patient's worrying-symptom reports with their alerts, and after the outcome review the letter
 * to the referrer (and the repeat episode when the decision was to repeat).
 */
export function FollowUpPanel({ episode }: { episode: EpisodeDetail }) {
  const { clinic } = useSession();
  const tz = clinic.timeZone;
  const diary = useQuery({ queryKey: diaryKey(episode.id), queryFn: () => api.diary(episode.id) });
  const reports = useQuery({
    queryKey: symptomReportsKey(episode.id),
    queryFn: () => api.symptomReports(episode.id),
  });
  const reviewed = episode.steps.outcomeReview;

  return (
    <>
      <StepSection id="diary" title="Pain diary">
        {diary.isPending && <Loading label="Loading the pain diary" />}
        {diary.isError && <Alert color="red">{diary.error.message}</Alert>}
        {diary.data && <DiaryView diary={diary.data} timeZone={tz} />}
      </StepSection>
      <StepSection id="symptom-reports" title="Worrying-symptom reports">
        {reports.isPending && <Loading label="Loading the symptom reports" />}
        {reports.isError && <Alert color="red">{reports.error.message}</Alert>}
        {reports.data && reports.data.items.length === 0 && <Text size="sm">No symptom reports.</Text>}
        {reports.data && reports.data.items.length > 0 && (
          <PlainList gap="sm">
            {reports.data.items.map((r) => (
              <Stack key={r.id} gap={4} component="li">
                <Group gap="xs">
                  <Text size="sm" fw={600}>
                    {formatDateTime(r.reportedAt, tz)}
                  </Text>
                  {r.alert && (
                    <Badge color={urgencyLabels[r.alert.urgency].color} tt="none">
                      {urgencyLabels[r.alert.urgency].label}
                    </Badge>
                  )}
                  {r.imported && (
                    <Badge color="gray.8" variant="outline" tt="none">
                      Imported: reported at another clinic
                    </Badge>
                  )}
                  {!r.alert && r.urgency === 'routine' && (
                    <Badge color="gray.8" variant="light" tt="none">
                      Expected: advice given
                    </Badge>
                  )}
                </Group>
                <Text size="sm">{r.symptoms.map(symptomName).join('; ')}</Text>
                {r.freeText && (
                  <Text size="sm" className="typed-text">
                    “{r.freeText}”
                  </Text>
                )}
                {r.alert?.acknowledgedAt && (
                  <Text size="sm" c="gray.8">
                    Acknowledged by {r.alert.acknowledgedBy} {formatDateTime(r.alert.acknowledgedAt, tz)}:{' '}
                    {r.alert.note}
                  </Text>
                )}
                {r.alert && !r.alert.acknowledgedAt && (
                  <Text size="sm" c="red.9" fw={600}>
                    Not acknowledged yet.{' '}
                    <Anchor component={Link} to="/alerts" size="sm">
                      Open the alerts
                    </Anchor>
                  </Text>
                )}
              </Stack>
            ))}
          </PlainList>
        )}
      </StepSection>
      {reviewed && (
        <StepSection id="outcome-letter" title="Letter to the referrer">
          <Text size="sm">
            {recordedElsewhere.outcomeLetter(episode.steps)
              ? "The outcome review was recorded at another clinic and imported: the letter about it is that clinic's."
              : 'The outcome letter restates the block result, the diary, and the decision as it was recorded.'}
          </Text>
          <Group>
            {!recordedElsewhere.outcomeLetter(episode.steps) && (
              <Button component="a" href={outcomeLetterUrl(episode.id)} variant="default">
                Download the outcome letter (PDF)
              </Button>
            )}
            {reviewed.decision === 'repeat-injection' && episode.stage === 'outcome-reviewed' && (
              <RepeatButton episode={episode} />
            )}
          </Group>
        </StepSection>
      )}
    </>
  );
}

function RepeatButton({ episode }: { episode: EpisodeDetail }) {
  const { user } = useSession();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const repeat = useMutation({
    mutationFn: () => api.openRepeat(episode.id, episode.version),
    onSuccess: async (opened) => {
      await queryClient.invalidateQueries({ queryKey: ['episode', episode.id] });
      void navigate(`/episodes/${opened.id}`);
    },
  });
  if (user.role !== 'clinician') return null;
  return (
    <Stack gap={4}>
      <Button onClick={() => repeat.mutate()} loading={repeat.isPending}>
        Close and open the repeat episode
      </Button>
      {repeat.isError && (
        <Alert color="red" role="alert">
          {repeat.error instanceof ApiError
            ? (repeat.error.detail ?? repeat.error.message)
            : repeat.error.message}
        </Alert>
      )}
    </Stack>
  );
}

/** How many of the latest entries the list shows until someone asks for all (the chart shows all). */
export const LATEST_ENTRIES = 8;

/**
 * The diary as a chart (for the eye) and a table (for everyone), with the prompts that were missed.
 * Three months of entries made a phone's page thousands of pixels long: the latest are listed, the
 * rest a button away, and the chart above shows every one.
 */
export function DiaryView({ diary, timeZone }: { diary: Diary; timeZone: string }) {
  const [all, setAll] = useState(false);
  const missed = diary.prompts.filter((p) => p.status === 'missed');
  const entries = all ? diary.entries : diary.entries.slice(-LATEST_ENTRIES);
  const earlier = diary.entries.length - entries.length;
  const caption = `Pain 0–10${diary.baselinePain !== null ? `; before the injection ${diary.baselinePain}` : ''}. A late entry was made after its prompt closed and stands for the prompt’s time.${earlier > 0 ? ` The latest ${entries.length} of ${diary.entries.length} entries.` : ''}`;
  const toggle = diary.entries.length > LATEST_ENTRIES && (
    <Button variant="default" size="xs" w="fit-content" onClick={() => setAll((a) => !a)}>
      {all
        ? `Show the latest ${LATEST_ENTRIES} only`
        : `Show all ${diary.entries.length} entries (${earlier} earlier)`}
    </Button>
  );
  const lateBadge = (
    <Badge ml="xs" size="sm" color="gray.8" variant="outline" tt="none">
      Late
    </Badge>
  );
  return (
    <Stack gap="sm">
      {diary.entries.length === 0 ? (
        <Text size="sm">No diary entries yet.</Text>
      ) : (
        <>
          <PainChart diary={diary} timeZone={timeZone} />
          {/* On a phone, one card an entry: six columns would only scroll sideways there. */}
          <Stack hiddenFrom="sm" gap={6}>
            <Text size="sm" c="gray.8">
              {caption}
            </Text>
            <PlainList label="Pain diary entries" gap={6}>
              {entries.map((e) => (
                <Paper component="li" key={e.id} withBorder p="xs" radius="sm">
                  <Group gap="xs">
                    <Text size="sm" fw={600}>
                      {formatDateTime(e.at, timeZone)}
                    </Text>
                    {e.late && lateBadge}
                  </Group>
                  <Text size="sm">
                    Pain {e.pain}
                    {e.pgic !== null && ` · ${pgicLabels[e.pgic]}`}
                    {e.opioidDoses !== null && ` · opioid doses ${e.opioidDoses}`}
                  </Text>
                  {e.sideEffects && <Text size="sm">Side effects: {e.sideEffects}</Text>}
                  <Text size="xs" c="gray.7">
                    {enteredByText(e)}
                  </Text>
                </Paper>
              ))}
            </PlainList>
          </Stack>
          <Box visibleFrom="sm">
            <ScrollRegion minWidth={480} label="Pain diary entries">
              <Table striped>
                <Table.Caption>{caption}</Table.Caption>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">When</Table.Th>
                    <Table.Th scope="col">Pain</Table.Th>
                    <Table.Th scope="col">Change (PGIC)</Table.Th>
                    <Table.Th scope="col">Opioid doses</Table.Th>
                    <Table.Th scope="col">Side effects</Table.Th>
                    <Table.Th scope="col">Entered by</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {entries.map((e) => (
                    <Table.Tr key={e.id}>
                      <Table.Td>
                        {formatDateTime(e.at, timeZone)}
                        {e.late && lateBadge}
                      </Table.Td>
                      <Table.Td>{e.pain}</Table.Td>
                      <Table.Td>{e.pgic !== null ? pgicLabels[e.pgic] : '—'}</Table.Td>
                      <Table.Td>{e.opioidDoses ?? '—'}</Table.Td>
                      <Table.Td>{e.sideEffects ?? '—'}</Table.Td>
                      <Table.Td>{enteredByText(e)}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </ScrollRegion>
          </Box>
          {toggle}
        </>
      )}
      {missed.length > 0 ? (
        <Stack gap={4}>
          <Text size="sm" fw={600}>
            {missed.length} missed {missed.length === 1 ? 'prompt' : 'prompts'}
          </Text>
          <List size="sm">
            {missed.map((p) => (
              <List.Item key={p.dueAt}>
                {promptLabel(p.kind, p.after)} ({formatDateTime(p.dueAt, timeZone)})
              </List.Item>
            ))}
          </List>
        </Stack>
      ) : (
        diary.prompts.length > 0 && <Text size="sm">No missed prompts.</Text>
      )}
    </Stack>
  );
}
