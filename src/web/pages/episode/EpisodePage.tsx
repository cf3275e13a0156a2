import { Alert, Anchor, Button, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { ApiError, api, type ClinicSettingsInForce, type EpisodeDetail } from '../../api';
import { EpisodeTimeline } from '../../components/EpisodeCard';
import { MoveButtons } from '../../components/MoveButtons';
import { StageBadge } from '../../components/StageBadge';
import { StepSection } from '../../components/StepFrame';
import { useDocumentTitle, useSession } from '../../components/session';
import { formatDate, formatDateTime, patientIdentifiers, patientName, sideLabels } from '../../format';
import { BookingStep, BookingSummary } from './BookingStep';
import { CheckInStep, CheckInSummary } from './CheckInStep';
import { DischargeStep, DischargeSummaryLinks } from './DischargeStep';
import { ProcedureStep, ProcedureSummary } from './ProcedureStep';
import { RecoveryStep, RecoverySummary } from './RecoveryStep';
import { ScreeningStep } from './ScreeningStep';
import { ScreeningSummary } from './ScreeningSummary';
import { EpisodeStepper } from './Stepper';
import { TriageStep, TriageSummary } from './TriageStep';

/** The clinician workspace for one episode: where it is, the form for the next step, what happened. */
export function EpisodePage() {
  const { episodeId = '' } = useParams();
  const episode = useQuery({ queryKey: ['episode', episodeId], queryFn: () => api.episode(episodeId) });
  const settings = useQuery({
    queryKey: ['clinic-settings'],
    queryFn: api.clinicSettings,
    staleTime: 300_000,
  });
  useDocumentTitle(episode.data ? `${patientName(episode.data.patient)}: episode` : 'Episode');

  if (episode.isPending || settings.isPending) return <Loader aria-label="Loading the episode" />;
  if (episode.isError || settings.isError) {
    const error = episode.error ?? settings.error;
    const notFound = error instanceof ApiError && error.status === 404;
    return (
      <Stack gap="md">
        <Title order={1} size="h2" tabIndex={-1}>
          {notFound ? 'Episode not found' : 'Could not load the episode'}
        </Title>
        <Alert color="red">{error?.message}</Alert>
        <Anchor component={Link} to="/">
          Back to the worklist
        </Anchor>
      </Stack>
    );
  }
  return <Workspace episode={episode.data} site={settings.data} />;
}

function Workspace({ episode: e, site }: { episode: EpisodeDetail; site: ClinicSettingsInForce }) {
  const { user, clinic } = useSession();
  const tz = clinic.timeZone;
  const clinician = user.role === 'clinician';
  const careTeam = clinician || user.role === 'nurse';
  const screening = e.steps.screenings[0];
  const stage = e.stage;
  const [rescreen, setRescreen] = useState(false);
  const screeningRecord = screening && (
    <StepSection id="record-screening" title="Screening (recorded)">
      <ScreeningSummary episode={e} record={screening} canOverride={clinician} timeZone={tz} />
    </StepSection>
  );

  return (
    <Stack gap="lg">
      <Stack gap={4}>
        <Anchor component={Link} to={`/patients/${e.patient.id}`} size="sm">
          ← {patientName(e.patient)}
        </Anchor>
        <Group gap="sm" align="center">
          <Title order={1} size="h2" tabIndex={-1}>
            {patientName(e.patient)}
          </Title>
          <StageBadge stage={stage} />
        </Group>
        <Text c="gray.8" size="sm">
          Born {formatDate(e.patient.birthDate)} · {patientIdentifiers(e.patient)} · Referred{' '}
          {formatDate(e.referredOn)} by {e.referrer}
          {e.side ? ` · ${sideLabels[e.side]}` : ''}
        </Text>
        <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
          Reason: {e.reason}
        </Text>
      </Stack>
      <Alert color="blue" variant="light" title="Decision support">
        The verdicts on this page come from the clinic’s rules (protocol profile {site.protocol.profile}{' '}
        version {site.protocol.version}), each with its reasons and sources. They support and do not replace
        clinical judgement; a clinician can override a verdict with a recorded reason.
      </Alert>
      <EpisodeStepper stage={stage} />

      {/* The work to do now comes first; what is already recorded follows, newest first. */}
      {stage === 'referred' && (
        <StepSection id="step-triage" title="Triage">
          {clinician ? (
            <TriageStep episode={e} settings={site.settings} timeZone={tz} />
          ) : (
            <Text size="sm">A clinician triages the referral.</Text>
          )}
        </StepSection>
      )}
      {stage === 'not-safe-yet' && screeningRecord}
      {careTeam && (stage === 'triaged' || stage === 'not-safe-yet' || rescreen) && (
        <StepSection
          id="step-screening"
          title={screening ? 'Repeat screening' : 'Screening (pre-assessment call)'}
        >
          <ScreeningStep episode={e} settings={site.settings} protocol={site.protocol} timeZone={tz} />
        </StepSection>
      )}
      {careTeam && stage === 'screened' && (
        <StepSection id="step-booking" title="Booking">
          <BookingStep episode={e} timeZone={tz} />
        </StepSection>
      )}
      {careTeam && stage === 'scheduled' && (
        <StepSection id="step-check-in" title="Check-in">
          <CheckInStep episode={e} timeZone={tz} />
        </StepSection>
      )}
      {stage === 'checked-in' && (
        <StepSection id="step-procedure" title="Procedure: checklist and record">
          {clinician ? (
            <ProcedureStep episode={e} settings={site.settings} timeZone={tz} />
          ) : (
            <Text size="sm">The clinician records the checklist and the procedure.</Text>
          )}
        </StepSection>
      )}
      {careTeam && stage === 'performed' && (
        <StepSection id="step-recovery" title="Recovery and discharge">
          <RecoveryStep key={e.steps.recovery?.recordedAt ?? 'new'} episode={e} timeZone={tz} />
        </StepSection>
      )}
      {careTeam && (stage === 'screened' || stage === 'scheduled') && !rescreen && (
        <Group>
          <Button variant="default" onClick={() => setRescreen(true)}>
            Repeat screening or record a plan
          </Button>
        </Group>
      )}

      {e.steps.discharge && (
        <StepSection id="discharge-summary" title="Discharge summary">
          <DischargeSummaryLinks episode={e} timeZone={tz} />
        </StepSection>
      )}
      {e.steps.recovery && (
        <StepSection id="record-recovery" title="Recovery (recorded)">
          <RecoverySummary record={e.steps.recovery} timeZone={tz} />
          {careTeam && stage === 'performed' && <DischargeStep episode={e} />}
        </StepSection>
      )}
      {e.steps.procedure && (
        <StepSection id="record-procedure" title="Procedure (recorded)">
          <ProcedureSummary record={e.steps.procedure} timeZone={tz} />
        </StepSection>
      )}
      {e.steps.checkIn && (
        <StepSection id="record-check-in" title="Check-in (recorded)">
          <CheckInSummary record={e.steps.checkIn} timeZone={tz} />
        </StepSection>
      )}
      {e.steps.booking && (
        <StepSection id="record-booking" title="Booking (recorded)">
          <BookingSummary record={e.steps.booking} timeZone={tz} />
        </StepSection>
      )}
      {stage !== 'not-safe-yet' && screeningRecord}
      {e.steps.triage && (
        <StepSection id="record-triage" title="Triage (recorded)">
          <TriageSummary record={e.steps.triage} timeZone={tz} />
        </StepSection>
      )}

      <MoveButtons episode={e} moves={e.allowedMoves} label="Other actions" />
      <StepSection id="timeline" title="What happened">
        <EpisodeTimeline events={e.events} timeZone={tz} heading={false} />
        <Text size="xs" c="gray.7">
          Episode version {e.version}, last changed {formatDateTime(e.updatedAt, tz)}.
        </Text>
      </StepSection>
    </Stack>
  );
}
