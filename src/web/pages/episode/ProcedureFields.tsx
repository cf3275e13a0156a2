import {
  Button,
  Checkbox,
  Fieldset,
  Group,
  NativeSelect,
  SimpleGrid,
  Stack,
  Textarea,
  TextInput,
} from '@mantine/core';
import { drugKindLabels, type Side } from '../../../domain/clinical';
import { LabelledRadios } from '../../components/FormParts';
import type { FieldGroupProps } from '../../components/formBinding';
import { sideLabels } from '../../format';
import { DRUG_KINDS, type DrugKind, expectedDose, type ProcedureValues } from './procedureValues';

type Props = FieldGroupProps<ProcedureValues>;

function SideRadios({
  id,
  label,
  value,
  onChange,
  error,
}: {
  id: string;
  label: string;
  value: Side | '';
  onChange: (s: Side) => void;
  error?: string | undefined;
}) {
  return (
    <LabelledRadios
      id={id}
      label={label}
      required
      labels={sideLabels}
      value={value}
      onChange={onChange}
      error={error}
    />
  );
}

/** WHO-style safety checklist: sign in, time out (side confirmed aloud), sign out. */
export function ChecklistFields({ values: v, set, errors }: Props) {
  const box = <P extends 'signIn' | 'timeOut' | 'signOut'>(
    part: P,
    key: keyof ProcedureValues[P],
    label: string,
  ) => (
    <Checkbox
      label={label}
      checked={Boolean(v[part][key])}
      onChange={(e) => {
        const checked = e.currentTarget.checked;
        set((s) => ({ ...s, [part]: { ...s[part], [key]: checked } }));
      }}
    />
  );
  return (
    <SimpleGrid cols={{ base: 1, md: 3 }} spacing="md">
      <Fieldset legend="Sign in" radius="sm">
        <Stack gap={6}>
          {box('signIn', 'identityConfirmed', 'Identity confirmed')}
          {box('signIn', 'consentConfirmed', 'Consent confirmed')}
          {box('signIn', 'siteMarked', 'Site marked')}
          {box('signIn', 'allergiesChecked', 'Allergies checked')}
          {box('signIn', 'anticoagulationChecked', 'Anticoagulation checked')}
        </Stack>
      </Fieldset>
      <Fieldset legend="Time out" radius="sm">
        <Stack gap={6}>
          {box('timeOut', 'teamIntroduced', 'Team introduced')}
          <SideRadios
            id="timeout-side"
            label="Side confirmed by the team"
            value={v.timeOut.sideConfirmed}
            onChange={(sideConfirmed) => set((s) => ({ ...s, timeOut: { ...s.timeOut, sideConfirmed } }))}
            error={errors.sideConfirmed}
          />
          {box('timeOut', 'procedureConfirmed', 'Procedure confirmed')}
          {box('timeOut', 'imagingAvailable', 'Imaging available')}
        </Stack>
      </Fieldset>
      <Fieldset legend="Sign out" radius="sm">
        <Stack gap={6}>
          {box('signOut', 'drugsAndDosesRecorded', 'Drugs and doses recorded')}
          {box('signOut', 'equipmentAccountedFor', 'Equipment accounted for')}
          <Textarea
            label="Concerns for recovery"
            autosize
            minRows={2}
            value={v.signOut.concernsForRecovery}
            onChange={(e) => {
              const text = e.currentTarget.value;
              set((s) => ({ ...s, signOut: { ...s.signOut, concernsForRecovery: text } }));
            }}
          />
        </Stack>
      </Fieldset>
    </SimpleGrid>
  );
}

export { SideRadios };

/** Each drug: kind, agent, concentration with its unit, volume, dose; the dose is checked against the other two. */
export function DrugFields({ values: v, set, errors }: Props) {
  const update = (i: number, change: Partial<ProcedureValues['drugs'][number]>) =>
    set((s) => ({ ...s, drugs: s.drugs.map((d, j) => (j === i ? { ...d, ...change } : d)) }));
  return (
    <Fieldset legend="Drugs" variant="unstyled">
      <Stack gap="md">
        {v.drugs.map((d, i) => {
          const expected = expectedDose(d);
          const n = i + 1;
          return (
            // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity but their place
            <Fieldset key={i} legend={`Drug ${n}`} radius="sm">
              <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
                <NativeSelect
                  label={`Kind of drug ${n}`}
                  value={d.kind}
                  onChange={(e) => update(i, { kind: e.currentTarget.value as DrugKind })}
                  data={DRUG_KINDS.map((k) => ({ value: k, label: drugKindLabels[k] }))}
                />
                <TextInput
                  id={`drug-${i}-agent`}
                  label={`Agent of drug ${n}`}
                  value={d.agent}
                  onChange={(e) => update(i, { agent: e.currentTarget.value })}
                  error={errors[`drug-${i}-agent`]}
                />
                <Group gap="xs" align="flex-start" wrap="nowrap">
                  <TextInput
                    id={`drug-${i}-concentration`}
                    label={`Concentration of drug ${n}`}
                    inputMode="decimal"
                    style={{ flex: 1 }}
                    value={d.concentration}
                    onChange={(e) => update(i, { concentration: e.currentTarget.value })}
                    error={errors[`drug-${i}-concentration`]}
                  />
                  <NativeSelect
                    label={`Unit of drug ${n}`}
                    value={d.unit}
                    onChange={(e) => update(i, { unit: e.currentTarget.value as 'mg/mL' | '%' })}
                    data={['mg/mL', '%']}
                  />
                </Group>
                <TextInput
                  id={`drug-${i}-volume`}
                  label={`Volume of drug ${n} (mL)`}
                  inputMode="decimal"
                  value={d.volumeMl}
                  onChange={(e) => update(i, { volumeMl: e.currentTarget.value })}
                  error={errors[`drug-${i}-volume`]}
                />
                <TextInput
                  id={`drug-${i}-dose`}
                  label={`Dose of drug ${n} (mg)`}
                  inputMode="decimal"
                  description={expected !== undefined ? `Concentration × volume = ${expected} mg` : undefined}
                  value={d.doseMg}
                  onChange={(e) => update(i, { doseMg: e.currentTarget.value })}
                  error={errors[`drug-${i}-dose`]}
                />
                <Group gap="xs" align="flex-end">
                  {expected !== undefined && d.doseMg.trim() === '' && (
                    <Button variant="light" size="sm" onClick={() => update(i, { doseMg: String(expected) })}>
                      Use {expected} mg
                    </Button>
                  )}
                  <Button
                    variant="default"
                    size="sm"
                    onClick={() => set((s) => ({ ...s, drugs: s.drugs.filter((_, j) => j !== i) }))}
                  >
                    Remove drug {n}
                  </Button>
                </Group>
              </SimpleGrid>
            </Fieldset>
          );
        })}
        <Group>
          <Button
            variant="default"
            size="sm"
            onClick={() =>
              set((s) => ({
                ...s,
                drugs: [
                  ...s.drugs,
                  { kind: 'steroid', agent: '', concentration: '', unit: 'mg/mL', volumeMl: '', doseMg: '' },
                ],
              }))
            }
          >
            Add a drug
          </Button>
        </Group>
      </Stack>
    </Fieldset>
  );
}
