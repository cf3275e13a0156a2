import {
  Button,
  Checkbox,
  Fieldset,
  Group,
  NativeSelect,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import type { ReactNode } from 'react';
import {
  ALLERGY_REACTIONS,
  BLEEDING_RISK_FACTORS,
  bleedingRiskFactorLabels,
  drugsWithoutPlan,
  type LabKey,
  targetLabels,
} from '../../../domain/clinical';
import { DateInput, emptyDate } from '../../components/DateInput';
import { DecimalInput, LabelledRadios, RowButton } from '../../components/FormParts';
import { binder, type FieldGroupProps, optionsOf, type Setter } from '../../components/formBinding';
import { sideLabels } from '../../format';
import { guidanceLabels } from './fields';
import {
  type Allergy,
  type AllergyReaction,
  type AnswerValue,
  blankInjection,
  type DiabetesType,
  type InjectionRow,
  type Pregnancy,
  type ScreeningValues,
  type YesNoQuestion,
} from './screeningValues';
import { purposeLabels } from './TriageStep';

type Set = Setter<ScreeningValues>;
type Props = FieldGroupProps<ScreeningValues>;

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
const diabetesTypeLabels: Record<DiabetesType, string> = {
  'type-1': 'Type 1',
  'type-2': 'Type 2',
  other: 'Other or not known',
};
const blockOutcomeLabels: Record<Exclude<InjectionRow['blockOutcome'], ''>, string> = {
  positive: 'Positive',
  negative: 'Negative',
  indeterminate: 'Indeterminate',
};

const regimenLabels = { prophylactic: 'Prophylactic', therapeutic: 'Therapeutic' } as const;
const decisionLabels = { hold: 'Hold', continue: 'Continue' } as const;
const trimesterLabels = { '1': 'First', '2': 'Second', '3': 'Third' } as const;
const drivingLabels = { yes: 'Yes', no: 'No' } as const;

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
/** A text box or select editing one field of row i: its value and its change (a select's option is the field's own type). */
function rowInput<K extends ListKey>(
  v: ScreeningValues,
  set: Set,
  key: K,
  i: number,
  field: keyof ScreeningValues[K][number] & string,
) {
  const row = v[key][i] as ScreeningValues[K][number];
  return {
    value: row[field] as string,
    onChange: (e: { currentTarget: { value: string } }) =>
      updateRow(set, key, i, { [field]: e.currentTarget.value } as Partial<ScreeningValues[K][number]>),
  };
}
/** A changed plan is no longer the one recorded: who recorded it is shown again when it is saved. */
function updatePlan(set: Set, i: number, change: Partial<ScreeningValues['plans'][number]>) {
  updateRow(set, 'plans', i, { ...change, recordedBy: undefined, recordedAt: undefined });
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
      <LabelledRadios label={label} labels={answerLabels} value={value} onChange={onChange} error={error} />
      {value === 'yes' && children}
    </Stack>
  );
}

const answerLabels: Record<Exclude<AnswerValue, ''>, string> = {
  yes: 'Yes',
  no: 'No',
  'not-asked': 'Not asked',
};

/**
 * A yes/no question's props (its anchor, answer, change and error) from the form's, by its key; a
 * question about a list opens a first row to write in when it is answered Yes.
 */
function asking(v: ScreeningValues, set: Set, errors: Props['errors']) {
  const props = (q: YesNoQuestion, onChange: (a: AnswerValue) => void) => ({
    id: `answer-${q}`,
    value: v.answers[q],
    onChange,
    error: errors[`answer-${q}`],
  });
  return {
    ask: (q: YesNoQuestion) => props(q, (a) => set((s) => ({ ...s, answers: { ...s.answers, [q]: a } }))),
    askOpeningRow: <K extends ListKey & YesNoQuestion>(q: K, blank: ScreeningValues[K][number]) =>
      props(q, (a) =>
        set((s) => ({
          ...s,
          answers: { ...s.answers, [q]: a },
          [q]: a === 'yes' && s[q].length === 0 ? [blank] : s[q],
        })),
      ),
  };
}

