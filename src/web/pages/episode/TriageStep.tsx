import { Checkbox, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { type FormEvent, useMemo, useState } from 'react';
import {
  assess,
  INDICATIONS,
  indicationLabels,
  PatientFactsSchema,
  PROVOCATION_TESTS,
  type Purpose,
  RED_FLAGS,
  type RedFlag,
  redFlagLabels,
  type TriageFacts,
} from '../../../domain/clinical';
import { TriageStepFacts } from '../../../domain/step-records';
import { api, type EpisodeDetail, type TriageInput, type TriageRecord } from '../../api';
import { FindingList, ProtocolLine } from '../../components/Findings';
import { DecimalInput, LabelledRadios, RecordNote, SaveButton } from '../../components/FormParts';
import { binder, clearingError } from '../../components/formBinding';
import { RecordedBy, StepFormFrame } from '../../components/StepFrame';
import { useStepEditor } from '../../components/useStepForm';
import { withStop } from '../../format';
import { num, provocationLabels, type TestResult } from './fields';
import { ProvocationTests, type TestValues } from './ProvocationTests';
import type { StepFormProps } from './step-props';

export const purposeLabels: Record<Purpose, string> = {
  diagnostic: 'Diagnostic',
  therapeutic: 'Therapeutic',
  both: 'Diagnostic and therapeutic',
};

interface Values {
  indications: string[];
  lumbarEpiduralWithoutBenefit: boolean;
  imagingWithoutDistinctFinding: boolean;
  conservativeCareWeeks: string;
  redFlags: RedFlag[];
  /** Asked, and none of them: said, not read from no box ticked. */
  noRedFlags: boolean;
  tests: TestValues;
  purpose: Purpose | '';
  /** Nothing clinical is preselected: the clinician chooses. */
  decision: 'accept' | 'decline' | '';
  reason: string;
}

/** A new triage starts empty; an amendment starts from the triage as recorded. */
const initial =
  (amend: boolean) =>
  (e: EpisodeDetail): Values => {
    const t = amend ? e.steps.triage : null;
    return {
      indications: t?.facts.indications ?? [],
      lumbarEpiduralWithoutBenefit: t?.facts.priorTreatments.lumbarEpiduralWithoutBenefit ?? false,
      imagingWithoutDistinctFinding: t?.facts.priorTreatments.imagingWithoutDistinctFinding ?? false,
      conservativeCareWeeks: t?.facts.conservativeCareWeeks?.toString() ?? '',
      redFlags: t?.facts.redFlags ?? [],
      noRedFlags: t?.facts.noRedFlags ?? false,
      tests: t?.facts.provocationTests ?? Object.fromEntries(PROVOCATION_TESTS.map((k) => [k, 'not-done'])),
      purpose: t?.purpose ?? '',
      decision: t?.decision ?? '',
      reason: t?.reason ?? '',
    };
  };

function toFacts(v: Values): TriageFacts {
  const weeks = num(v.conservativeCareWeeks);
  return {
    indications: v.indications as TriageFacts['indications'],
    priorTreatments: {
      lumbarEpiduralWithoutBenefit: v.lumbarEpiduralWithoutBenefit,
      imagingWithoutDistinctFinding: v.imagingWithoutDistinctFinding,
    },
    provocationTests: v.tests as Record<string, TestResult>,
    ...(weeks !== undefined && weeks >= 0 ? { conservativeCareWeeks: weeks } : {}),
    redFlags: v.redFlags,
    ...(v.noRedFlags ? { noRedFlags: true } : {}),
  };
}

/** The clinician's triage of a referral: what supports the SI joint, the purpose, accept or decline. */
export function TriageStep({ episode, clinic, timeZone, amend = false, onSaved }: StepFormProps) {
  const settings = clinic.settings;
  const editor = useStepEditor<Values, Omit<TriageInput, 'version'>>(
    { episode, timeZone, amend, onSaved },
    'triage',
    initial(amend),
    (body) => api.triage(episode.id, body),
    { saved: 'Triage recorded.', amended: 'Triage amended.' },
  );
  const { form, step, amendment } = editor;
  const [errors, setErrors] = useState<Partial<Record<'purpose' | 'decision' | 'reason' | 'weeks', string>>>(
    {},
  );
  const v = form.values;
  const { bind, field, choice } = binder(form.values, form.set, errors, clearingError(setErrors));
  const facts = useMemo(() => toFacts(v), [v]);
  const result = useMemo(
    () =>
      assess({
        now: new Date().toISOString(),
        settings,
        patient: PatientFactsSchema.parse({}),
        episode: { purpose: v.purpose || 'both' },
        triage: facts,
      }),
    [settings, v.purpose, facts],
  );
  // Until a purpose is chosen the rules run without one, and say nothing about it.
  const triage = result.triage && {
    ...result.triage,
    findings: result.triage.findings.filter((f) => v.purpose || f.code !== 'purpose_recorded'),
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found: typeof errors = {};
    if (!v.purpose) found.purpose = 'Choose the purpose of the injection';
    if (!v.decision) found.decision = 'Accept or decline the referral';
    // When a reason is needed (to decline, or to accept despite a red flag): the API's own rule.
    if (v.purpose && v.decision) {
      const reason = v.reason.trim() || undefined;
      const checked = TriageStepFacts.safeParse({ purpose: v.purpose, facts, decision: v.decision, reason });
      const missing = checked.error?.issues.find((i) => i.path[0] === 'reason');
      if (missing) found.reason = missing.message;
    }
    if (v.conservativeCareWeeks.trim() && num(v.conservativeCareWeeks) === undefined)
      found.weeks = 'Enter a number of weeks';
    setErrors(found);
    if (Object.keys(found).length > 0 || !v.purpose || !v.decision) {
      const first = found.purpose
        ? 'triage-purpose'
        : found.weeks
          ? 'triage-weeks'
          : found.decision
            ? 'triage-decision'
            : 'triage-reason';
      requestAnimationFrame(() => focusField(first));
      return;
    }
    const reason = amendment.check();
    if (!reason) return;
    step.save({
      ...reason,
      purpose: v.purpose,
      facts,
      decision: v.decision,
      ...(v.reason.trim() ? { reason: v.reason.trim() } : {}),
    });
  };

  return (
    <StepFormFrame
      label="Triage"
      onSubmit={submit}
      editor={editor}
      submit={
        <SaveButton
          label={amend ? 'Save the amended triage' : 'Save triage'}
          saving={step.mutation.isPending}
        />
      }
    >
      <Checkbox.Group
        label="Indication"
        value={v.indications}
        onChange={(indications) => form.set({ indications })}
      >
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing={6} mt={6}>
          {INDICATIONS.map((i) => (
            <Checkbox key={i} value={i} label={indicationLabels[i]} />
          ))}
        </SimpleGrid>
      </Checkbox.Group>

      <Stack gap={6}>
        <Title order={3} size="h5">
          Prior treatments
        </Title>
        <Checkbox
          label="Lumbar epidural without benefit"
          checked={v.lumbarEpiduralWithoutBenefit}
          onChange={(e) => form.set({ lumbarEpiduralWithoutBenefit: e.currentTarget.checked })}
        />
        <Checkbox
          label="Imaging without a distinct finding"
          checked={v.imagingWithoutDistinctFinding}
          onChange={(e) => form.set({ imagingWithoutDistinctFinding: e.currentTarget.checked })}
        />
        <DecimalInput
          id="triage-weeks"
          label="Weeks of conservative care (physiotherapy, analgesia)"
          maw={320}
          {...bind('conservativeCareWeeks')}
          error={errors.weeks}
        />
      </Stack>

      <Checkbox.Group
        label="Red flags"
        description="Outside the appropriate-use criteria for an SI joint injection (SIS AUC). Tick any the patient has."
        value={v.redFlags}
        onChange={(redFlags) =>
          form.set({ redFlags: redFlags as RedFlag[], ...(redFlags.length > 0 ? { noRedFlags: false } : {}) })
        }
      >
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing={6} mt={6}>
          {RED_FLAGS.map((flag) => (
            <Checkbox key={flag} value={flag} label={redFlagLabels[flag]} />
          ))}
        </SimpleGrid>
      </Checkbox.Group>
      <Checkbox
        label="None of these: asked, and the patient has none"
        checked={v.noRedFlags}
        onChange={(e) =>
          form.set({
            noRedFlags: e.currentTarget.checked,
            ...(e.currentTarget.checked ? { redFlags: [] } : {}),
          })
        }
      />

      <Stack gap={6}>
        <Title order={3} size="h5">
          Examination: provocation tests
        </Title>
        <ProvocationTests idPrefix="triage-test" values={v.tests} onChange={(tests) => form.set({ tests })} />
        {triage && (
          <Text size="sm" fw={600} aria-live="polite">
            {triage.provocation.positive} positive, {triage.provocation.negative} negative of{' '}
            {triage.provocation.done} done.{' '}
            {triage.findings.find((f) => f.code.startsWith('provocation_'))?.staffText}
          </Text>
        )}
      </Stack>

      <LabelledRadios
        label="Purpose of the injection"
        required
        labels={purposeLabels}
        mt={6}
        {...choice('purpose', 'triage-purpose')}
      />

      {triage && (
        <Stack gap={6}>
          <Title order={3} size="h5">
            What the rules say: {summaryLabels[triage.summary]}
          </Title>
          <FindingList findings={triage.findings} label="Triage findings" />
          <ProtocolLine protocol={result.protocol} />
        </Stack>
      )}

      <LabelledRadios
        label="Decision"
        required
        labels={decisionLabels}
        mt={6}
        {...choice('decision', 'triage-decision')}
      />
      {v.decision === 'decline' && (
        <RecordNote
          label="Reason for declining"
          description="Recorded and used in the letter to the referrer."
          {...field('reason', 'triage-reason')}
        />
      )}
      {v.decision === 'accept' && v.redFlags.length > 0 && (
        <RecordNote
          label="Why the injection goes ahead despite the red flag"
          description="Recorded with the triage."
          {...field('reason', 'triage-reason')}
        />
      )}
    </StepFormFrame>
  );
}

const decisionLabels = { accept: 'Accept referral', decline: 'Decline referral' } as const;

const summaryLabels = {
  supports: 'supports the SI joint as the source',
  'weighs-against': 'weighs against the SI joint',
  mixed: 'mixed',
  insufficient: 'not enough recorded yet',
} as const;

export function TriageSummary({ record, timeZone }: { record: TriageRecord; timeZone: string }) {
  const positive = Object.entries(record.facts.provocationTests)
    .filter(([, r]) => r === 'positive')
    .map(([t]) => provocationLabels[t as keyof typeof provocationLabels]);
  return (
    <Stack gap={6}>
      <Text size="sm">
        <b>{record.decision === 'accept' ? 'Accepted' : 'Declined'}</b> for a{' '}
        {purposeLabels[record.purpose].toLowerCase()} injection
        {record.reason ? `: ${withStop(record.reason)}` : '.'}
      </Text>
      <Text size="sm">
        Indications: {record.facts.indications.map((i) => indicationLabels[i]).join(', ') || 'none recorded'}.
        Positive tests: {positive.join(', ') || 'none'} ({record.assessment.provocation.positive} of{' '}
        {record.assessment.provocation.done} done). Red flags:{' '}
        {record.facts.redFlags.map((f) => redFlagLabels[f].toLowerCase()).join(', ') ||
          (record.facts.noRedFlags ? 'none (asked)' : 'not recorded as asked')}
        . Rules: {summaryLabels[record.assessment.summary]}.
      </Text>
      <FindingList findings={record.assessment.findings} label="Triage findings as recorded" />
      <ProtocolLine protocol={record.protocol} />
      <RecordedBy record={record} timeZone={timeZone} />
    </Stack>
  );
}

/** Focus a field by id, or the first input inside a group with that id. */
export function focusField(id: string): void {
  const el = document.getElementById(id);
  if (!el) return;
  if (el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement || el instanceof HTMLSelectElement)
    el.focus();
  else el.querySelector<HTMLElement>('input, textarea, select, button')?.focus();
}
