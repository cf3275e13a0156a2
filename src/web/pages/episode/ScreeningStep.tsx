import { Anchor, Box, Button, Grid, Stack, Title, VisuallyHidden } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useMemo, useState } from 'react';
import {
  ageInYears,
  type ClinicSettings,
  type Finding,
  patientFactsUnknown,
  pregnancyQuestionApplies,
  type ResolvedProtocol,
  reviewSubject,
  screen,
  screeningFactsUnknown,
} from '../../../domain/clinical';
import { api, type EpisodeDetail, type ScreeningInput } from '../../api';
import { Dialog } from '../../components/Dialog';
import { FindingList, ProtocolLine, VerdictPanel, verdictLabels } from '../../components/Findings';
import { SaveButton } from '../../components/FormParts';
import { StepFormFrame } from '../../components/StepFrame';
import { useSession } from '../../components/session';
import { type StepForm, useStepForm, useStepSave } from '../../components/useStepForm';
import { formatDateTime } from '../../format';
import { ReviewAction, ReviewForm, ReviewList, reviewApplied, reviewButtonId } from './ClinicianReview';
import { screeningLabels } from './labels';
import {
  GoingHomeAndPlanFields,
  HealthFields,
  InfectionFields,
  MedicationFields,
  PreviousInjectionFields,
} from './ScreeningFields';
import {
  dropStaleReviews,
  initialScreening,
  listRecordedInjection,
  type ScreeningErrors,
  type ScreeningValues,
  screeningFacts,
  upgradeDraft,
} from './screeningValues';
import { focusField } from './TriageStep';

/**
 * The pre-assessment call. The verdict is worked out in the browser by the clinical core as the
 * nurse types; the server runs the same rules again when it is saved and stores what was shown.
 */