export function MedicationFields({ values: v, set, errors }: Props) {
  const withoutPlan = drugsWithoutPlan(
    v.antithrombotics.map((a) => ({ name: a.name, ...(a.regimen ? { regimen: a.regimen } : {}) })),
    v.plans,
  );
  const blankDrug = { name: '', regimen: '' as const, lastDoseDate: emptyDate, lastDoseTime: '' };
  const { askOpeningRow } = asking(v, set, errors);
  return (
    <Fieldset legend="Medicines" variant="unstyled">
      <Stack gap="md">
        <Question
          label="Takes anticoagulant or antiplatelet medicines?"
          {...askOpeningRow('antithrombotics', blankDrug)}
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
                  {...rowInput(v, set, 'antithrombotics', i, 'name')}
                  w={260}
                />
                <NativeSelect
                  label={`Regimen of medicine ${i + 1}`}
                  {...rowInput(v, set, 'antithrombotics', i, 'regimen')}
                  data={optionsOf(regimenLabels, 'Not stated')}
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
                  {...rowInput(v, set, 'antithrombotics', i, 'lastDoseTime')}
                  error={errors[`medicine-${i}-lastDose-time`]}
                />
              </Group>
              <RowButton onClick={() => removeRow(set, 'antithrombotics', i)}>
                Remove medicine {i + 1}
              </RowButton>
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
            {withoutPlan.map((drug) => (
              <Button
                key={drug}
                variant="light"
                size="sm"
                onClick={() =>
                  set((s) => ({
                    ...s,
                    plans: [
                      ...s.plans,
                      {
                        drug,
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
                Record agreed plan for {drug}
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
                  onChange={(e) => updatePlan(set, i, { drug: e.currentTarget.value })}
                  error={errors[`plan-${i}-drug`]}
                />
                <TextInput
                  label="Agreed with (prescriber)"
                  value={plan.agreedWith}
                  onChange={(e) => updatePlan(set, i, { agreedWith: e.currentTarget.value })}
                />
              </SimpleGrid>
              <LabelledRadios
                label="Decision"
                labels={decisionLabels}
                value={plan.decision}
                onChange={(decision) => updatePlan(set, i, { decision })}
              />
              {plan.decision === 'hold' && (
                <Group gap="md" align="flex-start" wrap="wrap">
                  <DateInput
                    id={`plan-${i}-lastDose`}
                    label="Last dose on"
                    value={plan.lastDoseDate}
                    onChange={(lastDoseDate) => updatePlan(set, i, { lastDoseDate })}
                    error={errors[`plan-${i}-lastDose`]}
                  />
                  <TextInput
                    id={`plan-${i}-time`}
                    label="Last dose at (HH:MM)"
                    placeholder="08:00"
                    w={150}
                    value={plan.lastDoseTime}
                    onChange={(e) => updatePlan(set, i, { lastDoseTime: e.currentTarget.value })}
                    error={errors[`plan-${i}-time`]}
                  />
                </Group>
              )}
              <DecimalInput
                label="Restart after (hours)"
                w={200}
                value={plan.restartAfterHours}
                onChange={(e) => updatePlan(set, i, { restartAfterHours: e.currentTarget.value })}
                error={errors[`plan-${i}-restart`]}
              />
              <RowButton onClick={() => removeRow(set, 'plans', i)}>Remove plan {i + 1}</RowButton>
            </Stack>
          </Fieldset>
        ))}
        <Fieldset legend="Other medicines (the full medication list)" variant="unstyled">
          <Stack gap="xs">
            <Text size="xs" c="gray.7">
              Every other medicine the patient takes. An anticoagulant or antiplatelet written here is
              recognised and screened as one; other medicines are recorded for the clinician.
            </Text>
            {v.medications.map((_, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity but their place
              <Group key={i} gap="sm" align="flex-end" wrap="wrap">
                <TextInput
                  label={`Medication ${i + 1}`}
                  {...rowInput(v, set, 'medications', i, 'name')}
                  w={240}
                />
                <TextInput
                  label={`Dose of medication ${i + 1}`}
                  {...rowInput(v, set, 'medications', i, 'dose')}
                  w={200}
                />
                <Button variant="default" size="sm" onClick={() => removeRow(set, 'medications', i)}>
                  Remove medication {i + 1}
                </Button>
              </Group>
            ))}
            <RowButton
              onClick={() => set((s) => ({ ...s, medications: [...s.medications, { name: '', dose: '' }] }))}
            >
              Add to the medication list
            </RowButton>
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
  const { ask } = asking(v, set, errors);
  return (
    <Fieldset legend="Infection" variant="unstyled">
      <Question
        label={`Any infection in the last ${lookbackDays} days, a fever now, or an infected injection site?`}
        {...ask('infection')}
      >
        <Stack gap="sm">
          {v.infections.map((inf, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity but their place
            <Stack key={i} gap="xs">
              <TextInput
                id={`infection-${i}-description`}
                label={`Infection ${i + 1}: what it was and how it was treated`}
                {...rowInput(v, set, 'infections', i, 'description')}
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
              <RowButton onClick={() => removeRow(set, 'infections', i)}>Remove infection {i + 1}</RowButton>
            </Stack>
          ))}
          <RowButton
            onClick={() =>
              set((s) => ({
                ...s,
                infections: [...s.infections, { description: '', started: emptyDate, resolved: emptyDate }],
              }))
            }
          >
            Add an infection
          </RowButton>
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
  const { bind, field } = binder(v, set, errors);
  const { ask } = asking(v, set, errors);
  // The day a result was taken, asked once the result is typed: an INR from last spring is not today's.
  const takenOn = (k: LabKey, label: string) =>
    v[k].trim() ? (
      <DateInput
        id={`${k}-taken`}
        label={`${label} taken on`}
        value={v.labsTakenOn[k]}
        onChange={(date) => set((s) => ({ ...s, labsTakenOn: { ...s.labsTakenOn, [k]: date } }))}
        error={errors[`${k}-taken`]}
      />
    ) : null;
  return (
    <Stack gap="md">
      <Question label="Allergies to local anaesthetic, steroid, contrast or latex?" {...ask('allergies')}>
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
            label="Pregnancy"
            description={
              pregnancy.required ? 'Must be asked: no X-ray (fluoroscopy or CT) in pregnancy' : undefined
            }
            maw={320}
            {...field('pregnancy')}
            data={optionsOf(pregnancyLabels, 'Not answered yet')}
          />
          {v.pregnancy === 'pregnant' && (
            <NativeSelect
              label="Trimester"
              {...bind('trimester')}
              data={optionsOf(trimesterLabels, 'Not known')}
            />
          )}
        </Group>
      )}
      <Question label="Diabetes?" {...ask('diabetes')}>
        <Group gap="md" align="flex-end" wrap="wrap">
          <NativeSelect
            label="Type of diabetes"
            {...bind('diabetesType')}
            data={optionsOf(diabetesTypeLabels, 'Not stated')}
          />
          <Checkbox
            label="Uses insulin"
            checked={v.insulin}
            onChange={(e) => set({ insulin: e.currentTarget.checked })}
          />
        </Group>
        <Group gap="sm" align="flex-end" wrap="wrap">
          <DecimalInput label="Glucose" w={120} {...field('glucose')} />
          <NativeSelect label="Glucose unit" {...bind('glucoseUnit')} data={['mmol/L', 'mg/dL']} />
          {takenOn('glucose', 'Glucose')}
        </Group>
        <Group gap="sm" align="flex-end" wrap="wrap">
          <DecimalInput label="HbA1c" w={120} {...field('hba1c')} />
          <NativeSelect label="HbA1c unit" {...bind('hba1cUnit')} data={['%', 'mmol/mol']} />
          {takenOn('hba1c', 'HbA1c')}
        </Group>
      </Question>
      <Fieldset legend="Bleeding" variant="unstyled">
        <Stack gap="sm">
          <Question label="Bleeding disorder?" {...ask('bleedingDisorder')} />
          <Checkbox.Group
            label="Bleeding risk factors"
            description="Older age is also counted from the date of birth when the clinic sets an age"
            value={v.bleedingRiskFactors}
            onChange={(f) => set({ bleedingRiskFactors: f as ScreeningValues['bleedingRiskFactors'] })}
          >
            <Group gap="md" mt={6}>
              {BLEEDING_RISK_FACTORS.map((f) => (
                <Checkbox key={f} value={f} label={bleedingRiskFactorLabels[f]} />
              ))}
            </Group>
          </Checkbox.Group>
          <Group gap="sm" align="flex-end" wrap="wrap">
            <DecimalInput label="INR" w={120} {...field('inr')} />
            {takenOn('inr', 'INR')}
          </Group>
          <Group gap="sm" align="flex-end" wrap="wrap">
            <DecimalInput label="Platelets (×10⁹/L)" w={160} {...field('platelets')} />
            {takenOn('platelets', 'Platelets')}
          </Group>
        </Stack>
      </Fieldset>
    </Stack>
  );
}

export function PreviousInjectionFields({ values: v, set, errors }: Props) {
  const { askOpeningRow } = asking(v, set, errors);
  return (
    <Fieldset legend="Earlier injections" variant="unstyled">
      <Question
        label="Steroid or SI joint injections before?"
        {...askOpeningRow('previousInjections', blankInjection)}
      >
        <Stack gap="md">
          {v.previousInjections.map((inj, i) => {
            const row = (field: keyof InjectionRow & string) =>
              rowInput(v, set, 'previousInjections', i, field);
            const rowError = (id: string) => ({ id, error: errors[id] });
            return (
              // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity but their place
              <Stack key={i} gap="xs">
                <Group gap="md" align="flex-end" wrap="wrap">
                  <DateInput
                    {...rowError(`injection-${i}-date`)}
                    label={`Injection ${i + 1} on`}
                    value={inj.date}
                    onChange={(date) => updateRow(set, 'previousInjections', i, { date })}
                  />
                  <NativeSelect
                    label={`Purpose of injection ${i + 1}`}
                    {...row('purpose')}
                    data={optionsOf(purposeLabels)}
                  />
                  <NativeSelect
                    label={`Side of injection ${i + 1}`}
                    {...row('side')}
                    data={optionsOf(sideLabels, 'Not known')}
                  />
                  <DecimalInput
                    {...rowError(`injection-${i}-dose`)}
                    label={`Steroid dose of injection ${i + 1} (mg)`}
                    w={200}
                    {...row('steroidDoseMg')}
                  />
                </Group>
                <Group gap="md" align="flex-end" wrap="wrap">
                  <NativeSelect
                    label={`Block result of injection ${i + 1}`}
                    {...row('blockOutcome')}
                    data={optionsOf(blockOutcomeLabels, 'Not known')}
                  />
                  <DecimalInput
                    {...rowError(`injection-${i}-relief`)}
                    label={`Relief from injection ${i + 1} (%)`}
                    w={200}
                    {...row('reliefPercent')}
                  />
                  <DecimalInput
                    {...rowError(`injection-${i}-weeks`)}
                    label={`Relief from injection ${i + 1} lasted (weeks)`}
                    w={220}
                    {...row('reliefWeeks')}
                  />
                </Group>
                <RowButton onClick={() => removeRow(set, 'previousInjections', i)}>
                  Remove injection {i + 1}
                </RowButton>
              </Stack>
            );
          })}
          <RowButton
            onClick={() =>
              set((s) => ({ ...s, previousInjections: [...s.previousInjections, blankInjection] }))
            }
          >
            Add a past injection
          </RowButton>
        </Stack>
      </Question>
    </Fieldset>
  );
}

export function GoingHomeAndPlanFields({ values: v, set, errors }: Props) {
  const { bind, field } = binder(v, set, errors);
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
          <LabelledRadios
            label="Plans to drive after the procedure?"
            labels={drivingLabels}
            value={v.plansToDrive}
            onChange={(plansToDrive) => set({ plansToDrive })}
          />
        </Stack>
      </Fieldset>
      <Fieldset legend="The plan" variant="unstyled">
        <Stack gap="sm">
          <LabelledRadios
            label="Side"
            labels={sideLabels}
            value={v.side}
            onChange={(side) => set({ side })}
          />
          <LabelledRadios
            label="Approach"
            labels={targetLabels}
            value={v.approach}
            onChange={(approach) => set({ approach })}
          />
          <Group gap="md" align="flex-end" wrap="wrap">
            <NativeSelect label="Guidance" {...bind('guidance')} data={optionsOf(guidanceLabels)} />
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
              {...bind('steroidAgent')}
            />
            <DecimalInput label="Planned steroid dose (mg)" w={200} {...field('steroidDoseMg')} />
          </Group>
          <Group gap="md" align="flex-end" wrap="wrap">
            <TextInput
              label="Planned local anaesthetic"
              placeholder="e.g. lidocaine"
              w={220}
              {...bind('anaestheticAgent')}
            />
            <DecimalInput label="Concentration" w={130} {...field('anaestheticConcentration')} />
            <NativeSelect label="Concentration unit" {...bind('anaestheticUnit')} data={['%', 'mg/mL']} />
            <DecimalInput label="Volume (mL)" w={120} {...field('anaestheticVolumeMl')} />
          </Group>
        </Stack>
      </Fieldset>
    </Stack>
  );
}
