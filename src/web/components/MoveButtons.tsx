import { Alert, Button, Group, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { didNotAttendTimingIssue } from '../../domain/clinical';
import { type AllowedMove, ApiError, api } from '../api';
import { Dialog } from './Dialog';
import { ReasonForm } from './ReasonForm';
import { useSession } from './session';

/**
 * The moves no step form makes (defer, withdraw, start follow-up, close) as buttons, asking for a
 * reason where the move needs one. A 409 means the episode moved on elsewhere: it is reloaded.
 */
export function MoveButtons({
  episode,
  moves,
  label,
  emphasiseFirst = false,
}: {
  episode: {
    id: string;
    patientId: string;
    version: number;
    steps: { booking: { plannedAt: string } | null };
  };
  moves: AllowedMove[];
  label: string;
  emphasiseFirst?: boolean;
}) {
  const queryClient = useQueryClient();
  const { clinic } = useSession();
  const [asking, setAsking] = useState<AllowedMove | null>(null);
  // "Did not attend" ends the booking at once and is undone only by booking again: asked first.
  const [confirming, setConfirming] = useState<AllowedMove | null>(null);
  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: ['episode', episode.id] }),
      queryClient.invalidateQueries({ queryKey: ['patient', episode.patientId] }),
      queryClient.invalidateQueries({ queryKey: ['episodes'] }),
    ]);
  const move = useMutation({
    mutationFn: ({ action, reason }: { action: AllowedMove; reason?: string }) =>
      api.move(episode.id, { move: action.move, reason, version: episode.version }),
    onSuccess: async (_updated, { action }) => {
      setAsking(null);
      setConfirming(null);
      notifications.show({ color: 'green', message: `${action.label}: done.` });
      await refresh();
    },
    onError: async (error) => {
      if (error instanceof ApiError && error.status === 409) {
        setAsking(null);
        setConfirming(null);
        await refresh();
      }
    },
  });
  // "Did not attend" is not offered before the booked day (the server refuses it): before then a
  // patient who will not come is a cancelled booking.
  const booked = episode.steps.booking;
  const early = booked && didNotAttendTimingIssue(new Date(booked.plannedAt), new Date(), clinic.timeZone);
  const buttons = moves.filter((m) => m.step === null && !(m.move === 'did-not-attend' && early));
  if (buttons.length === 0) return null;
  return (
    <Stack gap="xs">
      {move.error && (
        <Alert color="red" title="That did not go through" withCloseButton onClose={() => move.reset()}>
          {move.error.message}
        </Alert>
      )}
      <Group gap="xs" role="group" aria-label={label}>
        {buttons.map((a, i) => (
          <Button
            key={a.move}
            size="sm"
            variant={emphasiseFirst && i === 0 && !a.needsReason ? 'filled' : 'default'}
            loading={move.isPending && move.variables?.action.move === a.move}
            disabled={move.isPending}
            onClick={() =>
              a.needsReason
                ? setAsking(a)
                : a.move === 'did-not-attend'
                  ? setConfirming(a)
                  : move.mutate({ action: a })
            }
          >
            {a.label}
          </Button>
        ))}
      </Group>
      <Dialog opened={confirming !== null} onClose={() => setConfirming(null)} title="Did not attend">
        <Stack gap="md">
          <Text size="sm">
            The booking ends as not attended: the place on the list is given back, the reminders stop, and the
            patient waits for a new date. Only booking again undoes it.
          </Text>
          <Group gap="xs">
            <Button
              color="red"
              loading={move.isPending}
              onClick={() => confirming && move.mutate({ action: confirming })}
            >
              Record: did not attend
            </Button>
            <Button variant="default" onClick={() => setConfirming(null)} data-autofocus>
              Keep the booking
            </Button>
          </Group>
        </Stack>
      </Dialog>
      <ReasonModal
        action={asking}
        pending={move.isPending}
        onCancel={() => setAsking(null)}
        onSubmit={(reason) => asking && move.mutate({ action: asking, reason })}
      />
    </Stack>
  );
}

export function ReasonModal({
  action,
  pending,
  onCancel,
  onSubmit,
}: {
  action: AllowedMove | null;
  pending: boolean;
  onCancel: () => void;
  onSubmit: (reason: string) => void;
}) {
  return (
    <Dialog opened={action !== null} onClose={onCancel} title={action?.label ?? ''}>
      {action && (
        <ReasonForm
          key={action.move}
          description="Recorded in the timeline and used in letters."
          pending={pending}
          onCancel={onCancel}
          onSubmit={onSubmit}
        />
      )}
    </Dialog>
  );
}
