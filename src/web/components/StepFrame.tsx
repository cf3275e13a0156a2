import { Alert, Button, Group, Paper, Radio, Stack, Table, Text, Title } from '@mantine/core';
import { type FormEvent, type ReactNode, useState } from 'react';
import type { ApiError } from '../api';
import { formatDateTime, type RecordedFacts, recordedByText } from '../format';
import { useIntoView } from './useIntoView';
import type { Conflict } from './useStepForm';

/** "Draft restored" with a way out, shown above a form whose typing came back from localStorage. */
export function DraftNotice({ onDiscard }: { onDiscard: () => void }) {
  return (
    <Alert color="blue" variant="light" title="Draft restored">
      <Group gap="sm" justify="space-between">
        <Text size="sm">What you typed before is back in the form. It has not been saved yet.</Text>
        <Button size="xs" variant="default" onClick={onDiscard}>
          Discard draft
        </Button>
      </Group>
    </Alert>
  );
}

const words = (key: string) =>
  key
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/[-_]/g, ' ')
    .toLowerCase();

/** Nested values as "field › subfield: value" rows, for comparing two versions of a record. */
export function flatten(value: unknown, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (v: unknown, path: string) => {
    if (Array.isArray(v)) {
      if (v.length === 0) out.set(path, 'none');
      for (const [i, item] of v.entries()) walk(item, path ? `${path} › ${i + 1}` : String(i + 1));
    } else if (v && typeof v === 'object') {
      for (const [k, child] of Object.entries(v)) {
        if (['version', 'recordedAt', 'recordedBy', 'assessment', 'protocol', 'id', 'seq'].includes(k))
          continue;
        walk(child, path ? `${path} › ${words(k)}` : words(k));
      }
    } else if (v !== undefined && v !== null && v !== '') {
      out.set(path, v === true ? 'yes' : v === false ? 'no' : String(v));
    }
  };
  walk(value, prefix);
  return out;
}

/** Human names for form fields, by path (`diabetes`, `plan.side`); others are spelled out from the key. */
export type FieldLabels = Record<string, string>;

const labelOf = (path: readonly string[], labels: FieldLabels) =>
  labels[path.join('.')] ??
  path
    .filter((p) => !/^\d+$/.test(p))
    .map(words)
    .reverse()
    .join(' of ')
    .replace(/^./, (c) => c.toUpperCase());

/** A field's value in words: yes/no, lists item by item, dates as typed. */
export function valueText(v: unknown): string {
  if (v === undefined || v === null || v === '') return '—';
  if (v === true) return 'yes';
  if (v === false) return 'no';
  if (Array.isArray(v)) return v.length === 0 ? 'none' : v.map(valueText).join('; ');
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if ('day' in o && 'month' in o && 'year' in o) return o.day ? `${o.day}/${o.month}/${o.year}` : '—';
    return [...flatten(o).values()].join(', ') || '—';
  }
  return String(v);
}

interface ConflictProps<V> {
  save: {
    mutation: { isPending: boolean };
    applyMerge: (takeTheirs: ReadonlySet<string>) => void;
    takeTheirs: () => void;
  };
  conflict: Conflict<V>;
  timeZone: string;
  labels?: FieldLabels;
}

/**
 * Someone saved first. What only they changed is taken, what only you changed is kept; what
 * you both changed is shown side by side for you to choose, field by field. Nothing of anyone's
 * is lost or overwritten unasked.
 */
