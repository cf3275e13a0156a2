import {
  ActionIcon,
  Badge,
  Button,
  Fieldset,
  Group,
  NativeSelect,
  NumberInput,
  Stack,
  Switch,
  Text,
  TextInput,
} from '@mantine/core';
import { useState } from 'react';
import { type ProfileId, settingDefault } from '../../../domain/clinical';
import { defaultLine, durationInput, durationText, formatSetting, type SettingField } from './settingsModel';

type Num = number | '';

const UNIT_WORDS: Record<string, string> = {
  h: 'Hours',
  'h before': 'Hours before',
  days: 'Days',
  weeks: 'Weeks',
  minutes: 'Minutes',
  mL: 'Millilitres (mL)',
  mg: 'Milligrams (mg)',
  '×10⁹/L': 'Count (×10⁹/L)',
};
/** A single input's label inside the setting's fieldset (whose legend names the setting). */
const inputLabel = (field: SettingField) => (field.unit ? (UNIT_WORDS[field.unit] ?? field.unit) : 'Number');
const num = (v: string | number): Num => (v === '' ? '' : Number(v));

interface Props {
  field: SettingField;
  value: unknown;
  profile: ProfileId;
  error: string | undefined;
  onChange: (value: unknown) => void;
}

/**
 * One setting: its input (by kind), its default and where the default comes from, and whether
 * the clinic's value differs from it. Grouped inputs sit in a fieldset named by the setting.
 */
export function SettingEditor({ field, value, profile, error, onChange }: Props) {
  const d = settingDefault(field.key, profile);
  const overridden = JSON.stringify(value) !== JSON.stringify(d.default);
  const id = `setting-${field.key.replaceAll('.', '-')}`;
  return (
    <Fieldset
      id={id}
      legend={
        <Group gap="xs" wrap="wrap" component="span">
          <Text component="span" fw={600} size="sm">
            {field.label}
          </Text>
          {overridden && (
            <Badge color="orange" c="dark.7" variant="dot" size="sm" tt="none" component="span">
              Overridden
            </Badge>
          )}
        </Group>
      }
      variant="filled"
      radius="sm"
      aria-describedby={`${id}-meta`}
    >
      <Stack gap={6}>
        <Input field={field} value={value} onChange={onChange} label={field.label} />
        {field.help && (
          <Text size="xs" c="gray.7">
            {field.help}
          </Text>
        )}
        {error && (
          <Text size="sm" c="red.9" role="alert">
            {error}
          </Text>
        )}
        <Text size="xs" c="gray.7" id={`${id}-meta`}>
          {defaultLine(field, d)}
        </Text>
      </Stack>
    </Fieldset>
  );
}

/** One input of a setting; `label` names it to a screen reader where the input has no label of its own. */
interface InputProps {
  field: SettingField;
  value: unknown;
  onChange: (value: unknown) => void;
  label: string;
}

function Input({ field, value, onChange, label }: InputProps) {
  const bounds = { min: field.min, max: field.max, step: field.step ?? 1 };
  switch (field.kind) {
    case 'number':
    case 'optionalNumber':
    case 'cap':
      return (
        <NumberInput
          label={inputLabel(field)}
          value={value as Num}
          onChange={(v) => onChange(num(v))}
          {...bounds}
          w={220}
        />
      );
    case 'boolean':
      return (
        <Switch
          label={value ? 'Yes' : 'No'}
          aria-label={label}
          checked={Boolean(value)}
          onChange={(e) => onChange(e.currentTarget.checked)}
        />
      );
    case 'time':
      return (
        <TextInput
          label="Time (HH:MM)"
          value={String(value ?? '')}
          onChange={(e) => onChange(e.currentTarget.value)}
          w={160}
        />
      );
    case 'select':
      return (
        <NativeSelect
          label="Choose"
          data={field.options?.map((o) => ({ value: o.value, label: o.label })) ?? []}
          value={String(value)}
          onChange={(e) => onChange(e.currentTarget.value)}
        />
      );
    case 'numberList':
      return (
        <NumberList label="Numbers, separated by commas" value={value as number[]} onChange={onChange} />
      );
    case 'holds':
      return <Holds value={value as Record<string, number>} onChange={onChange} />;
    default:
      return <Optional field={field} value={value} onChange={onChange} label={label} />;
  }
}

