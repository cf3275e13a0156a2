import { Alert, Button, Group, Paper, Stack, Table, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import type { ApiError } from '../api';
import { formatDateTime } from '../format';
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

interface ConflictProps<I> {
  conflict: Conflict<I>;
  /** The step's record in their version (e.g. steps.triage), to compare with what was typed. */
  theirRecord: unknown;
  timeZone: string;
  pending: boolean;
  onApplyMine: () => void;
  onTakeTheirs: () => void;
}

/** Someone saved first: both versions side by side; nothing is lost or overwritten unasked. */
export function ConflictPanel<I>({
  conflict,
  theirRecord,
  timeZone,
  pending,
  onApplyMine,
  onTakeTheirs,
}: ConflictProps<I>) {
  const theirs = flatten(theirRecord);
  const mine = flatten(conflict.mine);
  const fields = [...new Set([...theirs.keys(), ...mine.keys()])];
  const differing = fields.filter((f) => theirs.get(f) !== mine.get(f));
  const last = [...conflict.theirs.events].sort((a, b) => a.at.localeCompare(b.at)).at(-1);
  return (
    <Alert color="orange" variant="light" title="Someone else saved this episode first" role="alert">
      <Stack gap="sm">
        <Text size="sm">
          It is now at version {conflict.theirs.version}
          {last ? `, last changed by ${last.actor.name} at ${formatDateTime(last.at, timeZone)}` : ''}.
          Nothing of yours was saved and nothing of theirs was overwritten. What you typed is still in the
          form.
        </Text>
        <Table.ScrollContainer minWidth={320}>
          <Table withTableBorder withColumnBorders verticalSpacing={4} fz="sm">
            <Table.Caption>
              {differing.length === 0
                ? 'Their record and what you typed are the same.'
                : `${differing.length} field${differing.length === 1 ? '' : 's'} differ`}
            </Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Field</Table.Th>
                <Table.Th scope="col">Their saved version</Table.Th>
                <Table.Th scope="col">What you typed</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {differing.map((f) => (
                <Table.Tr key={f}>
                  <Table.Th scope="row" fw={500}>
                    {f}
                  </Table.Th>
                  <Table.Td>{theirs.get(f) ?? '—'}</Table.Td>
                  <Table.Td>{mine.get(f) ?? '—'}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        <Group gap="xs">
          <Button size="xs" onClick={onApplyMine} loading={pending}>
            Save mine on the new version
          </Button>
          <Button size="xs" variant="default" onClick={onTakeTheirs} disabled={pending}>
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
  if (!error) return null;
  const fields = 'errors' in error ? error.errors : [];
  return (
    <Alert color="red" variant="light" title={title} role="alert">
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
