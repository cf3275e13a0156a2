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
import { BLEEDING_RISK_FACTORS, type Purpose, type Side } from '../../../domain/clinical';
import { DateInput, emptyDate } from '../../components/DateInput';
import { sideLabels } from '../../format';
import { guidanceLabels } from './fields';
import type { Allergy, Guidance, Pregnancy, ScreeningErrors, ScreeningValues } from './screeningValues';
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
const pregnancyLabels: Record<Pregnancy, string> = {
  pregnant: 'Pregnant',
  'possibly-pregnant': 'Possibly pregnant',
  'not-pregnant': 'Not pregnant',
  'not-applicable': 'Not applicable',
};
const riskFactorLabels: Record<(typeof BLEEDING_RISK_FACTORS)[number], string> = {
  'older-age': 'Older age',
  'bleeding-history': 'History of bleeding',
  'multiple-antithrombotics': 'More than one antithrombotic',
  'liver-disease': 'Liver disease',
  'renal-disease': 'Kidney disease',
};

/** Replace row i of a list field. */
function updateRow<K extends 'antithrombotics' | 'plans' | 'infections' | 'previousInjections'>(
  set: Set,
  key: K,
  i: number,
  change: Partial<ScreeningValues[K][number]>,
) {
  set((v) => ({ ...v, [key]: v[key].map((row, j) => (j === i ? { ...row, ...change } : row)) }));
}
function removeRow(
  set: Set,
  key: 'antithrombotics' | 'plans' | 'infections' | 'previousInjections',
  i: number,
) {
  set((v) => ({ ...v, [key]: v[key].filter((_, j) => j !== i) }));
}

export function MedicationFields({ values: v, set, errors }: Props) {
  const withoutPlan = v.antithrombotics.filter(
    (a) => a.name.trim() && !v.plans.some((p) => p.drug.trim().toLowerCase() === a.name.trim().toLowerCase()),
  );
  return (
    <Fieldset legend="Antithrombotic medicines (anticoagulants, antiplatelets)" variant="unstyled">
      <Stack gap="sm">
        <Text size="xs" c="gray.7">
          Write the name as the patient says it, e.g. “Eliquis 5 mg twice daily”; the rules match brand and
          generic names.
        </Text>
        {v.antithrombotics.map((a, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity but their place
          <Group key={i} gap="sm" align="flex-end" wrap="wrap">
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
                updateRow(set, 'antithrombotics', i, { regimen: e.currentTarget.value as typeof a.regimen })
              }
              data={[
                { value: '', label: 'Not stated' },
                { value: 'prophylactic', label: 'Prophylactic' },
                { value: 'therapeutic', label: 'Therapeutic' },
              ]}
            />
            <Button variant="default" size="sm" onClick={() => removeRow(set, 'antithrombotics', i)}>
              Remove medicine {i + 1}
            </Button>
          </Group>
        ))}
        <Group gap="sm">
          <Button
            variant="default"
            size="sm"
            onClick={() =>
              set((s) => ({ ...s, antithrombotics: [...s.antithrombotics, { name: '', regimen: '' }] }))
            }
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
      </Stack>
    </Fieldset>
  );
}

export function InfectionFields({ values: v, set, errors }: Props) {
  return (
    <Fieldset legend="Infection" variant="unstyled">
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
    </Fieldset>
  );
}

export function HealthFields({ values: v, set, errors }: Props) {
  return (
    <Stack gap="md">
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
      <NativeSelect
        label="Pregnancy"
        maw={260}
        value={v.pregnancy}
        onChange={(e) => set({ pregnancy: e.currentTarget.value as Pregnancy | '' })}
        data={[
          { value: '', label: 'Not asked' },
          ...(Object.keys(pregnancyLabels) as Pregnancy[]).map((p) => ({
            value: p,
            label: pregnancyLabels[p],
          })),
        ]}
      />
      <Fieldset legend="Diabetes" variant="unstyled">
        <Stack gap="xs">
          <Checkbox
            label="Has diabetes"
            checked={v.diabetes}
            onChange={(e) => set({ diabetes: e.currentTarget.checked })}
          />
          {v.diabetes && (
            <>
              <Checkbox
                label="Uses insulin"
                checked={v.insulin}
                onChange={(e) => set({ insulin: e.currentTarget.checked })}
              />
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
            </>
          )}
        </Stack>
      </Fieldset>
      <Fieldset legend="Bleeding" variant="unstyled">
        <Stack gap="xs">
          <Checkbox
            label="Bleeding disorder"
            checked={v.bleedingDisorder}
            onChange={(e) => set({ bleedingDisorder: e.currentTarget.checked })}
          />
          <Checkbox.Group
            label="Bleeding risk factors"
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

export function PreviousInjectionFields({ values: v, set, errors }: Props) {
  return (
    <Fieldset legend="Past steroid injections" variant="unstyled">
      <Stack gap="sm">
        {v.previousInjections.map((inj, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity but their place
          <Group key={i} gap="md" align="flex-end" wrap="wrap">
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
            <Button variant="default" size="sm" onClick={() => removeRow(set, 'previousInjections', i)}>
              Remove injection {i + 1}
            </Button>
          </Group>
        ))}
        <Group>
          <Button
            variant="default"
            size="sm"
            onClick={() =>
              set((s) => ({
                ...s,
                previousInjections: [
                  ...s.previousInjections,
                  { date: emptyDate, purpose: 'therapeutic', side: '', steroidDoseMg: '' },
                ],
              }))
            }
          >
            Add a past injection
          </Button>
        </Group>
      </Stack>
    </Fieldset>
  );
}

export function GoingHomeAndPlanFields({ values: v, set, errors }: Props) {
  return (
    <Stack gap="md">
      <Fieldset legend="Going home" variant="unstyled">
        <Stack gap="xs">
          <Checkbox
            label="Escort home arranged"
            checked={v.escortArranged}
            onChange={(e) => set({ escortArranged: e.currentTarget.checked })}
          />
          <Checkbox
            label="An adult at home for the first 24 hours"
            checked={v.adultAtHomeArranged}
            onChange={(e) => set({ adultAtHomeArranged: e.currentTarget.checked })}
          />
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
          <Checkbox
            label="Contrast planned"
            checked={v.contrast}
            onChange={(e) => set({ contrast: e.currentTarget.checked })}
          />
        </Stack>
      </Fieldset>
    </Stack>
  );
}
