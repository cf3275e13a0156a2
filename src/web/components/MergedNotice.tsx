import { Alert } from '@mantine/core';
import type { Merge } from './merge';

/**
 * A colleague saved the record first: which of their changes are now in the form, and where both
 * changed the same field (this person's value is kept). Said in the fields' own labels.
 */
export function MergedNotice<V>({
  merge,
  fieldNames,
  record,
}: {
  merge: Merge<V>;
  fieldNames: Record<keyof V & string, string>;
  record: string;
}) {
  const names = (paths: readonly (readonly string[])[]) => [
    ...new Set(paths.map((p) => fieldNames[p[0] as keyof V & string] ?? p[0])),
  ];
  const theirs = names(merge.theirChanges);
  const both = names(merge.conflicts.map((c) => c.path));
  return (
    <Alert color="yellow" title={`Someone else changed this ${record} while you were editing`} role="alert">
      {theirs.length > 0 ? `Their changes are in the form: ${theirs.join(', ')}. ` : ''}
      {both.length > 0 ? `You both changed ${both.join(', ')}: yours is kept. ` : ''}
      Check the {record}, then save again.
    </Alert>
  );
}