/** A value that may be off (null): a switch, and the inputs when it is on. */
function Optional({ field, value, onChange, label }: InputProps) {
  const optional = field.kind !== 'measure' && field.kind !== 'threshold';
  const on = value !== null && value !== undefined;
  const offLabel =
    field.kind === 'cap' ? 'Not capped' : field.kind === 'repeat' ? "Clinician's judgement" : 'Off';
  const start: Record<string, unknown> = {
    range: { minHours: '', maxHours: '' },
    optionalMeasure: { value: '', unit: field.units?.[0] },
    optionalNumber: '',
    cap: '',
    optionalDuration: 'P0D',
    repeat: { percent: '', comparator: '>=', lasting: 'P0D' },
  };
  return (
    <Stack gap={6}>
      {optional && (
        <Switch
          label={on ? 'Set' : offLabel}
          aria-label={`${label}: set a value`}
          checked={on}
          onChange={(e) => onChange(e.currentTarget.checked ? start[field.kind] : null)}
        />
      )}
      {on && <OnInputs field={field} value={value} onChange={onChange} />}
    </Stack>
  );
}

function OnInputs({
  field,
  value,
  onChange,
}: {
  field: SettingField;
  value: unknown;
  onChange: (value: unknown) => void;
}) {
  const bounds = { min: field.min, max: field.max, step: field.step ?? 1 };
  switch (field.kind) {
    case 'range': {
      const r = value as { minHours: Num; maxHours: Num };
      return (
        <Group gap="sm" wrap="wrap">
          <NumberInput
            label="At least (hours)"
            value={r.minHours}
            onChange={(v) => onChange({ ...r, minHours: num(v) })}
            {...bounds}
            w={170}
          />
          <NumberInput
            label="Up to (hours)"
            value={r.maxHours}
            onChange={(v) => onChange({ ...r, maxHours: num(v) })}
            {...bounds}
            w={170}
          />
        </Group>
      );
    }
    case 'measure':
    case 'optionalMeasure': {
      const m = value as { value: Num; unit: string };
      return (
        <Group gap="sm" wrap="wrap">
          <NumberInput
            label="Value"
            value={m.value}
            onChange={(v) => onChange({ ...m, value: num(v) })}
            step={0.1}
            min={0}
            w={150}
          />
          <NativeSelect
            label="Unit"
            data={[...(field.units ?? [])]}
            value={m.unit}
            onChange={(e) => onChange({ ...m, unit: e.currentTarget.value })}
            w={150}
          />
        </Group>
      );
    }
    case 'optionalDuration':
      return <DurationFields label="Interval" value={String(value)} onChange={onChange} />;
    case 'threshold':
    case 'repeat': {
      const t = value as { percent: Num; comparator: '>' | '>='; lasting?: string };
      return (
        <Group gap="sm" wrap="wrap" align="flex-start">
          <NativeSelect
            label="Comparison"
            data={[
              { value: '>=', label: 'at least (≥)' },
              { value: '>', label: 'more than (>)' },
            ]}
            value={t.comparator}
            onChange={(e) => onChange({ ...t, comparator: e.currentTarget.value })}
            w={170}
          />
          <NumberInput
            label="Relief (%)"
            value={t.percent}
            onChange={(v) => onChange({ ...t, percent: num(v) })}
            min={0}
            max={100}
            w={150}
          />
          {field.kind === 'repeat' && (
            <DurationFields
              label="Lasting"
              value={t.lasting ?? 'P0D'}
              onChange={(lasting) => onChange({ ...t, lasting })}
            />
          )}
        </Group>
      );
    }
    default:
      return <Text size="sm">{formatSetting(field.kind, value, field.unit)}</Text>;
  }
}

