import { Button, Checkbox, Fieldset, Group, Stack, Text, TextInput, Title } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import {
  comparatorSymbol,
  PAIN_SCORE_ERROR,
  PainScoreSchema,
  PROVOCATION_TESTS,
  peakReliefWords,
  scoresDisagree,
  scoreTimeIssue,
} from '../../../domain/clinical';
import { api, type EpisodeDetail, type RecoveryInput, type RecoveryRecord } from '../../api';
import { FindingList, ProtocolLine } from '../../components/Findings';
import { RowButton, SaveButton } from '../../components/FormParts';
import { binder } from '../../components/formBinding';
import { RecordedBy, StepFormFrame } from '../../components/StepFrame';
import { useStepEditor } from '../../components/useStepForm';
import { localInstant, localParts, num, type TestResult, timeError } from './fields';
import { ProvocationTests, type TestValues } from './ProvocationTests';
import { focusField } from './TriageStep';

interface ScoreRow {
  time: string;
  pain: string;
}
interface Values {
  baselinePain: string;
  scores: ScoreRow[];
  tests: TestValues;
  walkingChecked: boolean;
  legNumbnessOrWeakness: boolean;
  legSymptomsReviewedBy: string;
  passedUrine: boolean;
  escortPresent: boolean;
  adviceGiven: boolean;
}

function initial(timeZone: string) {
  return (e: EpisodeDetail): Values => {
    const r = e.steps.recovery?.facts;
    return {
      baselinePain: r?.baselinePain.toString() ?? '',
      scores: r?.scores.map((s) => ({ time: localParts(s.at, timeZone)[1], pain: String(s.pain) })) ?? [
        { time: '', pain: '' },
      ],
      tests: r?.provocationRetest ?? Object.fromEntries(PROVOCATION_TESTS.map((k) => [k, 'not-done'])),
      walkingChecked: r?.discharge.walkingChecked ?? false,
      legNumbnessOrWeakness: r?.discharge.legNumbnessOrWeakness ?? false,
      legSymptomsReviewedBy: r?.discharge.legSymptomsReviewedBy ?? '',
      passedUrine: r?.discharge.passedUrine ?? false,
      escortPresent: r?.discharge.escortPresent ?? false,
      adviceGiven: r?.discharge.adviceGiven ?? false,
    };
  };
}

// The API's own schema and words: a whole number from 0 to 10.
const isPain = (n: number | undefined): n is number => PainScoreSchema.safeParse(n).success;

/**
 * A score's time that cannot be this block's (the clinical core would not count it): said at the
 * field, where a mistyped hour is put right, rather than as a finding once saved.
 */
function scoreTimeError(at: string, performedAt: string, timeZone: string): string | null {
  const now = new Date();
  const issue = scoreTimeIssue(new Date(at), new Date(performedAt), now);
  if (issue === 'before-block')
    return `Before the block, given at ${localParts(performedAt, timeZone)[1]}: check the time`;
  if (issue === 'after-now') return `Later than now (${localParts(now, timeZone)[1]}): check the time`;
  return null;
}

