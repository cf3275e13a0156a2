import { Alert, Anchor, Button, Group, Radio, Stack, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { bookingTimeProblem, newListDateProblem } from '../../../domain/procedure-lists';
import {
  ApiError,
  api,
  type BookingRecord,
  type EpisodeDetail,
  instructionsLetterUrl,
  type ProcedureList,
} from '../../api';
import { PlainList } from '../../components/Findings';
import { ProcedureListForm } from '../../components/ProcedureListForm';
import { RecordedBy, SaveError, StepFormFrame } from '../../components/StepFrame';
import { useSession } from '../../components/session';
import { useStepEditor } from '../../components/useStepForm';
import { formatDate, formatDateTime, todayIn } from '../../format';
import { timeError } from './fields';

const addDays = (iso: string, days: number) => {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
};

export const listLabel = (l: ProcedureList) =>
  `${formatDate(l.date)}, from ${l.startTime} · ${l.operator} · ${l.room} · ${l.booked} of ${l.capacity} booked`;

interface Values {
  procedureListId: string;
  time: string;
}

/** Book the episode on a procedure list, or say why it cannot be booked yet. */
export function BookingStep({ episode, timeZone }: { episode: EpisodeDetail; timeZone: string }) {
  const today = todayIn(timeZone);
  const lists = useQuery({
    queryKey: ['procedure-lists', today],
    queryFn: () => api.procedureLists({ from: today, to: addDays(today, 120) }),
  });
  const editor = useStepEditor<Values, { procedureListId: string; time: string }>(
    { episode, timeZone },
    'booking',
    () => ({ procedureListId: '', time: '' }),
    (body) => api.book(episode.id, body),
    { saved: 'Booked.' },
  );
  const { form, step } = editor;
  const [errors, setErrors] = useState<Partial<Record<keyof Values, string>>>({});
  const [creating, setCreating] = useState(false);
  const blocked = episode.steps.schedulingBlockedBecause;
  const v = form.values;
  const chosen = lists.data?.items.find((l) => l.id === v.procedureListId);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found: typeof errors = {};
    if (!v.procedureListId) found.procedureListId = 'Choose a procedure list';
    const wrongTime = timeError(v.time, '09:30') ?? (chosen && bookingTimeProblem(v.time.trim(), chosen));
    if (wrongTime) found.time = wrongTime;
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    step.save({ procedureListId: v.procedureListId, time: v.time.trim() });
  };

  return (
    <Stack gap="md">
      {blocked && (
        <Alert color="red" variant="light" title="Cannot be scheduled yet" role="status">
          {blocked}
        </Alert>
      )}
      <StepFormFrame
        label="Booking"
        onSubmit={submit}
        editor={editor}
        errorTitle={
          step.mutation.error instanceof ApiError && step.mutation.error.code === 'list_full'
            ? 'That list is full'
            : 'Could not book'
        }
        submit={
          <Group gap="sm">
            <Button type="submit" disabled={Boolean(blocked)} loading={step.mutation.isPending}>
              Book
            </Button>
            <Button variant="default" onClick={() => setCreating((c) => !c)} aria-expanded={creating}>
              {creating ? 'Close new list' : 'Create a procedure list'}
            </Button>
          </Group>
        }
      >
        {lists.isError && <SaveError error={lists.error} title="Could not load the procedure lists" />}
        <Radio.Group
          id="booking-list"
          label="Procedure list"
          description="Lists from today for the next four months"
          value={v.procedureListId}
          onChange={(procedureListId) => {
            const list = lists.data?.items.find((l) => l.id === procedureListId);
            form.set((s) => ({ ...s, procedureListId, time: s.time || list?.startTime || '' }));
            setErrors(({ procedureListId: _, ...rest }) => rest);
          }}
          error={errors.procedureListId}
        >
          <Stack gap={6} mt={6}>
            {lists.data?.items.length === 0 && (
              <Text size="sm" c="gray.7">
                No procedure lists yet. Create one below.
              </Text>
            )}
            {lists.data?.items.map((l) => (
              <Radio
                key={l.id}
                value={l.id}
                label={listLabel(l)}
                disabled={Boolean(blocked) || l.cancelled !== null || l.booked >= l.capacity}
                description={l.cancelled ? 'Cancelled' : l.booked >= l.capacity ? 'Full' : undefined}
              />
            ))}
          </Stack>
        </Radio.Group>
        <TextInput
          id="booking-time"
          label="Time (HH:MM)"
          placeholder={chosen?.startTime ?? '09:30'}
          w={160}
          value={v.time}
          disabled={Boolean(blocked)}
          onChange={(e) => {
            form.set({ time: e.currentTarget.value });
            setErrors(({ time: _, ...rest }) => rest);
          }}
          error={errors.time}
        />
      </StepFormFrame>
      {creating && <NewListForm today={today} onCreated={() => setCreating(false)} />}
    </Stack>
  );
}