export function ConflictPanel<V>({ save, conflict, timeZone, labels = {} }: ConflictProps<V>) {
  const { merge, theirs } = conflict;
  const [choices, setChoices] = useState<Record<string, 'theirs' | 'mine'>>({});
  const undecided = merge.conflicts.filter((c) => !choices[c.path.join('.')]);
  const last = [...theirs.events].sort((a, b) => a.at.localeCompare(b.at)).at(-1);
  const names = (paths: readonly (readonly string[])[]) => paths.map((p) => labelOf(p, labels)).join(', ');
  const shown = useIntoView<HTMLDivElement>(conflict);
  return (
    <Alert
      ref={shown}
      color="orange"
      variant="light"
      title="Someone else saved this episode first"
      role="alert"
    >
      <Stack gap="sm">
        <Text size="sm">
          It is now at version {theirs.version}
          {last ? `, last changed by ${last.actor.name} at ${formatDateTime(last.at, timeZone)}` : ''}.
          Nothing of yours was saved and nothing of theirs was overwritten. What you typed is still in the
          form.
        </Text>
        {merge.theirChanges.length > 0 && (
          <Text size="sm">
            <b>Their changes, kept:</b> {names(merge.theirChanges)}.
          </Text>
        )}
        {merge.myChanges.length > 0 && (
          <Text size="sm">
            <b>Your changes, kept:</b> {names(merge.myChanges)}.
          </Text>
        )}
        {merge.conflicts.length > 0 && (
          <Table.ScrollContainer minWidth={320}>
            <Table withTableBorder withColumnBorders verticalSpacing={4} fz="sm">
              <Table.Caption>
                You both changed {merge.conflicts.length} field{merge.conflicts.length === 1 ? '' : 's'}:
                choose which to keep for each.
              </Table.Caption>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">Field</Table.Th>
                  <Table.Th scope="col">Their saved version</Table.Th>
                  <Table.Th scope="col">What you typed</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {merge.conflicts.map((c) => {
                  const key = c.path.join('.');
                  const label = labelOf(c.path, labels);
                  return (
                    <Table.Tr key={key}>
                      <Table.Th scope="row" fw={500}>
                        {label}
                      </Table.Th>
                      {(['theirs', 'mine'] as const).map((side) => (
                        <Table.Td key={side}>
                          <Radio
                            name={`conflict-${key}`}
                            value={side}
                            checked={choices[key] === side}
                            onChange={() => setChoices((was) => ({ ...was, [key]: side }))}
                            label={valueText(side === 'theirs' ? c.theirs : c.mine)}
                            aria-label={`${label}: keep ${side === 'theirs' ? 'theirs' : 'yours'}, ${valueText(side === 'theirs' ? c.theirs : c.mine)}`}
                          />
                        </Table.Td>
                      ))}
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
        <Group gap="xs">
          <Button
            size="xs"
            onClick={() =>
              save.applyMerge(
                new Set(Object.entries(choices).flatMap(([k, side]) => (side === 'theirs' ? [k] : []))),
              )
            }
            disabled={save.mutation.isPending || undecided.length > 0}
          >
            {merge.conflicts.length > 0 ? 'Merge my choices' : 'Merge both'}
          </Button>
          <Button size="xs" variant="default" onClick={save.takeTheirs} disabled={save.mutation.isPending}>
            Discard mine, use theirs
          </Button>
        </Group>
      </Stack>
    </Alert>
  );
}

/** A server refusal that is not a conflict: the sentence, and each field it names. */
export function SaveError({
  error,
  title = 'Could not save',
}: {
  error: ApiError | Error | null;
  title?: string;
}) {
  const shown = useIntoView<HTMLDivElement>(error);
  if (!error) return null;
  const fields = 'errors' in error ? error.errors : [];
  return (
    <Alert ref={shown} color="red" variant="light" title={title} role="alert">
      <Stack gap={4}>
        <Text size="sm">{error.message}</Text>
        {fields.length > 0 && (
          <ul style={{ margin: 0, paddingLeft: 20 }}>
            {fields.map((f) => (
              <li key={`${f.field}-${f.message}`}>
                <Text size="sm" span>
                  {f.field.replace(/^body[./]/, '')}: {f.message}
                </Text>
              </li>
            ))}
          </ul>
        )}
      </Stack>
    </Alert>
  );
}

/** The frame of one step on the episode page: heading, then the step's content. */
export function StepSection({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby={`${id}-heading`} id={id}>
      <Stack gap="md">
        <Title order={2} size="h4" id={`${id}-heading`}>
          {title}
        </Title>
        {children}
      </Stack>
    </Paper>
  );
}

/** What a step form's frame needs of its save (see useStepSave). */
type FrameSave<V> = ConflictProps<V>['save'] & {
  mutation: { isPending: boolean; error: ApiError | Error | null };
  conflict: Conflict<V> | null;
};

/**
 * Every step form has one shape: named for assistive technology, then a restored draft, a
 * colleague's earlier save (to merge) or the server's refusal, the step's own fields, and last the
 * amendment's reason (when amending) with the save button.
 */
export function StepFormFrame<V>({
  label,
  editor: { form, step, amendment, timeZone },
  onSubmit,
  labels,
  errorTitle,
  submit,
  children,
}: {
  label: string;
  /** The step's form, its save and (when amending) the reason field: see useStepEditor. */
  editor: {
    form: { restored: boolean; discardDraft: () => void };
    step: FrameSave<V>;
    amendment?: { field: ReactNode };
    timeZone: string;
  };
  onSubmit: (event: FormEvent) => void;
  labels?: FieldLabels;
  errorTitle?: string;
  /** The save button's row (see SaveButton). */
  submit: ReactNode;
  children: ReactNode;
}) {
  return (
    <form onSubmit={onSubmit} noValidate aria-label={label}>
      <Stack gap="md">
        {form.restored && <DraftNotice onDiscard={() => form.discardDraft()} />}
        {step.conflict && (
          <ConflictPanel save={step} conflict={step.conflict} timeZone={timeZone} labels={labels} />
        )}
        {!step.conflict && <SaveError error={step.mutation.error} title={errorTitle} />}
        {children}
        {amendment?.field}
        {submit}
      </Stack>
    </form>
  );
}

/** Under a recorded step: who recorded it, in what role, and when (the clinic's wall clock). */
export function RecordedBy({
  record,
  timeZone,
  verb = 'Recorded by',
  children,
}: {
  record: RecordedFacts;
  timeZone: string;
  verb?: string;
  /** Said after the time (or the importer), before any full stop. */
  children?: ReactNode;
}) {
  return (
    <Text size="xs" c="gray.7">
      {recordedByText(record, timeZone, verb)}
      {children}
    </Text>
  );
}