/** A duration as a number and a unit (days, weeks or months); a fraction is sent as typed, and refused. */
function DurationFields({
  label,
  value,
  onChange,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
}) {
  const parsed = /^P[\d.,]+[DWM]$/.test(value) ? null : safeDurationInput(value);
  const [n, setN] = useState<Num>(parsed ? parsed.value : Number(value.slice(1, -1)) || '');
  const [unit, setUnit] = useState<'days' | 'weeks' | 'months'>(
    parsed?.unit ?? (value.endsWith('W') ? 'weeks' : value.endsWith('D') ? 'days' : 'months'),
  );
  const send = (v: Num, u: typeof unit) => onChange(v === '' ? '' : durationText(v, u));
  return (
    <Group gap="sm" wrap="wrap">
      <NumberInput
        label={label === 'Lasting' ? 'Lasting: how many' : 'How many'}
        value={n}
        onChange={(v) => {
          setN(num(v));
          send(num(v), unit);
        }}
        min={0}
        decimalScale={2}
        w={150}
      />
      <NativeSelect
        label={label === 'Lasting' ? 'Lasting: unit' : 'Unit'}
        data={[
          { value: 'days', label: 'days' },
          { value: 'weeks', label: 'weeks' },
          { value: 'months', label: 'calendar months' },
        ]}
        value={unit}
        onChange={(e) => {
          const u = e.currentTarget.value as typeof unit;
          setUnit(u);
          send(n, u);
        }}
        w={190}
      />
    </Group>
  );
}

function safeDurationInput(value: string) {
  try {
    return durationInput(value);
  } catch {
    return null;
  }
}

function NumberList({
  label,
  value,
  onChange,
}: {
  label: string;
  value: number[];
  onChange: (value: unknown) => void;
}) {
  const [text, setText] = useState(value.join(', '));
  return (
    <TextInput
      label={label}
      value={text}
      onChange={(e) => {
        const t = e.currentTarget.value;
        setText(t);
        const parts = t
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean);
        onChange(parts.map((p) => (/^\d+$/.test(p) ? Number(p) : p)));
      }}
    />
  );
}

/** Drug → suggested hold in hours, as rows the admin adds and removes. */
function Holds({ value, onChange }: { value: Record<string, number>; onChange: (value: unknown) => void }) {
  const [rows, setRows] = useState<{ drug: string; hours: Num }[]>(
    Object.entries(value).map(([drug, hours]) => ({ drug, hours })),
  );
  const update = (next: typeof rows) => {
    setRows(next);
    onChange(
      Object.fromEntries(
        next.filter((r) => r.drug.trim()).map((r) => [r.drug.trim().toLowerCase(), r.hours]),
      ),
    );
  };
  return (
    <Stack gap="xs">
      {rows.map((r, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: rows have no id until named
        <Group key={i} gap="sm" align="flex-end" wrap="wrap">
          <TextInput
            label={`Drug ${i + 1}`}
            value={r.drug}
            onChange={(e) =>
              update(rows.map((x, j) => (j === i ? { ...x, drug: e.currentTarget.value } : x)))
            }
            w={200}
          />
          <NumberInput
            label={`Drug ${i + 1}: hold (hours)`}
            value={r.hours}
            onChange={(v) => update(rows.map((x, j) => (j === i ? { ...x, hours: num(v) } : x)))}
            min={0}
            max={720}
            w={170}
          />
          <ActionIcon
            variant="default"
            size="lg"
            aria-label={`Remove drug ${i + 1}`}
            onClick={() => update(rows.filter((_, j) => j !== i))}
          >
            ×
          </ActionIcon>
        </Group>
      ))}
      <Button
        variant="default"
        size="xs"
        w="fit-content"
        onClick={() => update([...rows, { drug: '', hours: '' }])}
      >
        Add a drug
      </Button>
    </Stack>
  );
}
