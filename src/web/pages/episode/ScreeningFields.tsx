import {
  Button,
  Checkbox,
  Fieldset,
  Group,
  NativeSelect,
  Radio,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import type { ReactNode } from 'react';
import { ALLERGY_REACTIONS, BLEEDING_RISK_FACTORS, type Purpose, type Side } from '../../../domain/clinical';
import { DateInput, emptyDate } from '../../components/DateInput';
import { sideLabels } from '../../format';
import { guidanceLabels } from './fields';
import type {
  Allergy,
  AllergyReaction,
  AnswerValue,
  Approach,
  DiabetesType,
  Guidance,
  InjectionRow,
  Pregnancy,
  ScreeningErrors,
  ScreeningValues,
  YesNoQuestion,
} from './screeningValues';
import { purposeLabels } from './TriageStep';

type Set = (update: Partial<ScreeningValues> | ((v: ScreeningValues) => ScreeningValues)) => void;
interface Props {
  values: ScreeningValues;
  set: Set;
  errors: ScreeningErrors;
}

const allergyLabels: Record<Allergy, string> = {
  'local-anaesthetic': 'Local anaesthetic',
  steroid: 'Steroid',
  contrast: 'Contrast',
  latex: 'Latex',
};
const reactionLabels: Record<AllergyReaction, string> = {
  mild: 'Mild',
  moderate: 'Moderate',
  severe: 'Severe',
  anaphylaxis: 'Anaphylaxis',
  'not-known': 'Not known',
};
const pregnancyLabels: Record<Pregnancy, string> = {
  pregnant: 'Pregnant',
  'possibly-pregnant': 'Possibly pregnant',
  'not-pregnant': 'Not pregnant',
  'not-applicable': 'Not applicable',
  'not-asked': 'Not asked',
};
const riskFactorLabels: Record<(typeof BLEEDING_RISK_FACTORS)[number], string> = {
  'older-age': 'Older age',
  'bleeding-history': 'History of bleeding',
  'multiple-antithrombotics': 'More than one antithrombotic',
  'liver-disease': 'Liver disease',
  'renal-disease': 'Kidney disease',
};
const diabetesTypeLabels: Record<DiabetesType, string> = {
  'type-1': 'Type 1',
  'type-2': 'Type 2',
  other: 'Other or not known',
};
const approachLabels: Record<Approach, string> = {
  'intra-articular': 'Intra-articular',
  periarticular: 'Periarticular',
  both: 'Both',
};
const blockOutcomeLabels: Record<Exclude<InjectionRow['blockOutcome'], ''>, string> = {
  positive: 'Positive',
  negative: 'Negative',
  indeterminate: 'Indeterminate',
};

type ListKey = 'antithrombotics' | 'medications' | 'plans' | 'infections' | 'previousInjections';

/** Replace row i of a list field. */
function updateRow<K extends ListKey>(
  set: Set,
  key: K,
  i: number,
  change: Partial<ScreeningValues[K][number]>,
) {
  set((v) => ({ ...v, [key]: v[key].map((row, j) => (j === i ? { ...row, ...change } : row)) }));
}
function removeRow(set: Set, key: ListKey, i: number) {
  set((v) => ({ ...v, [key]: v[key].filter((_, j) => j !== i) }));
}

/**
 * A question of the call: Yes, No or Not asked, never left blank (saving names it). "Not asked" is
 * a deliberate answer the rules turn into a finding for a clinician. The details show under Yes.
 */
export function Question({
  id,
  label,
  value,
  onChange,
  error,
  children,
}: {
  id: string;
  label: string;
  value: AnswerValue;
  onChange: (a: AnswerValue) => void;
  error?: string | undefined;
  children?: ReactNode;
}) {
  return (
    <Stack gap="xs" id={id}>
      <Radio.Group label={label} value={value} onChange={(a) => onChange(a as AnswerValue)} error={error}>
        <Group gap="md" mt={4}>
          <Radio value="yes" label="Yes" />
          <Radio value="no" label="No" />
          <Radio value="not-asked" label="Not asked" />
        </Group>
      </Radio.Group>
      {value === 'yes' && children}
    </Stack>
  );
}

const answer = (set: Set, q: YesNoQuestion) => (a: AnswerValue) =>
  set((v) => ({ ...v, answers: { ...v.answers, [q]: a } }));

export function MedicationFields({ values: v, set, errors }: Props) {
  const withoutPlan = v.antithrombotics.filter(
    (a) => a.name.trim() && !v.plans.some((p) => p.drug.trim().toLowerCase() === a.name.trim().toLowerCase()),
  );
  const blankDrug = { name: '', regimen: '' as const, lastDoseDate: emptyDate, lastDoseTime: '' };
  return (
    <Fieldset legend="Medicines" variant="unstyled">
      <Stack gap="md">
        <Question
          id="answer-antithrombotics"
          label="Takes anticoagulant or antiplatelet medicines?"
          value={v.answers.antithrombotics}
          onChange={(a) =>
            set((s) => ({
              ...s,
              answers: { ...s.answers, antithrombotics: a },
              // Yes opens a row to write the first medicine in.
              antithrombotics:
                a === 'yes' && s.antithrombotics.length === 0 ? [blankDrug] : s.antithrombotics,
            }))
          }
          error={errors['answer-antithrombotics']}
        >
          <Text size="xs" c="gray.7">
            Write the name as the patient says it, e.g. “Eliquis 5 mg twice daily”; the rules match brand and
            generic names. The last dose is what the patient reports; a plan staff agree is recorded below.
          </Text>
          {v.antithrombotics.map((a, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity but their place
            <Stack key={i} gap="xs">
              <Group gap="sm" align="flex-end" wrap="wrap">
                <TextInput
                  label={`Medicine ${i + 1}`}
                  value={a.name}
                  onChange={(e) => updateRow(set, 'antithrombotics', i, { name: e.currentTarget.value })}
                  w={260}
                />
                <NativeSelect
                  label={`Regimen of medicine ${i + 1}`}
                  value={a.regimen}
                  onChange={(e) =>
                    updateRow(set, 'antithrombotics', i, {
                      regimen: e.currentTarget.value as typeof a.regimen,
                    })
                  }
                  data={[
                    { value: '', label: 'Not stated' },
                    { value: 'prophylactic', label: 'Prophylactic' },
                    { value: 'therapeutic', label: 'Therapeutic' },
                  ]}
                />
              </Group>
              <Group gap="md" align="flex-start" wrap="wrap">
                <DateInput
                  id={`medicine-${i}-lastDose-date`}
                  label={`Last dose of medicine ${i + 1}, as the patient says (optional)`}
                  value={a.lastDoseDate}
                  onChange={(lastDoseDate) => updateRow(set, 'antithrombotics', i, { lastDoseDate })}
                  error={errors[`medicine-${i}-lastDose-date`]}
                />
                <TextInput
                  id={`medicine-${i}-lastDose-time`}
                  label={`Time of the last dose of medicine ${i + 1} (HH:MM)`}
                  placeholder="08:00"
                  w={150}
                  value={a.lastDoseTime}
                  onChange={(e) =>
                    updateRow(set, 'antithrombotics', i, { lastDoseTime: e.currentTarget.value })
                  }
                  error={errors[`medicine-${i}-lastDose-time`]}
                />
              </Group>
              <Group>
                <Button variant="default" size="sm" onClick={() => removeRow(set, 'antithrombotics', i)}>
                  Remove medicine {i + 1}
                </Button>
              </Group>
            </Stack>
          ))}
          <Group gap="sm">
            <Button
              variant="default"
              size="sm"
              onClick={() => set((s) => ({ ...s, antithrombotics: [...s.antithrombotics, blankDrug] }))}
            >
              Add a medicine
            </Button>
            {withoutPlan.map((a) => (
              <Button
                key={a.name}
                variant="light"
                size="sm"
                onClick={() =>
                  set((s) => ({
                    ...s,
                    plans: [
                      ...s.plans,
                      {
                        drug: a.name.trim(),
                        decision: 'hold',
                        lastDoseDate: emptyDate,
                        lastDoseTime: '',
                        restartAfterHours: '',
                        agreedWith: '',
                      },
                    ],
                  }))
                }
              >
                Record agreed plan for {a.name.trim()}
              </Button>
            ))}
          </Group>
        </Question>
        {v.plans.map((plan, i) => (
          <Fieldset
            // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity but their place
            key={i}
            legend={`Agreed plan ${i + 1}${plan.drug ? `: ${plan.drug}` : ''}`}
            radius="sm"
          >
            <Stack gap="sm">
              {plan.recordedBy && (
                <Text size="xs" c="gray.7">
                  Recorded by {plan.recordedBy}
                </Text>
              )}
              <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
                <TextInput
                  id={`plan-${i}-drug`}
                  label="Medicine the plan is for"
                  value={plan.drug}
                  onChange={(e) =>
                    updateRow(set, 'plans', i, {
                      drug: e.currentTarget.value,
                      recordedBy: undefined,
                      recordedAt: undefined,
                    })
                  }
                  error={errors[`plan-${i}-drug`]}
                />
                <TextInput
                  label="Agreed with (prescriber)"
                  value={plan.agreedWith}
                  onChange={(e) =>
                    updateRow(set, 'plans', i, {
                      agreedWith: e.currentTarget.value,
                      recordedBy: undefined,
                      recordedAt: undefined,
                    })
                  }
                />
              </SimpleGrid>
              <Radio.Group
                label="Decision"
                value={plan.decision}
                onChange={(d) =>
                  updateRow(set, 'plans', i, {
                    decision: d as 'hold' | 'continue',
                    recordedBy: undefined,
                    recordedAt: undefined,
                  })
                }
              >
                <Group gap="md" mt={4}>
                  <Radio value="hold" label="Hold" />
                  <Radio value="continue" label="Continue" />
                </Group>
              </Radio.Group>
              {plan.decision === 'hold' && (
                <Group gap="md" align="flex-start" wrap="wrap">
                  <DateInput
                    id={`plan-${i}-lastDose`}
                    label="Last dose on"
                    value={plan.lastDoseDate}
                    onChange={(lastDoseDate) =>
                      updateRow(set, 'plans', i, {
                        lastDoseDate,
                        recordedBy: undefined,
                        recordedAt: undefined,
                      })
                    }
                    error={errors[`plan-${i}-lastDose`]}
                  />
                  <TextInput
                    id={`plan-${i}-time`}
                    label="Last dose at (HH:MM)"
                    placeholder="08:00"
                    w={150}
                    value={plan.lastDoseTime}
                    onChange={(e) =>
                      updateRow(set, 'plans', i, {
                        lastDoseTime: e.currentTarget.value,
                        recordedBy: undefined,
                        recordedAt: undefined,
                      })
                    }
                    error={errors[`plan-${i}-time`]}
                  />
                </Group>
              )}
              <TextInput
                label="Restart after (hours)"
                inputMode="decimal"
                w={200}
                value={plan.restartAfterHours}
                onChange={(e) =>
                  updateRow(set, 'plans', i, {
                    restartAfterHours: e.currentTarget.value,
                    recordedBy: undefined,
                    recordedAt: undefined,
                  })
                }
                error={errors[`plan-${i}-restart`]}
              />
              <Group>
                <Button variant="default" size="sm" onClick={() => removeRow(set, 'plans', i)}>
                  Remove plan {i + 1}
                </Button>
              </Group>
            </Stack>
          </Fieldset>
        ))}
        <Fieldset legend="Other medicines (the full medication list)" variant="unstyled">
          <Stack gap="xs">
            <Text size="xs" c="gray.7">
              Every other medicine the patient takes. An anticoagulant or antiplatelet written here is
              recognised and screened as one; other medicines are recorded for the clinician.
            </Text>
            {v.medications.map((m, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity but their place
              <Group key={i} gap="sm" align="flex-end" wrap="wrap">
                <TextInput
                  label={`Medication ${i + 1}`}
                  value={m.name}
                  onChange={(e) => updateRow(set, 'medications', i, { name: e.currentTarget.value })}
                  w={240}
                />
                <TextInput
                  label={`Dose of medication ${i + 1}`}
                  value={m.dose}
                  onChange={(e) => updateRow(set, 'medications', i, { dose: e.currentTarget.value })}
                  w={200}
                />
                <Button variant="default" size="sm" onClick={() => removeRow(set, 'medications', i)}>
                  Remove medication {i + 1}
                </Button>
              </Group>
            ))}
            <Group>
              <Button
                variant="default"
                size="sm"
                onClick={() =>
                  set((s) => ({ ...s, medications: [...s.medications, { name: '', dose: '' }] }))
                }
              >
                Add to the medication list
              </Button>
            </Group>
          </Stack>
        </Fieldset>
      </Stack>
    </Fieldset>
  );
}

export function InfectionFields({
  values: v,
  set,
  errors,
  lookbackDays = 14,
}: Props & { lookbackDays?: number }) {
  return (
    <Fieldset legend="Infection" variant="unstyled">
      <Question
        id="answer-infection"
        label={`Any infection in the last ${lookbackDays} days, a fever now, or an infected injection site?`}
        value={v.answers.infection}
        onChange={answer(set, 'infection')}
        error={errors['answer-infection']}
      >
        <Stack gap="sm">
          {v.infections.map((inf, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity but their place
            <Stack key={i} gap="xs">
              <TextInput
                id={`infection-${i}-description`}
                label={`Infection ${i + 1}: what it was and how it was treated`}
                value={inf.description}
                onChange={(e) => updateRow(set, 'infections', i, { description: e.currentTarget.value })}
                error={errors[`infection-${i}-description`]}
              />
              <Group gap="lg" align="flex-start" wrap="wrap">
                <DateInput
                  id={`infection-${i}-started`}
                  label="Started on"
                  value={inf.started}
                  onChange={(started) => updateRow(set, 'infections', i, { started })}
                  error={errors[`infection-${i}-started`]}
                />
                <DateInput
                  id={`infection-${i}-resolved`}
                  label="Resolved on"
                  hint="Leave empty if it has not cleared"
                  value={inf.resolved}
                  onChange={(resolved) => updateRow(set, 'infections', i, { resolved })}
                  error={errors[`infection-${i}-resolved`]}
                />
              </Group>
              <Group>
                <Button variant="default" size="sm" onClick={() => removeRow(set, 'infections', i)}>
                  Remove infection {i + 1}
                </Button>
              </Group>
            </Stack>
          ))}
          <Group>
            <Button
              variant="default"
              size="sm"
              onClick={() =>
                set((s) => ({
                  ...s,
                  infections: [...s.infections, { description: '', started: emptyDate, resolved: emptyDate }],
                }))
              }
            >
              Add an infection
            </Button>
          </Group>
          <Checkbox
            label="Fever now"
            checked={v.feverNow}
            onChange={(e) => set({ feverNow: e.currentTarget.checked })}
          />
          <Checkbox
            label="Infection at the injection site"
            checked={v.injectionSiteInfection}
            onChange={(e) => set({ injectionSiteInfection: e.currentTarget.checked })}
          />
        </Stack>
      </Question>
    </Fieldset>
  );
}

export interface PregnancyQuestion {
  /** False for a man: the question is not shown. */
  shown: boolean;
  /** Must be answered (a patient who could be pregnant, ionising guidance or a steroid planned). */
  required: boolean;
}

export function HealthFields({
  values: v,
  set,
  errors,
  pregnancy,
}: Props & { pregnancy: PregnancyQuestion }) {
  return (
    <Stack gap="md">
      <Question
        id="answer-allergies"
        label="Allergies to local anaesthetic, steroid, contrast or latex?"
        value={v.answers.allergies}
        onChange={answer(set, 'allergies')}
        error={errors['answer-allergies']}
      >
        <Checkbox.Group
          label="Allergies"
          value={v.allergies}
          onChange={(a) => set({ allergies: a as Allergy[] })}
        >
          <Group gap="md" mt={6}>
            {(Object.keys(allergyLabels) as Allergy[]).map((a) => (
              <Checkbox key={a} value={a} label={allergyLabels[a]} />
            ))}
          </Group>
        </Checkbox.Group>
        {v.allergies.map((a) => (
          <Group key={a} gap="sm" align="flex-end" wrap="wrap">
            <TextInput
              label={`${allergyLabels[a]} allergy: agent (optional)`}
              value={v.allergyDetails[a].agent}
              onChange={(e) => {
                const agent = e.currentTarget.value;
                set((s) => ({
                  ...s,
                  allergyDetails: { ...s.allergyDetails, [a]: { ...s.allergyDetails[a], agent } },
                }));
              }}
              w={240}
            />
            <NativeSelect
              label={`${allergyLabels[a]} allergy: reaction`}
              value={v.allergyDetails[a].reaction}
              onChange={(e) => {
                const reaction = e.currentTarget.value as AllergyReaction | '';
                set((s) => ({
                  ...s,
                  allergyDetails: { ...s.allergyDetails, [a]: { ...s.allergyDetails[a], reaction } },
                }));
              }}
              data={[
                { value: '', label: 'Not stated' },
                ...ALLERGY_REACTIONS.map((r) => ({ value: r, label: reactionLabels[r] })),
              ]}
            />
          </Group>
        ))}
      </Question>
      {pregnancy.shown && (
        <Group gap="sm" align="flex-end" wrap="wrap">
          <NativeSelect
            id="pregnancy"
            label="Pregnancy"
            description={
              pregnancy.required ? 'Must be asked: no X-ray (fluoroscopy or CT) in pregnancy' : undefined
            }
            maw={320}
            value={v.pregnancy}
            onChange={(e) => set({ pregnancy: e.currentTarget.value as Pregnancy | '' })}
            error={errors.pregnancy}
            data={[
              { value: '', label: 'Not answered yet' },
              ...(Object.keys(pregnancyLabels) as Pregnancy[]).map((p) => ({
                value: p,
                label: pregnancyLabels[p],
              })),
            ]}
          />
          {v.pregnancy === 'pregnant' && (
            <NativeSelect
              label="Trimester"
              value={v.trimester}
              onChange={(e) => set({ trimester: e.currentTarget.value as ScreeningValues['trimester'] })}
              data={[
                { value: '', label: 'Not known' },
                { value: '1', label: 'First' },
                { value: '2', label: 'Second' },
                { value: '3', label: 'Third' },
              ]}
            />
          )}
        </Group>
      )}
      <Question
        id="answer-diabetes"
        label="Diabetes?"
        value={v.answers.diabetes}
        onChange={answer(set, 'diabetes')}
        error={errors['answer-diabetes']}
      >
        <Group gap="md" align="flex-end" wrap="wrap">
          <NativeSelect
            label="Type of diabetes"
            value={v.diabetesType}
            onChange={(e) => set({ diabetesType: e.currentTarget.value as DiabetesType | '' })}
            data={[
              { value: '', label: 'Not stated' },
              ...(Object.keys(diabetesTypeLabels) as DiabetesType[]).map((t) => ({
                value: t,
                label: diabetesTypeLabels[t],
              })),
            ]}
          />
          <Checkbox
            label="Uses insulin"
            checked={v.insulin}
            onChange={(e) => set({ insulin: e.currentTarget.checked })}
          />
        </Group>
        <Group gap="sm" align="flex-end" wrap="wrap">
          <TextInput
            id="glucose"
            label="Glucose"
            inputMode="decimal"
            w={120}
            value={v.glucose}
            onChange={(e) => set({ glucose: e.currentTarget.value })}
            error={errors.glucose}
          />
          <NativeSelect
            label="Glucose unit"
            value={v.glucoseUnit}
            onChange={(e) => set({ glucoseUnit: e.currentTarget.value as 'mmol/L' | 'mg/dL' })}
            data={['mmol/L', 'mg/dL']}
          />
          <TextInput
            id="hba1c"
            label="HbA1c"
            inputMode="decimal"
            w={120}
            value={v.hba1c}
            onChange={(e) => set({ hba1c: e.currentTarget.value })}
            error={errors.hba1c}
          />
          <NativeSelect
            label="HbA1c unit"
            value={v.hba1cUnit}
            onChange={(e) => set({ hba1cUnit: e.currentTarget.value as '%' | 'mmol/mol' })}
            data={['%', 'mmol/mol']}
          />
        </Group>
      </Question>
      <Fieldset legend="Bleeding" variant="unstyled">
        <Stack gap="sm">
          <Question
            id="answer-bleedingDisorder"
            label="Bleeding disorder?"
            value={v.answers.bleedingDisorder}
            onChange={answer(set, 'bleedingDisorder')}
            error={errors['answer-bleedingDisorder']}
          />
          <Checkbox.Group
            label="Bleeding risk factors"
            description="Older age is also counted from the date of birth when the clinic sets an age"
            value={v.bleedingRiskFactors}
            onChange={(f) => set({ bleedingRiskFactors: f as ScreeningValues['bleedingRiskFactors'] })}
          >
            <Group gap="md" mt={6}>
              {BLEEDING_RISK_FACTORS.map((f) => (
                <Checkbox key={f} value={f} label={riskFactorLabels[f]} />
              ))}
            </Group>
          </Checkbox.Group>
          <Group gap="sm" wrap="wrap">
            <TextInput
              id="inr"
              label="INR"
              inputMode="decimal"
              w={120}
              value={v.inr}
              onChange={(e) => set({ inr: e.currentTarget.value })}
              error={errors.inr}
            />
            <TextInput
              id="platelets"
              label="Platelets (×10⁹/L)"
              inputMode="decimal"
              w={160}
              value={v.platelets}
              onChange={(e) => set({ platelets: e.currentTarget.value })}
              error={errors.platelets}
            />
          </Group>
        </Stack>
      </Fieldset>
    </Stack>
  );
}

const blankInjection: InjectionRow = {
  date: emptyDate,
  purpose: 'therapeutic',
  side: '',
  steroidDoseMg: '',
  blockOutcome: '',
  reliefPercent: '',
  reliefWeeks: '',
};

export function PreviousInjectionFields({ values: v, set, errors }: Props) {
  return (
    <Fieldset legend="Earlier injections" variant="unstyled">
      <Question
        id="answer-previousInjections"
        label="Steroid or SI joint injections before?"
        value={v.answers.previousInjections}
        onChange={(a) =>
          set((s) => ({
            ...s,
            answers: { ...s.answers, previousInjections: a },
            previousInjections:
              a === 'yes' && s.previousInjections.length === 0 ? [blankInjection] : s.previousInjections,
          }))
        }
        error={errors['answer-previousInjections']}
      >
        <Stack gap="md">
          {v.previousInjections.map((inj, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity but their place
            <Stack key={i} gap="xs">
              <Group gap="md" align="flex-end" wrap="wrap">
                <DateInput
                  id={`injection-${i}-date`}
                  label={`Injection ${i + 1} on`}
                  value={inj.date}
                  onChange={(date) => updateRow(set, 'previousInjections', i, { date })}
                  error={errors[`injection-${i}-date`]}
                />
                <NativeSelect
                  label={`Purpose of injection ${i + 1}`}
                  value={inj.purpose}
                  onChange={(e) =>
                    updateRow(set, 'previousInjections', i, { purpose: e.currentTarget.value as Purpose })
                  }
                  data={(Object.keys(purposeLabels) as Purpose[]).map((p) => ({
                    value: p,
                    label: purposeLabels[p],
                  }))}
                />
                <NativeSelect
                  label={`Side of injection ${i + 1}`}
                  value={inj.side}
                  onChange={(e) =>
                    updateRow(set, 'previousInjections', i, { side: e.currentTarget.value as Side | '' })
                  }
                  data={[
                    { value: '', label: 'Not known' },
                    ...(Object.keys(sideLabels) as Side[]).map((s) => ({ value: s, label: sideLabels[s] })),
                  ]}
                />
                <TextInput
                  id={`injection-${i}-dose`}
                  label={`Steroid dose of injection ${i + 1} (mg)`}
                  inputMode="decimal"
                  w={200}
                  value={inj.steroidDoseMg}
                  onChange={(e) =>
                    updateRow(set, 'previousInjections', i, { steroidDoseMg: e.currentTarget.value })
                  }
                  error={errors[`injection-${i}-dose`]}
                />
              </Group>
              <Group gap="md" align="flex-end" wrap="wrap">
                <NativeSelect
                  label={`Block result of injection ${i + 1}`}
                  value={inj.blockOutcome}
                  onChange={(e) =>
                    updateRow(set, 'previousInjections', i, {
                      blockOutcome: e.currentTarget.value as InjectionRow['blockOutcome'],
                    })
                  }
                  data={[
                    { value: '', label: 'Not known' },
                    ...(Object.keys(blockOutcomeLabels) as (keyof typeof blockOutcomeLabels)[]).map((o) => ({
                      value: o,
                      label: blockOutcomeLabels[o],
                    })),
                  ]}
                />
                <TextInput
                  id={`injection-${i}-relief`}
                  label={`Relief from injection ${i + 1} (%)`}
                  inputMode="decimal"
                  w={200}
                  value={inj.reliefPercent}
                  onChange={(e) =>
                    updateRow(set, 'previousInjections', i, { reliefPercent: e.currentTarget.value })
                  }
                  error={errors[`injection-${i}-relief`]}
                />
                <TextInput
                  id={`injection-${i}-weeks`}
                  label={`Relief from injection ${i + 1} lasted (weeks)`}
                  inputMode="decimal"
                  w={220}
                  value={inj.reliefWeeks}
                  onChange={(e) =>
                    updateRow(set, 'previousInjections', i, { reliefWeeks: e.currentTarget.value })
                  }
                  error={errors[`injection-${i}-weeks`]}
                />
              </Group>
              <Group>
                <Button variant="default" size="sm" onClick={() => removeRow(set, 'previousInjections', i)}>
                  Remove injection {i + 1}
                </Button>
              </Group>
            </Stack>
          ))}
          <Group>
            <Button
              variant="default"
              size="sm"
              onClick={() =>
                set((s) => ({ ...s, previousInjections: [...s.previousInjections, blankInjection] }))
              }
            >
              Add a past injection
            </Button>
          </Group>
        </Stack>
      </Question>
    </Fieldset>
  );
}

export function GoingHomeAndPlanFields({ values: v, set, errors }: Props) {
  return (
    <Stack gap="md">
      <Fieldset legend="Going home" variant="unstyled">
        <Stack gap="sm">
          <Question
            id="escortArranged"
            label="Escort home arranged?"
            value={v.escortArranged}
            onChange={(a) => set({ escortArranged: a })}
            error={errors.escortArranged}
          />
          <Question
            id="adultAtHomeArranged"
            label="An adult at home for the first 24 hours?"
            value={v.adultAtHomeArranged}
            onChange={(a) => set({ adultAtHomeArranged: a })}
            error={errors.adultAtHomeArranged}
          />
          <Radio.Group
            label="Plans to drive after the procedure?"
            value={v.plansToDrive}
            onChange={(a) => set({ plansToDrive: a as 'yes' | 'no' })}
          >
            <Group gap="md" mt={4}>
              <Radio value="yes" label="Yes" />
              <Radio value="no" label="No" />
            </Group>
          </Radio.Group>
        </Stack>
      </Fieldset>
      <Fieldset legend="The plan" variant="unstyled">
        <Stack gap="sm">
          <Radio.Group label="Side" value={v.side} onChange={(s) => set({ side: s as Side })}>
            <Group gap="md" mt={4}>
              {(Object.keys(sideLabels) as Side[]).map((s) => (
                <Radio key={s} value={s} label={sideLabels[s]} />
              ))}
            </Group>
          </Radio.Group>
          <Radio.Group label="Approach" value={v.approach} onChange={(a) => set({ approach: a as Approach })}>
            <Group gap="md" mt={4}>
              {(Object.keys(approachLabels) as Approach[]).map((a) => (
                <Radio key={a} value={a} label={approachLabels[a]} />
              ))}
            </Group>
          </Radio.Group>
          <Group gap="md" align="flex-end" wrap="wrap">
            <NativeSelect
              label="Guidance"
              value={v.guidance}
              onChange={(e) => set({ guidance: e.currentTarget.value as Guidance })}
              data={(Object.keys(guidanceLabels) as Guidance[]).map((g) => ({
                value: g,
                label: guidanceLabels[g],
              }))}
            />
            <Checkbox
              label="Contrast planned"
              checked={v.contrast}
              onChange={(e) => set({ contrast: e.currentTarget.checked })}
            />
          </Group>
          <Group gap="md" align="flex-end" wrap="wrap">
            <TextInput
              label="Planned steroid"
              placeholder="e.g. triamcinolone"
              w={220}
              value={v.steroidAgent}
              onChange={(e) => set({ steroidAgent: e.currentTarget.value })}
            />
            <TextInput
              id="steroidDoseMg"
              label="Planned steroid dose (mg)"
              inputMode="decimal"
              w={200}
              value={v.steroidDoseMg}
              onChange={(e) => set({ steroidDoseMg: e.currentTarget.value })}
              error={errors.steroidDoseMg}
            />
          </Group>
          <Group gap="md" align="flex-end" wrap="wrap">
            <TextInput
              label="Planned local anaesthetic"
              placeholder="e.g. lidocaine"
              w={220}
              value={v.anaestheticAgent}
              onChange={(e) => set({ anaestheticAgent: e.currentTarget.value })}
            />
            <TextInput
              id="anaestheticConcentration"
              label="Concentration"
              inputMode="decimal"
              w={130}
              value={v.anaestheticConcentration}
              onChange={(e) => set({ anaestheticConcentration: e.currentTarget.value })}
              error={errors.anaestheticConcentration}
            />
            <NativeSelect
              label="Concentration unit"
              value={v.anaestheticUnit}
              onChange={(e) => set({ anaestheticUnit: e.currentTarget.value as '%' | 'mg/mL' })}
              data={['%', 'mg/mL']}
            />
            <TextInput
              id="anaestheticVolumeMl"
              label="Volume (mL)"
              inputMode="decimal"
              w={120}
              value={v.anaestheticVolumeMl}
              onChange={(e) => set({ anaestheticVolumeMl: e.currentTarget.value })}
              error={errors.anaestheticVolumeMl}
            />
          </Group>
        </Stack>
      </Fieldset>
    </Stack>
  );
}
