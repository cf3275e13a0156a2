import { Alert, Button, Group, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, type EpisodeDetail, type ScreeningRecord } from '../../api';
import { Dialog } from '../../components/Dialog';
import { FindingList, ProtocolLine, VerdictPanel } from '../../components/Findings';
import { ReasonForm } from '../../components/ReasonForm';
import { RecordedBy, SaveError } from '../../components/StepFrame';
import { isVersionConflict } from '../../components/useStepForm';
import { formatDateTime } from '../../format';
import { ReviewList } from './ClinicianReview';

/** The screening that governs (the newest), as it was shown when saved, and its override. */
export function ScreeningSummary({
  episode,
  record,
  canOverride,
  timeZone,
}: {
  episode: EpisodeDetail;
  record: ScreeningRecord;
  canOverride: boolean;
  timeZone: string;
}) {
  const [overriding, setOverriding] = useState(false);
  const s = record.assessment;
  const older = episode.steps.screenings.length - 1;
  return (
    <Stack gap="sm">
      <VerdictPanel verdict={s.verdict} blocksScheduling={s.blocksScheduling}>
        {record.override && (
          <Text size="sm" fw={600} c={s.verdict === 'not-safe-yet' ? 'white' : undefined}>
            Overridden by {record.override.by}, {formatDateTime(record.override.at, timeZone)}:{' '}
            {record.override.reason}
          </Text>
        )}
      </VerdictPanel>
      {(s.verdict === 'not-safe-yet' || s.blocksScheduling) && !record.override && (
        <Group gap="sm">
          {canOverride ? (
            <Button color="red.9" variant="outline" onClick={() => setOverriding(true)}>
              Override verdict (clinician)
            </Button>
          ) : (
            <Text size="sm" c="gray.8">
              Repeat the screening when things change, or ask a clinician to review and override with a
              reason.
            </Text>
          )}
        </Group>
      )}
      <FindingList
        findings={s.findings}
        label="Screening findings as recorded"
        scheduling
        timeZone={timeZone}
      />
      <ReviewList reviews={record.facts.screening.clinicianReviews} timeZone={timeZone} />
      <ProtocolLine protocol={record.protocol} />
      <RecordedBy record={record} timeZone={timeZone} verb={`Screening ${record.seq}, recorded by`}>
        {older > 0 ? `; ${older} earlier screening${older === 1 ? '' : 's'} kept in the record` : ''}.
      </RecordedBy>
      <Dialog opened={overriding} onClose={() => setOverriding(false)} title="Override the screening verdict">
        {overriding && <OverrideForm episode={episode} record={record} onDone={() => setOverriding(false)} />}
      </Dialog>
    </Stack>
  );
}

function OverrideForm({
  episode,
  record,
  onDone,
}: {
  episode: EpisodeDetail;
  record: ScreeningRecord;
  onDone: () => void;
}) {
  const queryClient = useQueryClient();
  const override = useMutation({
    mutationFn: (reason: string) =>
      api.overrideScreening(episode.id, record.id, { reason, version: episode.version }),
    onSuccess: (detail) => {
      queryClient.setQueryData(['episode', episode.id], detail);
      void queryClient.invalidateQueries({ queryKey: ['episodes'] });
      notifications.show({ color: 'green', message: 'Override recorded.' });
      onDone();
    },
    onError: (err) => {
      if (isVersionConflict(err)) queryClient.setQueryData(['episode', episode.id], err.current);
    },
  });
  return (
    <ReasonForm
      label="Reason for overriding"
      submitLabel="Record override"
      color="red.9"
      pending={override.isPending}
      onSubmit={(reason) => override.mutate(reason)}
      onCancel={onDone}
    >
      <Alert color="orange" variant="light">
        Scheduling will go ahead despite the verdict. Your name, the time and the reason are recorded with the
        screening.
      </Alert>
      {override.error && (
        <SaveError
          error={override.error}
          title={
            isVersionConflict(override.error)
              ? 'The episode changed: read it again before overriding'
              : 'Could not override'
          }
        />
      )}
    </ReasonForm>
  );
}
