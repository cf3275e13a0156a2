import { Alert, Anchor, Button, Group, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { recordedElsewhere } from '../../../domain/step-records';
import { api, dischargeSummaryUrl, type EpisodeDetail } from '../../api';
import { Dialog } from '../../components/Dialog';
import { ReasonForm } from '../../components/ReasonForm';
import { SaveError } from '../../components/StepFrame';
import { isVersionConflict } from '../../components/useStepForm';
import { recordedByText } from '../../format';

/** Discharge once recovery says ready, or with a recorded reason when it does not. */
export function DischargeStep({ episode }: { episode: EpisodeDetail }) {
  const queryClient = useQueryClient();
  const [asking, setAsking] = useState(false);
  const recovery = episode.steps.recovery;
  const ready = recovery?.assessment.discharge.ready ?? false;
  const discharge = useMutation({
    mutationFn: (overrideReason?: string) =>
      api.discharge(episode.id, { version: episode.version, ...(overrideReason ? { overrideReason } : {}) }),
    onSuccess: (detail) => {
      setAsking(false);
      queryClient.setQueryData(['episode', episode.id], detail);
      void queryClient.invalidateQueries({ queryKey: ['episodes'] });
      void queryClient.invalidateQueries({ queryKey: ['patient', episode.patientId] });
      notifications.show({ color: 'green', message: 'Discharged.' });
    },
    onError: (error) => {
      if (isVersionConflict(error)) queryClient.setQueryData(['episode', episode.id], error.current);
    },
  });
  if (!recovery) return <Text size="sm">Record recovery first: the discharge checklist is part of it.</Text>;
  return (
    <Stack gap="sm">
      <SaveError error={discharge.error} title="Not discharged" />
      {ready ? (
        <Group>
          <Button onClick={() => discharge.mutate(undefined)} loading={discharge.isPending}>
            Discharge
          </Button>
        </Group>
      ) : (
        <Alert color="orange" variant="light" title="The discharge checklist is not complete">
          <Stack gap="xs">
            <Text size="sm">Complete it and save recovery again, or discharge with a recorded reason.</Text>
            <Group>
              <Button variant="default" onClick={() => setAsking(true)}>
                Discharge with a reason
              </Button>
            </Group>
          </Stack>
        </Alert>
      )}
      <Dialog opened={asking} onClose={() => setAsking(false)} title="Discharge despite the checklist">
        {asking && (
          <ReasonForm
            description="Recorded with the discharge and shown in the summary."
            submitLabel="Discharge"
            pending={discharge.isPending}
            onSubmit={(r) => discharge.mutate(r)}
            onCancel={() => setAsking(false)}
          />
        )}
      </Dialog>
    </Stack>
  );
}

/** The discharge summary as PDFs: the patient's copy and the letter to the referrer. */
export function DischargeSummaryLinks({ episode, timeZone }: { episode: EpisodeDetail; timeZone: string }) {
  const d = episode.steps.discharge;
  return (
    <Stack gap="xs">
      {d && (
        <Text size="sm">
          {recordedByText(d, timeZone, 'Discharged by')}
          {d.overrideReason ? `, although the checklist was not complete: ${d.overrideReason}` : ''}.
        </Text>
      )}
      {recordedElsewhere.dischargeSummary(episode.steps) ? (
        <Text size="sm">
          The procedure was recorded at another clinic and imported: its discharge summary is that clinic's.
        </Text>
      ) : (
        <Group gap="lg">
          <Anchor href={dischargeSummaryUrl(episode.id, 'patient')} download>
            Patient copy (PDF)
          </Anchor>
          <Anchor href={dischargeSummaryUrl(episode.id, 'referrer')} download>
            Letter to the referrer (PDF)
          </Anchor>
        </Group>
      )}
    </Stack>
  );
}
