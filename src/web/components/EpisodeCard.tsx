import { Alert, Anchor, Button, Group, Loader, Paper, Stack, Text, Timeline, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { type Action, moves, stageLabels } from '../../domain/pathway';
import { type AllowedAction, ApiError, api, type Episode, type EpisodeEvent } from '../api';
import { formatDate, formatDateTime, sideLabels } from '../format';
import { Dialog } from './Dialog';
import { ReasonForm } from './ReasonForm';
import { StageBadge } from './StageBadge';

function actionLabel(action: string): string {
  if (action in moves) return moves[action as Action].label;
  if (action === 'refer' || action === 'create' || action === 'created') return 'Referral recorded';
  return action.replace(/[-_]/g, ' ').replace(/^./, (c) => c.toUpperCase());
}

/** Moves made by a step form happen on the episode page; the rest (withdraw, close, …) are buttons here. */
const formOf = (a: AllowedAction) => a.form;
const buttons = (actions: AllowedAction[]) => actions.filter((a) => formOf(a) === null);
function stepLabel(actions: AllowedAction[]): string {
  const next = actions.find((a) => formOf(a) !== null);
  return next ? `: ${next.label.toLowerCase()}` : '';
}

/** One episode: the referral, what can be done next, and what has happened. */
export function EpisodeCard({ episode, timeZone }: { episode: Episode; timeZone: string }) {
  const queryClient = useQueryClient();
  const detail = useQuery({ queryKey: ['episode', episode.id], queryFn: () => api.episode(episode.id) });
  const [asking, setAsking] = useState<AllowedAction | null>(null);

  const current = detail.data ?? episode;
  const move = useMutation({
    mutationFn: ({ action, reason }: { action: AllowedAction; reason?: string }) =>
      api.transition(episode.id, { action: action.action, reason, version: current.version }),
    onSuccess: async (_updated, { action }) => {
      setAsking(null);
      notifications.show({ color: 'green', message: `${action.label}: done.` });
      await refresh();
    },
    onError: async (error) => {
      // A conflict means the episode moved on elsewhere; show the new state alongside the message.
      if (error instanceof ApiError && error.status === 409) {
        setAsking(null);
        await refresh();
      }
    },
  });

  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: ['episode', episode.id] }),
      queryClient.invalidateQueries({ queryKey: ['patient', episode.patientId] }),
      queryClient.invalidateQueries({ queryKey: ['episodes'] }),
    ]);

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

        {move.error && (
          <Alert color="red" title="That did not go through" withCloseButton onClose={() => move.reset()}>
            {move.error.message}
          </Alert>
        )}

        {detail.isPending ? (
          <Loader size="sm" aria-label="Loading the episode" />
        ) : detail.isError ? (
          <Alert color="red" title="Could not load this episode">
            {detail.error.message}
          </Alert>
        ) : (
          <>
            <Anchor component={Link} to={`/episodes/${episode.id}`} fw={600}>
              Open episode{stepLabel(detail.data.allowedActions)}
            </Anchor>
            {buttons(detail.data.allowedActions).length > 0 ? (
              <Group gap="xs" aria-label="Next steps" role="group">
                {buttons(detail.data.allowedActions).map((a, i) => (
                  <Button
                    key={a.action}
                    size="sm"
                    variant={i === 0 && !a.needsReason ? 'filled' : 'default'}
                    loading={move.isPending && move.variables?.action.action === a.action}
                    disabled={move.isPending}
                    onClick={() => (a.needsReason ? setAsking(a) : move.mutate({ action: a }))}
                  >
                    {a.label}
                  </Button>
                ))}
              </Group>
            ) : (
              <Text size="sm" c="gray.7">
                No further steps for you at this stage.
              </Text>
            )}
            <EpisodeTimeline events={detail.data.events} timeZone={timeZone} />
          </>
        )}
      </Stack>
      <ReasonModal
        action={asking}
        pending={move.isPending}
        onCancel={() => setAsking(null)}
        onSubmit={(reason) => asking && move.mutate({ action: asking, reason })}
      />
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
          <Timeline.Item key={e.id} title={actionLabel(e.action)}>
            {e.toStage && (
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

export function ReasonModal({
  action,
  pending,
  onCancel,
  onSubmit,
}: {
  action: AllowedAction | null;
  pending: boolean;
  onCancel: () => void;
  onSubmit: (reason: string) => void;
}) {
  return (
    <Dialog opened={action !== null} onClose={onCancel} title={action?.label ?? ''}>
      {action && (
        <ReasonForm
          key={action.action}
          description="Recorded in the timeline and used in letters."
          pending={pending}
          onCancel={onCancel}
          onSubmit={onSubmit}
        />
      )}
    </Dialog>
  );
}
