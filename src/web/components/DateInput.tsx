import { Box, Group, Text, TextInput } from '@mantine/core';

/**
 * A date as three boxes, Day, Month and Year: the NHS and GOV.UK design systems' date input pattern.
 * A browser's own date field orders its parts by the browser's language (03/04 is 3 April in en-GB
 * and March 4 in en-US), which is not safe for a date of birth.
 */
export interface DateParts {
  day: string;
  month: string;
  year: string;
}

export const emptyDate: DateParts = { day: '', month: '', year: '' };

export function isoToParts(iso: string | null | undefined): DateParts {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso ?? '');
  if (!match) return emptyDate;
  return { day: String(Number(match[3])), month: String(Number(match[2])), year: match[1]! };
}

export const isEmptyDate = (p: DateParts) => !p.day.trim() && !p.month.trim() && !p.year.trim();

/** 'YYYY-MM-DD' for a real calendar date, otherwise null. */
export function partsToIso(p: DateParts): string | null {
  const [d, m, y] = [p.day.trim(), p.month.trim(), p.year.trim()];
  if (!/^\d{1,2}$/.test(d) || !/^\d{1,2}$/.test(m) || !/^\d{4}$/.test(y)) return null;
  const date = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
  if (
    date.getUTCFullYear() !== Number(y) ||
    date.getUTCMonth() !== Number(m) - 1 ||
    date.getUTCDate() !== Number(d)
  )
    return null;
  return `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`;
}

interface Props {
  /** The Day box gets this id; Month and Year get `${id}-month` and `${id}-year`. */
  id: string;
  label: string;
  hint?: string;
  required?: boolean;
  value: DateParts;
  onChange: (value: DateParts) => void;
  error?: string | undefined;
}

export function DateInput({ id, label, hint, required, value, onChange, error }: Props) {
  const legendId = `${id}-legend`;
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [hint ? hintId : null, error ? errorId : null].filter(Boolean).join(' ') || undefined;
  const part = (key: keyof DateParts, partLabel: string, width: number, maxLength: number) => (
    <TextInput
      id={key === 'day' ? id : `${id}-${key}`}
      label={partLabel}
      inputMode="numeric"
      autoComplete="off"
      maxLength={maxLength}
      w={width}
      value={value[key]}
      onChange={(e) => onChange({ ...value, [key]: e.currentTarget.value.replace(/\D/g, '') })}
      error={Boolean(error)}
      aria-describedby={describedBy}
      labelProps={{ fw: 400, fz: 'sm' }}
    />
  );
  return (
    <Box component="fieldset" aria-labelledby={legendId} m={0} p={0} style={{ border: 0, minWidth: 0 }}>
      <Text component="legend" id={legendId} fz="sm" fw={600} p={0} mb={2}>
        {label}
        {required && (
          <Text span c="var(--mantine-color-error)" aria-hidden>
            {' *'}
          </Text>
        )}
      </Text>
      {hint && (
        <Text id={hintId} fz="xs" c="gray.7" mb={4}>
          {hint}
        </Text>
      )}
      <Group gap="sm" align="flex-start" wrap="nowrap">
        {part('day', 'Day', 64, 2)}
        {part('month', 'Month', 64, 2)}
        {part('year', 'Year', 88, 4)}
      </Group>
      {error && (
        <Text id={errorId} c="var(--mantine-color-error)" fz="sm" mt={4}>
          {error}
        </Text>
      )}
    </Box>
  );
}
