import { Alert, Anchor, Badge, Button, Group, Paper, Stack, Text, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Link } from 'react-router';
import { symptomName } from '../../../domain/clinical/wording';
import { type AlertRecord, ApiError, api } from '../../api';
import { Dialog } from '../../components/Dialog';
import { SaveButton } from '../../components/FormParts';
import { Loading } from '../../components/Loading';
import { PageTitle, PlainList } from '../../components/Page';
import { useDocumentTitle, useSession } from '../../components/session';
import { useReadAgainOnStamp } from '../../components/stamp';
import { draftKey, keepDraft, readDraft } from '../../drafts';
import { formatDateTime } from '../../format';
import { alertSummaryKey, alertsKey } from './keys';

export const urgencyLabels: Record<AlertRecord['urgency'], { label: string; color: string }> = {
  urgent: { label: 'Urgent', color: 'red.9' },
  // Mantine's darkest orange (orange.9) under white text is 4.3:1, short of WCAG AA's 4.5:1 for
  // a badge's small text; this burnt orange is 5.9:1 and still reads as apart from urgent red.
  soon: { label: 'Call back today', color: '#b33c00' },
  untriaged: { label: 'Not triaged: read the report', color: 'grape.9' },
};

const problemOf = (error: Error | null) =>
  error instanceof ApiError ? (error.detail ?? error.message) : error?.message;

/** The clinic's open worrying-symptom alerts, the one waiting longest first; a clinician acknowledges each. */
export function AlertsPage() {
  useDocumentTitle('Alerts');
  const { user, clinic } = useSession();
  // A new or escalated alert shows within 30 s: the counts every staff page asks for carry a stamp,
  // and the alerts (whose they are, what they said: an audited read) are read again when it changes.
  const alerts = useQuery({ queryKey: alertsKey, queryFn: api.alerts });
  const summary = useQuery({ queryKey: alertSummaryKey, queryFn: api.alertSummary, refetchInterval: 30_000 });
  useReadAgainOnStamp(summary.data?.stamp, alerts.data?.stamp, alertsKey);
  const [acknowledging, setAcknowledging] = useState<AlertRecord | null>(null);
  const canAcknowledge = user.role === 'clinician';

  return (
    <Stack gap="lg">
      <PageTitle>Alerts</PageTitle>
      <Text size="sm" c="gray.8">
        Worrying symptoms that patients reported. Each alert stays here until a clinician acknowledges it with
        a note of what was done; one nobody acknowledges in the clinic’s set time is escalated.
      </Text>
      {alerts.isPending && <Loading label="Loading the alerts" />}
      {alerts.isError && <Alert color="red">{problemOf(alerts.error)}</Alert>}
      {alerts.data && alerts.data.items.length === 0 && (
        <Alert color="green" variant="light">
          No open alerts.
        </Alert>
      )}
      {alerts.data && alerts.data.items.length > 0 && (
        <PlainList gap="sm">
          {alerts.data.items.map((a) => (
            <Paper
              key={a.id}
              component="li"
              withBorder
              p="md"
              aria-label={`Alert: ${a.patient.givenName} ${a.patient.familyName}`}
            >
              <Stack gap="xs">
                <Group gap="xs">
                  <Badge color={urgencyLabels[a.urgency].color} tt="none">
                    {urgencyLabels[a.urgency].label}
                  </Badge>
                  {a.escalatedAt && (
                    <Badge color="red.9" variant="outline" tt="none">
                      Escalated {formatDateTime(a.escalatedAt, clinic.timeZone)}
                    </Badge>
                  )}
                </Group>
                <Anchor component={Link} to={`/episodes/${a.episodeId}`} fw={600}>
                  {a.patient.givenName} {a.patient.familyName}
                </Anchor>
                <Text size="sm">
                  {a.symptoms.length > 0
                    ? `Reported: ${a.symptoms.map(symptomName).join('; ')}.`
                    : 'Reported a symptom.'}
                </Text>
                {a.freeText && (
                  <Text size="sm" className="typed-text">
                    In their words: “{a.freeText}”
                  </Text>
                )}
                <Text size="sm" c="gray.8">
                  Raised {formatDateTime(a.raisedAt, clinic.timeZone)}
                </Text>
                <Group>
                  {canAcknowledge ? (
                    <Button size="sm" onClick={() => setAcknowledging(a)}>
                      Acknowledge
                    </Button>
                  ) : (
                    <Text size="sm" c="gray.8">
                      A clinician acknowledges alerts: tell the clinician on duty.
                    </Text>
                  )}
                </Group>
              </Stack>
            </Paper>
          ))}
        </PlainList>
      )}
      <Dialog
        opened={acknowledging !== null}
        onClose={() => setAcknowledging(null)}
        title="Acknowledge the alert"
        returnFocus={false}
      >
        {acknowledging && <AcknowledgeForm alert={acknowledging} onDone={() => setAcknowledging(null)} />}
      </Dialog>
    </Stack>
  );
}

/**
 * What was done is kept on this computer until the alert is acknowledged (../../drafts): a session
 * that ended, or a dialog closed by mistake, does not make the clinician write it again.
 */
const acknowledgeDraft = (alertId: string) => draftKey('acknowledge', alertId);
const asNote = (stored: unknown) => (typeof stored === 'string' ? stored : null);

function AcknowledgeForm({ alert, onDone }: { alert: AlertRecord; onDone: () => void }) {
  const queryClient = useQueryClient();
  const key = acknowledgeDraft(alert.id);
  const [note, setNote] = useState(() => readDraft(key, asNote) ?? '');
  const [error, setError] = useState<string | null>(null);
  const acknowledge = useMutation({
    mutationFn: () => api.acknowledgeAlert(alert.id, { note, version: alert.version }),
    onSuccess: async () => {
      keepDraft(key, null);
      notifications.show({
        color: 'green',
        message: `Alert for ${alert.patient.givenName} ${alert.patient.familyName} acknowledged.`,
      });
      await queryClient.invalidateQueries({ queryKey: alertsKey });
      onDone();
    },
    onError: async (e) => {
      setError(problemOf(e) ?? 'Could not acknowledge the alert.');
      await queryClient.invalidateQueries({ queryKey: alertsKey });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (note.trim() === '') {
      setError('Say what was done.');
      return;
    }
    acknowledge.mutate();
  };
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        <Text size="sm" className="typed-text">
          {alert.patient.givenName} {alert.patient.familyName}:{' '}
          {alert.symptoms.map(symptomName).join('; ') || 'a symptom report'}.
          {alert.freeText ? ` In their words: “${alert.freeText}”` : ''}
        </Text>
        <Textarea
          label="What was done"
          description="For example: called the patient, advice given, sent to the emergency department."
          value={note}
          onChange={(e) => {
            setNote(e.currentTarget.value);
            keepDraft(key, e.currentTarget.value || null);
          }}
          autosize
          minRows={3}
          required
          data-autofocus
        />
        {error && (
          <Alert color="red" role="alert">
            {error}
          </Alert>
        )}
        <SaveButton label="Acknowledge" saving={acknowledge.isPending} onCancel={onDone} />
      </Stack>
    </form>
  );
}
