import { Alert, Radio, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { comparatorSymbol, lastedDaysWords, peakReliefWords } from '../../../domain/clinical';
import { OUTCOME_DECISIONS, type OutcomeDecision } from '../../../domain/step-records';
import { api, type OutcomeReviewInput } from '../../api';
import { FindingList } from '../../components/Findings';
import { RecordNote, SaveButton } from '../../components/FormParts';
import { binder, clearingError } from '../../components/formBinding';
import { Loading } from '../../components/Loading';
import { RecordedBy, StepFormFrame } from '../../components/StepFrame';
import { useStepEditor } from '../../components/useStepForm';
import type { StepFormProps, StepSummaryProps } from './step-props';
import { focusField } from './TriageStep';

export const decisionLabels: Record<OutcomeDecision, string> = {
  'repeat-injection': 'Repeat the injection',
  'refer-rf-denervation': 'Refer for radiofrequency denervation',
  physiotherapy: 'Physiotherapy',
  'reconsider-diagnosis': 'Reconsider the diagnosis',
  'discharge-from-service': 'Discharge from the service',
};

/** The clinical core's next-step codes that correspond to a decision (the rest are advice only). */
const suggests: Partial<Record<string, OutcomeDecision>> = {
  'repeat-injection': 'repeat-injection',
  'refer-rf-denervation': 'refer-rf-denervation',
  physiotherapy: 'physiotherapy',
  'reconsider-diagnosis': 'reconsider-diagnosis',
};

interface Values {
  decision: OutcomeDecision | '';
  reason: string;
}

/**
 * The outcome review: the block result, the diary, and the clinical core's outcome with its
 * next-step options and their reasons; the clinician records their own decision and why.
 */
export function OutcomeReviewStep({ episode, timeZone, amend = false, onSaved }: StepFormProps) {
  const outcome = useQuery({
    queryKey: ['episode', episode.id, 'outcome', episode.version],
    queryFn: () => api.outcome(episode.id),
  });
  const editor = useStepEditor<Values, Omit<OutcomeReviewInput, 'version'>>(
    { episode, timeZone, amend, onSaved },
    'outcome-review',
    (e) => {
      const r = amend ? e.steps.outcomeReview : null;
      return { decision: r?.decision ?? '', reason: r?.reason ?? '' };
    },
    (body) => api.reviewOutcome(episode.id, body),
    { saved: 'Outcome review recorded.', amended: 'Outcome review amended.' },
  );
  const { form, step, amendment } = editor;
  const [errors, setErrors] = useState<Partial<Record<keyof Values, string>>>({});
  const v = form.values;
  const { field, choice } = binder(form.values, form.set, errors, clearingError(setErrors));
  const block = episode.steps.recovery?.assessment.blockResponse;
  const o = outcome.data?.outcome;
  const suggested = new Set((o?.nextSteps ?? []).map((s) => suggests[s]).filter(Boolean));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found: typeof errors = {};
    if (!v.decision) found.decision = 'Choose what comes next';
    if (!v.reason.trim()) found.reason = 'Say why, for the record and the letter to the referrer';
    setErrors(found);
    if (!v.decision || found.reason) {
      requestAnimationFrame(() => focusField(found.decision ? 'outcome-decision' : 'outcome-reason'));
      return;
    }
    const reason = amendment.check();
    if (!reason) return;
    step.save({ ...reason, decision: v.decision, reason: v.reason.trim() });
  };

  return (
    <StepFormFrame
      label="Outcome review"
      onSubmit={submit}
      editor={editor}
      submit={
        <SaveButton
          label={amend ? 'Save the amended review' : 'Record the decision'}
          saving={step.mutation.isPending}
        />
      }
    >
      <Stack gap={4}>
        <Title order={3} size="h5">
          The block
        </Title>
        <Text size="sm">
          {block
            ? `${block.classification[0]!.toUpperCase()}${block.classification.slice(1)}; peak relief: ${peakReliefWords(block.first.peakReliefPercent)} (positive at ${comparatorSymbol(block.threshold.comparator)} ${block.threshold.percent}%).`
            : 'No block result was recorded (no local anaesthetic the rules know, or no scores).'}
        </Text>
      </Stack>
      <Stack gap={4}>
        <Title order={3} size="h5">
          What the rules say now
        </Title>
        {outcome.isPending ? (
          <Loading size="sm" label="Working out the outcome" />
        ) : outcome.isError ? (
          <Alert color="red">{outcome.error.message}</Alert>
        ) : o ? (
          <>
            <Text size="sm">
              {o.responder === null
                ? 'Response not judged by the rules'
                : o.responder
                  ? 'Responder'
                  : 'Not a responder'}
              {o.peakReliefPercent !== null ? `; peak relief: ${peakReliefWords(o.peakReliefPercent)}` : ''}
              {o.reliefLastedDays !== null ? `; relief lasted ${lastedDaysWords(o.reliefLastedDays)}` : ''}
              {o.pgic ? `; PGIC ${o.pgic.value} of 7` : ''}.
            </Text>
            <FindingList findings={o.findings} label="Outcome and next-step options" />
          </>
        ) : (
          <Text size="sm">There is no outcome before the procedure and its recovery are recorded.</Text>
        )}
      </Stack>
      <Radio.Group
        label="Your decision"
        description="Options the rules suggest are marked; the decision is yours."
        required
        {...choice('decision', 'outcome-decision')}
      >
        <Stack gap={6} mt={6}>
          {OUTCOME_DECISIONS.map((d) => (
            <Radio
              key={d}
              value={d}
              label={`${decisionLabels[d]}${suggested.has(d) ? ' (suggested by the rules)' : ''}`}
            />
          ))}
        </Stack>
      </Radio.Group>
      <RecordNote
        label="Why"
        description="Recorded with the decision and used in the outcome letter."
        {...field('reason', 'outcome-reason')}
      />
    </StepFormFrame>
  );
}

export function OutcomeReviewSummary({ episode, timeZone }: StepSummaryProps) {
  const r = episode.steps.outcomeReview;
  if (!r) return null;
  return (
    <Stack gap={4}>
      <Text size="sm">
        <b>{decisionLabels[r.decision]}</b>: {r.reason}
      </Text>
      {r.assessment.outcome && (
        <FindingList
          findings={r.assessment.outcome.findings}
          label="The outcome as the rules judged it then"
        />
      )}
      <RecordedBy record={r} timeZone={timeZone} verb="Decided by" />
    </Stack>
  );
}