export function ScreeningStep({
  episode,
  settings,
  protocol,
  timeZone,
}: {
  episode: EpisodeDetail;
  settings: ClinicSettings;
  protocol: ResolvedProtocol;
  timeZone: string;
}) {
  const { user } = useSession();
  const clinician = user.role === 'clinician';
  const stepForm = useStepForm<ScreeningValues>(episode, 'screening', (e) => initialScreening(e, timeZone));
  // A draft kept in the browser from before the form changed shape is brought up to date.
  const values = useMemo(() => upgradeDraft(stepForm.values), [stepForm.values]);
  // Every change goes through here, so a lab value changed after its review loses the review.
  const form: StepForm<ScreeningValues> = {
    ...stepForm,
    values,
    set: (update) =>
      stepForm.set((raw) => {
        const before = upgradeDraft(raw);
        return dropStaleReviews(
          before,
          typeof update === 'function' ? update(before) : { ...before, ...update },
        );
      }),
  };
  const step = useStepSave<ScreeningValues, Omit<ScreeningInput, 'version'>>(
    form,
    episode,
    (body) => api.screen(episode.id, body),
    'Screening recorded.',
  );
  const [shownErrors, setShownErrors] = useState<ScreeningErrors>({});
  const [reviewing, setReviewing] = useState<Finding | null>(null);

  // Who the patient is, from their record: sex, age on the booked day (or today), injections here.
  const plannedAt = episode.steps.booking?.plannedAt;
  const recorded = useQuery({
    queryKey: ['episode', episode.id, 'recorded-injections', episode.version],
    queryFn: () => api.recordedInjections(episode.id),
  });
  const person = useMemo(
    () => ({
      sex: episode.patient.sex,
      ageYears: ageInYears(episode.patient.birthDate, plannedAt ? new Date(plannedAt) : new Date(), timeZone),
      // Counted as the server counts them, so the verdict shown while typing is the one saved.
      recordedInjections: recorded.data?.recordedInjections ?? [],
    }),
    [episode.patient.sex, episode.patient.birthDate, recorded.data, plannedAt, timeZone],
  );
  const purpose = episode.steps.triage?.purpose ?? 'both';
  const pregnancyApplies = pregnancyQuestionApplies(
    person,
    { purpose, ...(form.values.guidance ? { plannedGuidance: form.values.guidance } : {}) },
    settings,
  );
  const { input, errors } = useMemo(
    () =>
      screeningFacts(form.values, {
        timeZone,
        userName: user.name,
        now: new Date(),
        pregnancyApplies,
        escortRequired: settings.rules.escort.required,
      }),
    [form.values, timeZone, user.name, pregnancyApplies, settings.rules.escort.required],
  );
  const result = useMemo(() => {
    const plan = input.plan ?? {};
    return screen({
      now: new Date(),
      settings,
      // The facts are built to the schema's shapes; parse-level defaults are filled in here.
      patient: {
        ...patientFactsUnknown(),
        ...input.patient,
        ...person,
        diabetes: input.patient.diabetes
          ? { ...input.patient.diabetes, insulin: input.patient.diabetes.insulin ?? false }
          : null,
      },
      episode: {
        purpose,
        ...(plan.side ? { side: plan.side } : {}),
        ...(plannedAt ? { procedureAt: plannedAt } : {}),
        ...(plan.plannedGuidance ? { plannedGuidance: plan.plannedGuidance } : {}),
        ...(plan.plannedContrast !== undefined ? { plannedContrast: plan.plannedContrast } : {}),
        ...(plan.plannedSteroidDoseMg !== undefined
          ? { plannedSteroidDoseMg: plan.plannedSteroidDoseMg }
          : {}),
        ...(plan.approach ? { plannedApproach: plan.approach } : {}),
        ...(plan.steroid ? { plannedSteroid: plan.steroid } : {}),
        ...(plan.localAnaesthetic ? { plannedLocalAnaesthetic: plan.localAnaesthetic } : {}),
      },
      facts: { ...screeningFactsUnknown(), ...input.screening },
    });
  }, [input, settings, purpose, plannedAt, person]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setShownErrors(errors);
    const first = Object.keys(errors)[0];
    if (first) {
      requestAnimationFrame(() => focusField(first));
      return;
    }
    // Only the reviews the rules used are kept: one whose finding has gone is not carried on.
    const reviews = (input.screening.clinicianReviews ?? []).filter((r) => reviewApplied(r, result.findings));
    step.save({ ...input, screening: { ...input.screening, clinicianReviews: reviews } });
  };

  const closeReview = (recorded: boolean) => {
    const finding = reviewing;
    setReviewing(null);
    // The finding's button goes once it is reviewed: then focus the verdict it changed.
    requestAnimationFrame(() => {
      const target =
        (!recorded && finding && document.getElementById(reviewButtonId(finding))) ||
        document.getElementById('live-verdict-heading');
      target?.focus();
    });
  };
  // An injection recorded here and not listed: one tap lists it from the record; the nurse then
  // asks the patient how it went (its relief), where the focus goes.
  const listRecorded = (f: Finding<'recorded_injection_not_listed'>) => {
    // The live finding comes from these very records (the verdict is worked out from them).
    const injection = recorded.data?.recordedInjections.find((r) => r.at === f.details.at);
    if (!injection) return;
    const listed = listRecordedInjection(form.values, injection, timeZone);
    form.set(listed);
    requestAnimationFrame(() => focusField(`injection-${listed.previousInjections.length - 1}-relief`));
  };
  const recordReview = (note: string) => {
    if (!reviewing) return;
    const subject = reviewSubject(reviewing);
    form.set((v) => ({
      ...v,
      reviews: [
        ...v.reviews,
        {
          code: reviewing.code,
          ...(subject ? { subject } : {}),
          recordedBy: user.name,
          recordedAt: new Date().toISOString(),
          note,
        },
      ],
    }));
    closeReview(true);
  };

  const verdict = (
    <Stack gap="sm">
      <VerdictPanel verdict={result.verdict} blocksScheduling={result.blocksScheduling} live />
      <FindingList
        findings={result.findings}
        label="Screening findings"
        scheduling
        timeZone={timeZone}
        extra={(f) =>
          f.code === 'recorded_injection_not_listed' ? (
            <Button size="xs" variant="default" onClick={() => listRecorded(f)} w="fit-content">
              List this injection
              <VisuallyHidden> recorded here on {formatDateTime(f.details.at, timeZone)}</VisuallyHidden>
            </Button>
          ) : (
            <ReviewAction finding={f} clinician={clinician} onReview={setReviewing} />
          )
        }
      />
      <ReviewList
        reviews={form.values.reviews}
        timeZone={timeZone}
        headingOrder={4}
        title="Clinician reviews on this screening"
        applied={(r) => reviewApplied(r, result.findings)}
        onRemove={(i) => form.set((v) => ({ ...v, reviews: v.reviews.filter((_, j) => j !== i) }))}
      />
      <ProtocolLine protocol={protocol} title={protocol.title} />
    </Stack>
  );

  // On a phone the verdict sits below the fields: a bar keeps it in sight while typing (app.css
  // keeps a field that Tab brings into view clear of it).
  const phoneVerdictBar = (
    <Box
      className="verdict-bar"
      hiddenFrom="md"
      p="xs"
      bg="white"
      style={{
        position: 'sticky',
        bottom: 0,
        zIndex: 2,
        borderTop: '2px solid var(--mantine-color-gray-4)',
      }}
    >
      <Anchor
        href="#live-verdict-heading"
        size="sm"
        fw={700}
        c={result.verdict === 'not-safe-yet' ? 'red.9' : 'dark.8'}
      >
        Live verdict: {verdictLabels[result.verdict]}
        {result.blocksScheduling ? ' · blocks scheduling' : ''} ({result.findings.length} findings)
      </Anchor>
    </Box>
  );

  return (
    <>
      <StepFormFrame
        label="Screening"
        onSubmit={submit}
        editor={{ form, step, timeZone }}
        labels={screeningLabels}
        submit={
          <>
            <SaveButton label="Save screening" saving={step.mutation.isPending} />
            {phoneVerdictBar}
          </>
        }
      >
        <Grid gap="lg">
          <Grid.Col span={{ base: 12, md: 7 }}>
            <Stack gap="lg">
              <MedicationFields values={form.values} set={form.set} errors={shownErrors} />
              <InfectionFields
                values={form.values}
                set={form.set}
                errors={shownErrors}
                lookbackDays={settings.rules.infectionLookbackDays}
              />
              <HealthFields
                values={form.values}
                set={form.set}
                errors={shownErrors}
                pregnancy={{ shown: person.sex !== 'male', required: pregnancyApplies }}
              />
              <PreviousInjectionFields values={form.values} set={form.set} errors={shownErrors} />
              <GoingHomeAndPlanFields values={form.values} set={form.set} errors={shownErrors} />
            </Stack>
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 5 }}>
            <Box
              style={{ position: 'sticky', top: 8 }}
              component="section"
              aria-labelledby="live-verdict-heading"
            >
              <Title order={3} size="h5" id="live-verdict-heading" mb="xs" tabIndex={-1}>
                Live verdict (not saved yet)
              </Title>
              {verdict}
            </Box>
          </Grid.Col>
        </Grid>
      </StepFormFrame>
      <Dialog
        opened={reviewing !== null}
        onClose={() => closeReview(false)}
        title="Record clinician review"
        returnFocus={false}
      >
        {reviewing && (
          <ReviewForm
            finding={reviewing}
            reviewer={user.name}
            onRecord={recordReview}
            onCancel={() => closeReview(false)}
          />
        )}
      </Dialog>
    </>
  );
}