function NewListForm({ today, onCreated }: { today: string; onCreated: () => void }) {
  const queryClient = useQueryClient();
  const { user } = useSession();
  return (
    <ProcedureListForm
      id="new-list"
      title="New procedure list"
      saveLabel="Create list"
      initial={{
        date: today,
        startTime: '08:30',
        operator: user.role === 'clinician' ? user.name : '',
        room: '',
        capacity: 6,
      }}
      problems={(date) => {
        const past = newListDateProblem(date, today);
        return past ? [{ field: 'date', message: past }] : [];
      }}
      save={api.createProcedureList}
      onSaved={async (list) => {
        await queryClient.invalidateQueries({ queryKey: ['procedure-lists'] });
        notifications.show({
          color: 'green',
          message: `Procedure list on ${formatDate(list.date)} created.`,
        });
        onCreated();
      }}
    />
  );
}

const statusWords = {
  booked: 'booked',
  rescheduled: 'rescheduled',
  cancelled: 'cancelled',
  'did-not-attend': 'did not attend',
} as const;

export function BookingSummary({ episode, timeZone }: { episode: EpisodeDetail; timeZone: string }) {
  const record = episode.steps.booking;
  const earlier = episode.steps.bookings.filter((b) => b.status !== 'booked');
  if (!record && earlier.length === 0) return null;
  return (
    <Stack gap={6}>
      {record && <CurrentBooking episode={episode} record={record} timeZone={timeZone} />}
      {earlier.length > 0 && (
        <Stack gap={2}>
          <Text size="sm" fw={600}>
            Earlier bookings
          </Text>
          <ul style={{ margin: 0, paddingLeft: 20 }}>
            {earlier.map((b) => (
              <li key={b.id}>
                <Text size="sm" span>
                  {formatDateTime(b.plannedAt, timeZone)} ({b.procedureList.room}): {statusWords[b.status]}
                  {b.statusReason ? ` — ${b.statusReason}` : ''}
                </Text>
              </li>
            ))}
          </ul>
        </Stack>
      )}
    </Stack>
  );
}

function CurrentBooking({
  episode,
  record,
  timeZone,
}: {
  episode: EpisodeDetail;
  record: BookingRecord;
  timeZone: string;
}) {
  const l = record.procedureList;
  return (
    <Stack gap={6}>
      <Text size="sm">
        <b>Booked for {formatDateTime(record.plannedAt, timeZone)}</b> on the list of {formatDate(l.date)} (
        {l.operator}, {l.room}; {l.booked} of {l.capacity} booked).
      </Text>
      <Title order={3} size="h5">
        Instructions for the patient
      </Title>
      {record.instructions.forPatient.length > 0 ? (
        <PlainList items={record.instructions.forPatient} />
      ) : (
        <Text size="sm">
          {record.instructions.screening.verdict === 'not-safe-yet'
            ? 'No preparation is given while the injection is not safe yet.'
            : 'No special instructions.'}
        </Text>
      )}
      <Anchor href={instructionsLetterUrl(episode.id)} download size="sm">
        Preparation letter for the patient (PDF)
      </Anchor>
      <RecordedBy record={record} timeZone={timeZone} verb="Booked by" />
    </Stack>
  );
}
