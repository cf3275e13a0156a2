import { Alert, Anchor, Button, Group, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import type { Stage } from '../../../domain/stages';
import { type StepName, stepNames, stepRules } from '../../../domain/steps';
import { ApiError, api, type ClinicSettingsInForce, type EpisodeDetail } from '../../api';
import { EpisodeTimeline } from '../../components/EpisodeCard';
import { PageLoading } from '../../components/Loading';
import { MoveButtons } from '../../components/MoveButtons';
import { PageTitle } from '../../components/Page';
import { StageBadge } from '../../components/StageBadge';
import { flatten, StepSection } from '../../components/StepFrame';
import { useDocumentTitle, useSession } from '../../components/session';
import { hasStepDraft } from '../../components/useStepForm';
import {
  formatDate,
  formatDateTime,
  patientIdentifiers,
  patientName,
  recordedByText,
  sideLabels,
} from '../../format';
import { FOLLOW_UP_STAGES, FollowUpPanel } from '../follow-up/FollowUpPanel';
import { AmendReferral } from './AmendReferral';
import { LeafletPanel } from './LeafletPanel';
import { EpisodeStepper, STEP_OF } from './Stepper';
import { stepPages } from './steps';

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

  if (episode.isPending || settings.isPending) return <PageLoading label="Loading the episode" />;
  if (episode.isError || settings.isError) {
    const error = episode.error ?? settings.error;
    const notFound = error instanceof ApiError && error.status === 404;
    return (
      <Stack gap="md">
        <PageTitle>{notFound ? 'Episode not found' : 'Could not load the episode'}</PageTitle>
        <Alert color="red">{error?.message}</Alert>
        <Anchor component={Link} to="/">
          Back to the worklist
        </Anchor>
      </Stack>
    );
  }
  // One episode per mount: a cached episode opened from another would otherwise keep the step
  // forms' typing and versions of the one before, and a save would write them there.
  return <Workspace key={episode.data.id} episode={episode.data} clinic={settings.data} />;
}

