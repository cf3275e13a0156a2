import { Alert, Anchor, Group, Paper, Stack, Text, Timeline, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { stageLabels } from '../../domain/pathway';
import { type AllowedMove, api, type Episode, type EpisodeEvent } from '../api';
import { Loading } from '../components/Loading';
import { formatDate, formatDateTime, sideLabels } from '../format';
import { MoveButtons } from './MoveButtons';
import { StageBadge } from './StageBadge';

/** Moves made by a step form happen on the episode page; the rest (withdraw, close, …) are buttons here. */
function stepLabel(moves: AllowedMove[]): string {
  const next = moves.find((a) => a.step !== null);
  return next ? `: ${next.label.toLowerCase()}` : '';
}

/** One episode: the referral, what can be done next, and what has happened. */
export function EpisodeCard({ episode, timeZone }: { episode: Episode; timeZone: string }) {
  const detail = useQuery({ queryKey: ['episode', episode.id], queryFn: () => api.episode(episode.id) });
  const current = detail.data ?? episode;
  const headingId = `episode-${episode.id}`;
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby={headingId}>
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start" gap="xs">
          <Title order={3} size="h4" id={headingId}>
            Referral of {formatDate(current.referredOn)}
          </Title>
          <StageBadge stage={current.stage} />
        </Group>
        <Text size="sm">
          <Text span fw={600}>
            From:
          </Text>{' '}
          {current.referrer}
          {current.side && (
            <>
              {' · '}
              <Text span fw={600}>
                Side:
              </Text>{' '}
              {sideLabels[current.side]}
            </>
          )}
        </Text>
        <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
          <Text span fw={600}>
            Reason:
          </Text>{' '}
          {current.reason}
        </Text>
        {detail.isPending ? (
          <Loading size="sm" label="Loading the episode" />
        ) : detail.isError ? (
          <Alert color="red" title="Could not load this episode">
            {detail.error.message}
          </Alert>
        ) : (
          <>
            <Anchor component={Link} to={`/episodes/${episode.id}`} fw={600}>
              Open episode{stepLabel(detail.data.allowedMoves)}
            </Anchor>
            {detail.data.allowedMoves.some((m) => m.step === null) ? (
              <MoveButtons
                episode={detail.data}
                moves={detail.data.allowedMoves}
                label="Next steps"
                emphasiseFirst
              />
            ) : (
              <Text size="sm" c="gray.7">
                No further steps for you at this stage.
              </Text>
            )}
            <EpisodeTimeline events={detail.data.events} timeZone={timeZone} />
          </>
        )}
      </Stack>
    </Paper>
  );
}

/**
 * Oldest first. Steps recorded in one transaction share a timestamp, so ties follow the pathway:
 * the step that starts from the stage the previous one ended in comes next.
 */
export function chronological(events: EpisodeEvent[]): EpisodeEvent[] {
  const remaining = [...events].sort((a, b) => a.at.localeCompare(b.at));
  const ordered: EpisodeEvent[] = [];
  let stage: string | null = null;
  while (remaining.length > 0) {
    const earliest = remaining[0]!.at;
    const tied = remaining.filter((e) => e.at === earliest);
    const next = tied.find((e) => e.fromStage === stage) ?? tied[0]!;
    remaining.splice(remaining.indexOf(next), 1);
    ordered.push(next);
    stage = next.toStage ?? stage;
  }
  return ordered;
}

export function EpisodeTimeline({
  events,
  timeZone,
  heading = true,
}: {
  events: EpisodeEvent[];
  timeZone: string;
  /** False where the surrounding section already has a heading. */
  heading?: boolean;
}) {
  if (events.length === 0) return null;
  const ordered = chronological(events);
  return (
    <Stack gap="xs">
      {heading && (
        <Title order={4} size="h6">
          Timeline
        </Title>
      )}
      <Timeline active={ordered.length - 1} bulletSize={14} lineWidth={2}>
        {ordered.map((e) => (
          <Timeline.Item key={e.id} title={e.summary}>
            {e.fromStage !== e.toStage && (
              <Text size="sm" c="gray.8">
                {e.fromStage ? `${stageLabels[e.fromStage]} → ` : ''}
                {stageLabels[e.toStage]}
              </Text>
            )}
            {e.reason && (
              <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                Reason: {e.reason}
              </Text>
            )}
            <Text size="xs" c="gray.7">
              {formatDateTime(e.at, timeZone)} · {e.actor.name} ({e.actor.role})
            </Text>
          </Timeline.Item>
        ))}
      </Timeline>
    </Stack>
  );
}
