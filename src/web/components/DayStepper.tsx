import { Button, Group, Text, TextInput } from '@mantine/core';
import { formatDate } from '../format';

const shift = (iso: string, days: number) => {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
};
const weekday = (iso: string) =>
  new Intl.DateTimeFormat('en-GB', { weekday: 'long', timeZone: 'UTC' }).format(new Date(`${iso}T00:00:00Z`));

/** The procedure day the worklist shows: any day, or one day stepped back and forth from today. */
export function DayStepper({
  date,
  today,
  onChange,
}: {
  date: string | null;
  today: string;
  onChange: (date: string | null) => void;
}) {
  return (
    <Group gap="xs" role="group" aria-labelledby="procedure-day-label" wrap="wrap">
      <Text id="procedure-day-label" size="sm" fw={600}>
        Procedure day:
      </Text>
      <Text size="sm" aria-live="polite" miw={150}>
        {date ? `${weekday(date)} ${formatDate(date)}` : 'Any day'}
      </Text>
      <Button size="xs" variant="default" onClick={() => onChange(shift(date ?? today, -1))}>
        Previous day
      </Button>
      <Button size="xs" variant="default" onClick={() => onChange(today)} disabled={date === today}>
        Today
      </Button>
      <Button size="xs" variant="default" onClick={() => onChange(shift(date ?? today, 1))}>
        Next day
      </Button>
      <TextInput
        type="date"
        size="xs"
        aria-label="Go to a day"
        value={date ?? ''}
        onChange={(e) =>
          onChange(/^\d{4}-\d{2}-\d{2}$/.test(e.currentTarget.value) ? e.currentTarget.value : null)
        }
      />
      {date && (
        <Button size="xs" variant="subtle" onClick={() => onChange(null)}>
          Any day
        </Button>
      )}
    </Group>
  );
}