function Workspace({
  episode: e,
  clinic: inForce,
}: {
  episode: EpisodeDetail;
  clinic: ClinicSettingsInForce;
}) {
  const { user, clinic } = useSession();
  const tz = clinic.timeZone;
  const stage = e.stage;
  const [opened, setOpened] = useState<{ step: StepName; amend: boolean } | null>(null);
  const may = (s: StepName) => (stepRules[s].recordedBy as readonly string[]).includes(user.role);
  const recorded = (s: StepName) =>
    s === 'booking' ? e.steps.bookings.length > 0 : e.steps.current[s] !== undefined;
  const titleOf = (s: StepName) => {
    const t = stepPages[s].title;
    return typeof t === 'function' ? t(e) : t;
  };
  // A form someone has typed into stays open (their draft) while the step may still be recorded,
  // even when a colleague's save has moved the episode on meanwhile.
  const drafted = (s: StepName) =>
    may(s) && (stepRules[s].stages as readonly Stage[]).includes(stage) && hasStepDraft(e.id, s);
  // The work to do now, in pathway order; then what may be done again; then what may be corrected.
  const todo = stepNames.filter(
    (s) =>
      (stepPages[s].openIn.includes(stage) || drafted(s)) &&
      (stepPages[s].ready?.(e) ?? true) &&
      opened?.step !== s,
  );
  const again = stepNames.filter(
    (s) =>
      may(s) &&
      !drafted(s) &&
      stepPages[s].again &&
      (stepRules[s].stages as readonly Stage[]).includes(stage) &&
      !stepPages[s].openIn.includes(stage),
  );
  const amendable = (s: StepName) =>
    may(s) && recorded(s) && (stepRules[s].amendableIn as readonly Stage[]).includes(stage);
  // Newest first; a "not safe yet" screening leads, since it is why nothing else can happen.
  const blocking: StepName[] = stage === 'not-safe-yet' ? ['screening'] : [];
  const records = [...stepNames].reverse().filter((s) => recorded(s) && !blocking.includes(s));
  const props = { episode: e, clinic: inForce, timeZone: tz };

  const recordSection = (s: StepName) => {
    const page = stepPages[s];
    if (!page.recorded) return null;
    const { Summary, title } = page.recorded;
    const current = e.steps.current[s];
    const earlier = e.steps.earlier.filter((v) => v.step === s);
    return (
      <StepSection key={s} id={`record-${s}`} title={title}>
        <Summary episode={e} timeZone={tz} canOverride={user.role === 'clinician'} />
        {current?.amendReason && (
          <Text size="sm">
            Version {current.version}, amended by {current.recordedBy.name}: {current.amendReason}
          </Text>
        )}
        {earlier.length > 0 && <EarlierVersions versions={earlier} timeZone={tz} />}
        {amendable(s) && opened?.step !== s && (
          <Group>
            <Button variant="default" size="sm" onClick={() => setOpened({ step: s, amend: true })}>
              Amend {page.recorded.title.replace(/ \(recorded\)$/, '').toLowerCase()}
            </Button>
          </Group>
        )}
      </StepSection>
    );
  };

  return (
    <Stack gap="lg">
      <Stack gap={4}>
        <Anchor component={Link} to={`/patients/${e.patient.id}`} size="sm">
          ← {patientName(e.patient)}
        </Anchor>
        <Group gap="sm" align="center">
          <PageTitle>{patientName(e.patient)}</PageTitle>
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
        {e.referrerAddress && (
          <Text size="sm" c="gray.8" style={{ whiteSpace: 'pre-wrap' }}>
            Letters to: {e.referrerAddress.split('\n').join(', ')}
          </Text>
        )}
        <Group>
          <AmendReferral episode={e} timeZone={tz} />
        </Group>
      </Stack>
      <Alert color="blue" variant="light" title="Decision support">
        The verdicts on this page come from the clinic’s rules (protocol profile {inForce.protocol.profile}{' '}
        version {inForce.protocol.version}, settings version {inForce.settingsVersion}), each with its reasons
        and sources. They support and do not replace clinical judgement; a clinician can override a verdict
        with a recorded reason.
      </Alert>
      <EpisodeStepper
        stage={stage}
        anchors={STEP_OF.map((s) =>
          s === null ? null : todo.includes(s) ? `step-${s}` : recorded(s) ? `record-${s}` : null,
        )}
      />

      {blocking.map(recordSection)}
      {todo.map((s) => (
        <StepSection key={s} id={`step-${s}`} title={titleOf(s)}>
          {may(s) ? (
            (() => {
              const { Form } = stepPages[s];
              return <Form {...props} />;
            })()
          ) : (
            <Text size="sm">{stepPages[s].waiting ?? 'Someone else records this step.'}</Text>
          )}
        </StepSection>
      ))}
      {opened && (
        <StepSection
          id={`step-${opened.step}`}
          title={opened.amend ? `Amend: ${titleOf(opened.step)}` : titleOf(opened.step)}
        >
          {(() => {
            const { Form } = stepPages[opened.step];
            return <Form {...props} amend={opened.amend} onSaved={() => setOpened(null)} />;
          })()}
          <Group>
            <Button variant="subtle" size="sm" onClick={() => setOpened(null)}>
              Cancel
            </Button>
          </Group>
        </StepSection>
      )}
      {again.length > 0 && !opened && (
        <Group gap="xs">
          {again.map((s) => (
            <Button key={s} variant="default" onClick={() => setOpened({ step: s, amend: false })}>
              {stepPages[s].again}
            </Button>
          ))}
        </Group>
      )}

      {FOLLOW_UP_STAGES.includes(stage) && <FollowUpPanel episode={e} />}

      {records.map(recordSection)}

      <LeafletPanel episodeId={e.id} timeZone={tz} />
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

/** Versions a later record replaced: kept, and shown for what they said. */
function EarlierVersions({
  versions,
  timeZone,
}: {
  versions: EpisodeDetail['steps']['earlier'];
  timeZone: string;
}) {
  return (
    <details>
      <summary>
        <Text span size="sm">
          {versions.length} earlier version{versions.length === 1 ? '' : 's'} (superseded)
        </Text>
      </summary>
      <Stack gap="xs" mt="xs">
        {versions.map((v) => (
          <Stack key={v.id} gap={2}>
            <Text size="sm" fw={600}>
              Version {v.version}: {recordedByText(v, timeZone, 'recorded by')}; superseded{' '}
              {formatDateTime(v.supersededAt, timeZone)}
              {v.amendReason ? ` (it was itself an amendment: ${v.amendReason})` : ''}
            </Text>
            <ul style={{ margin: 0, paddingLeft: 20 }}>
              {[...flatten(v.facts)].map(([field, value]) => (
                <li key={field}>
                  <Text size="sm" span>
                    {field}: {value}
                  </Text>
                </li>
              ))}
            </ul>
          </Stack>
        ))}
      </Stack>
    </details>
  );
}