/** Pain scores after the block, the provocation re-test and the discharge checklist. */
export function RecoveryStep({ episode, timeZone }: { episode: EpisodeDetail; timeZone: string }) {
  const editor = useStepEditor<Values, Omit<RecoveryInput, 'version'>>(
    { episode, timeZone },
    'recovery',
    initial(timeZone),
    (body) => api.recordRecovery(episode.id, body),
    { saved: 'Recovery recorded.' },
  );
  const { form, step } = editor;
  const [errors, setErrors] = useState<Record<string, string>>({});
  const v = form.values;
  const { bind, field } = binder(form.values, form.set, errors);
  const performedAt = episode.steps.procedure?.record.performedAt;
  const day = localParts(performedAt ?? new Date(), timeZone)[0];

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found: Record<string, string> = {};
    const baseline = num(v.baselinePain);
    if (!isPain(baseline)) found.baselinePain = PAIN_SCORE_ERROR;
    const scores: { at: string; pain: number }[] = [];
    v.scores.forEach((s, i) => {
      if (!s.time.trim() && !s.pain.trim()) return;
      const pain = num(s.pain);
      const wrongTime = timeError(s.time, '10:30');
      if (wrongTime) found[`score-${i}-time`] = wrongTime;
      if (!isPain(pain)) found[`score-${i}-pain`] = PAIN_SCORE_ERROR;
      const at = localInstant(day, s.time, timeZone);
      const outside = at && performedAt ? scoreTimeError(at, performedAt, timeZone) : null;
      if (outside) found[`score-${i}-time`] = outside;
      // Two scores at one time that disagree leave the block unread (block.ts): said here, on the later row.
      const other = at && isPain(pain) ? scores.find((o) => scoresDisagree(o, { at, pain })) : undefined;
      if (other)
        found[`score-${i}-time`] =
          `Another score at ${s.time} is ${other.pain}/10: keep the one that is right`;
      if (at && isPain(pain) && !wrongTime && !outside && !other) scores.push({ at, pain });
    });
    setErrors(found);
    const first = Object.keys(found)[0];
    if (first || !isPain(baseline)) {
      if (first)
        requestAnimationFrame(() => focusField(first === 'baselinePain' ? 'recovery-baseline' : first));
      return;
    }
    step.save({
      baselinePain: baseline,
      scores,
      provocationRetest: v.tests as Record<string, TestResult>,
      discharge: {
        walkingChecked: v.walkingChecked,
        legNumbnessOrWeakness: v.legNumbnessOrWeakness,
        ...(v.legNumbnessOrWeakness && v.legSymptomsReviewedBy.trim()
          ? { legSymptomsReviewedBy: v.legSymptomsReviewedBy.trim() }
          : {}),
        passedUrine: v.passedUrine,
        escortPresent: v.escortPresent,
        adviceGiven: v.adviceGiven,
      },
    });
  };
  const updateScore = (i: number, change: Partial<ScoreRow>) =>
    form.set((s) => ({ ...s, scores: s.scores.map((row, j) => (j === i ? { ...row, ...change } : row)) }));
  const box = (
    key: 'walkingChecked' | 'legNumbnessOrWeakness' | 'passedUrine' | 'escortPresent' | 'adviceGiven',
    label: string,
  ) => (
    <Checkbox label={label} checked={v[key]} onChange={(e) => form.set({ [key]: e.currentTarget.checked })} />
  );

  return (
    <StepFormFrame
      label="Recovery"
      onSubmit={submit}
      editor={editor}
      submit={<SaveButton label="Save recovery" saving={step.mutation.isPending} />}
    >
      <TextInput
        label="Baseline pain before the block (0–10)"
        inputMode="numeric"
        w={280}
        {...field('baselinePain', 'recovery-baseline')}
      />
      <Fieldset legend={`Pain scores after the block (times on ${day})`} variant="unstyled">
        <Stack gap="xs">
          {v.scores.map((s, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity but their place
            <Group key={i} gap="sm" align="flex-start" wrap="wrap">
              <TextInput
                id={`score-${i}-time`}
                label={`Score ${i + 1} time (HH:MM)`}
                w={170}
                value={s.time}
                onChange={(e) => updateScore(i, { time: e.currentTarget.value })}
                error={errors[`score-${i}-time`]}
              />
              <TextInput
                id={`score-${i}-pain`}
                label={`Score ${i + 1} pain (0–10)`}
                inputMode="numeric"
                w={170}
                value={s.pain}
                onChange={(e) => updateScore(i, { pain: e.currentTarget.value })}
                error={errors[`score-${i}-pain`]}
              />
              <Button
                mt={24}
                variant="default"
                size="sm"
                onClick={() => form.set((x) => ({ ...x, scores: x.scores.filter((_, j) => j !== i) }))}
              >
                Remove score {i + 1}
              </Button>
            </Group>
          ))}
          <RowButton
            onClick={() => form.set((x) => ({ ...x, scores: [...x.scores, { time: '', pain: '' }] }))}
          >
            Add a score
          </RowButton>
        </Stack>
      </Fieldset>
      <Title order={3} size="h5">
        Provocation re-test
      </Title>
      <ProvocationTests idPrefix="retest" values={v.tests} onChange={(tests) => form.set({ tests })} />
      <Fieldset legend="Discharge checklist" variant="unstyled">
        <Stack gap={6}>
          {box('walkingChecked', 'Walking checked')}
          {box('legNumbnessOrWeakness', 'Leg numbness or weakness')}
          {v.legNumbnessOrWeakness && (
            <TextInput
              label="Leg symptoms reviewed by (clinician, and the plan)"
              {...bind('legSymptomsReviewedBy')}
            />
          )}
          {box('passedUrine', 'Passed urine')}
          {box('escortPresent', 'Escort present')}
          {box('adviceGiven', 'Discharge advice given')}
        </Stack>
      </Fieldset>
    </StepFormFrame>
  );
}

const classificationLabels: Record<string, string> = {
  positive: 'Positive',
  negative: 'Negative',
  indeterminate: 'Indeterminate',
};

/** The block's interpretation and discharge readiness, as they were worked out when recovery was saved. */
export function RecoverySummary({ record, timeZone }: { record: RecoveryRecord; timeZone: string }) {
  const block = record.assessment.blockResponse;
  const discharge = record.assessment.discharge;
  return (
    <Stack gap="sm">
      {block ? (
        <Stack gap={4}>
          <Title order={3} size="h5">
            Block: {classificationLabels[block.classification] ?? block.classification}
          </Title>
          <Text size="sm">
            Peak relief: {peakReliefWords(block.first.peakReliefPercent)}. Threshold{' '}
            {comparatorSymbol(block.threshold.comparator)} {block.threshold.percent}% relief (baseline{' '}
            {record.facts.baselinePain}/10;{' '}
            {record.facts.scores.map((s) => `${localTime(s.at, timeZone)} ${s.pain}/10`).join(', ') ||
              'no scores'}
            ).
          </Text>
          <FindingList findings={block.findings} label="Block interpretation findings" />
        </Stack>
      ) : (
        <Text size="sm">The block is not interpreted (not a diagnostic block, or no scores).</Text>
      )}
      <Title order={3} size="h5">
        Discharge: {discharge.ready ? 'ready' : 'not ready'}
      </Title>
      <FindingList findings={discharge.findings} label="Discharge findings" />
      <ProtocolLine protocol={record.protocol} />
      <RecordedBy record={record} timeZone={timeZone} />
    </Stack>
  );
}

const localTime = (instant: string, timeZone: string) => localParts(instant, timeZone)[1];
