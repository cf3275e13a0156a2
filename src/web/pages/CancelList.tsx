import { Alert, Anchor, Button, List, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation } from '@tanstack/react-query';
import { Link } from 'react-router';
import { listCancelProblems } from '../../domain/procedure-lists';
import {
  ApiError,
  api,
  type ProcedureList,
  type ProcedureListCancelled,
  type ProcedureListEntry,
} from '../api';
import { ReasonForm } from '../components/ReasonForm';
import { formatDate } from '../format';
import { useRefreshList } from './listQueries';

/**
 * A list cancelled (an operator off sick, a theatre closed): every booking on it ends, each patient
 * waits for a new date, their reminders are not sent, and those with an email address are told not
 * to come. The domain's rule says first whether it can be (nobody on it checked in or treated),
 * as the server will. A conflict (a booking made meanwhile) reads the list again and keeps the reason.
 */
export function CancelListForm({
  list,
  entries,
  today,
  onDone,
}: {
  list: ProcedureList;
  entries: ProcedureListEntry[];
  today: string;
  onDone: (result?: ProcedureListCancelled) => void;
}) {
  const refresh = useRefreshList(list.id);
  const cancel = useMutation({
    mutationFn: (reason: string) =>
      api.cancelProcedureList(list.id, {
        reason,
        version: list.version,
        episodes: entries.map((e) => e.episodeId),
      }),
    onSuccess: async (result) => {
      await refresh();
      notifications.show({ color: 'green', message: `The list of ${formatDate(list.date)} is cancelled.` });
      onDone(result);
    },
    onError: async (error) => {
      if (error instanceof ApiError && error.code === 'version_conflict') await refresh();
    },
  });
  const problems = listCancelProblems(
    { date: list.date, cancelled: list.cancelled !== null },
    entries.map((e) => ({ name: e.patient.name, stage: e.stage })),
    today,
  );
  if (problems.length > 0)
    return (
      <Stack gap="md">
        <Alert color="orange" title="This list cannot be cancelled">
          <List size="sm">
            {problems.map((p) => (
              <List.Item key={p}>{p}.</List.Item>
            ))}
          </List>
        </Alert>
        <Button variant="default" onClick={() => onDone()} data-autofocus>
          Back to the list
        </Button>
      </Stack>
    );
  const n = list.booked;
  const toPhone = entries.filter((e) => !e.hasEmail).map((e) => e.patient.name);
  return (
    <ReasonForm
      label="Why the list is cancelled"
      description="For the team: it is on each booking and in each timeline. Patients are not sent it."
      missing="Give the reason the list is cancelled"
      submitLabel="Cancel the list"
      cancelLabel="Keep the list"
      color="red"
      pending={cancel.isPending}
      onSubmit={(reason) => cancel.mutate(reason)}
      onCancel={() => onDone()}
    >
      <Text size="sm">
        {n === 0
          ? 'Nobody is booked on this list. It stays in the day’s lists, marked cancelled, and nobody can be booked on it.'
          : `${n === 1 ? 'The booking' : `All ${n} bookings`} on this list will end: each patient waits for a new date, their reminders are not sent, and those with an email address are told not to come.`}
      </Text>
      {toPhone.length > 0 && (
        <Text size="sm">
          No email address is on record for {toPhone.join(', ')}: phone{' '}
          {toPhone.length === 1 ? 'them' : 'each'} once the list is cancelled.
        </Text>
      )}
      {cancel.isError && (
        <Alert color="red" title="The list was not cancelled" role="alert">
          {cancel.error.message}
        </Alert>
      )}
    </ReasonForm>
  );
}

/** After a list is cancelled: who was emailed, and whom to phone (no email address on record). */
export function CancelledPatients({ result }: { result: ProcedureListCancelled }) {
  const names = (people: ProcedureListCancelled['told']) =>
    people.map((p, i) => (
      <span key={p.episodeId}>
        {i > 0 && ', '}
        <Anchor component={Link} to={`/episodes/${p.episodeId}`}>
          {p.name}
        </Anchor>
      </span>
    ));
  if (result.told.length + result.notTold.length === 0) return null;
  return (
    <Alert
      color={result.notTold.length > 0 ? 'orange' : 'green'}
      title="The patients booked on it"
      role="status"
    >
      <Stack gap={4}>
        {result.notTold.length > 0 && (
          <Text size="sm">
            <strong>Phone {result.notTold.length === 1 ? 'this patient' : 'these patients'}</strong> (no email
            address on record): {names(result.notTold)}.
          </Text>
        )}
        {result.told.length > 0 && <Text size="sm">Emailed not to come: {names(result.told)}.</Text>}
      </Stack>
    </Alert>
  );
}
