/**
 * A procedure list's fields, for a new list (on the booking step) and for correcting one (on the
 * list's page). The fields are checked by the schema the API validates with, and the day and the
 * places by the domain's rule the caller names: one copy of each rule, the form's words its own.
 */
import { SimpleGrid, Stack, TextInput, Title } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import type { FieldIssue } from '../../domain/field-issue';
import { ProcedureListInput as ProcedureListSchema } from '../../shared/api/steps';
import { ApiError, type ProcedureList, type ProcedureListInput } from '../api';
import { num } from '../pages/episode/fields';
import { DateInput, type DateParts, isoToParts, partsToIso } from './DateInput';
import { SaveButton } from './FormParts';
import { useFormFields } from './formBinding';
import { MergedNotice } from './MergedNotice';
import { type Merge, mergeThreeWay } from './merge';
import { SaveError } from './StepFrame';

interface ListValues {
  date: DateParts;
  startTime: string;
  operator: string;
  room: string;
  capacity: string;
}

const fieldNames: Record<keyof ListValues, string> = {
  date: 'Date',
  startTime: 'Start time',
  operator: 'Operator',
  room: 'Room',
  capacity: 'Capacity',
};

const valuesOf = (list: ProcedureListInput): ListValues => ({
  date: isoToParts(list.date),
  startTime: list.startTime,
  operator: list.operator,
  room: list.room,
  capacity: String(list.capacity),
});

interface Props {
  /** Prefixes the form's ids (its heading, its date), unique on the page. */
  id: string;
  title: string;
  saveLabel: string;
  initial: ProcedureListInput;
  /** A list corrected: the version the form starts from (a new list has none). */
  version?: number;
  /** The domain's rule for the day, the start and the places (a new list's, or an edit's). */
  problems: (date: string, capacity: number, startTime: string) => FieldIssue[];
  save: (input: ProcedureListInput, version: number | undefined) => Promise<ProcedureList>;
  onSaved: (list: ProcedureList) => Promise<void> | void;
  onCancel?: () => void;
}

export function ProcedureListForm({
  id,
  title,
  saveLabel,
  initial,
  version: startVersion,
  problems,
  save,
  onSaved,
  onCancel,
}: Props) {
  const headingId = `${id}-heading`;
  const { values, set, errors, setErrors, input, control } = useFormFields<ListValues>(() =>
    valuesOf(initial),
  );
  // What the form's values are compared with when a colleague's save comes first: the list as
  // last read (then as they left it), and the version a save is made against.
  const [base, setBase] = useState(() => ({ values: valuesOf(initial), version: startVersion }));
  const [merged, setMerged] = useState<Merge<ListValues> | null>(null);
  const saving = useMutation({
    mutationFn: (list: ProcedureListInput) => save(list, base.version),
    onSuccess: onSaved,
    onError: (error) => {
      if (!(error instanceof ApiError)) return;
      setErrors(error.fieldErrors() as typeof errors);
      // Their changes go into the form, field by field, beside what this person typed.
      const current =
        error.code === 'version_conflict' ? (error.current as ProcedureList | undefined) : undefined;
      if (current) {
        const merge = mergeThreeWay(base.values, valuesOf(current), values);
        set(merge.merged);
        setBase({ values: valuesOf(current), version: current.version });
        setMerged(merge);
      }
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found: typeof errors = {};
    const date = partsToIso(values.date);
    const capacity = num(values.capacity);
    if (!date) found.date = 'Enter a real date: day, month and a four-digit year';
    // The domain's rule is said beside any other field's problem, not after it is mended: the
    // day's before the schema's words for it, the places' after (a count that is not a whole
    // number from 1 to 50 is the schema's to report).
    const judged = date ? problems(date, capacity ?? Number.POSITIVE_INFINITY, values.startTime.trim()) : [];
    for (const p of judged) if (p.field === 'date') found.date ??= p.message;
    // The rest by the schema the API validates with: one rule, and its words are the form's.
    const checked = ProcedureListSchema.safeParse({
      date: date ?? '',
      startTime: values.startTime.trim(),
      operator: values.operator,
      room: values.room,
      capacity,
    });
    for (const issue of checked.error?.issues ?? [])
      found[issue.path[0] as keyof ListValues] ??= issue.message;
    for (const p of judged) found[p.field as keyof ListValues] ??= p.message;
    setErrors(found);
    if (Object.keys(found).length > 0 || !checked.success) return;
    setMerged(null);
    saving.mutate(checked.data);
  };
  return (
    <form onSubmit={submit} noValidate aria-labelledby={headingId}>
      <Stack gap="sm">
        <Title order={3} size="h5" id={headingId}>
          {title}
        </Title>
        {merged ? (
          <MergedNotice merge={merged} fieldNames={fieldNames} record="list" />
        ) : (
          saving.error &&
          !(saving.error instanceof ApiError && saving.error.errors.length > 0) && (
            <SaveError error={saving.error} title="Could not save the list" />
          )
        )}
        <DateInput label="Date" required {...control('date', `${id}-date`)} />
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <TextInput label="Start time (HH:MM)" required {...input('startTime')} />
          <TextInput label="Operator" required {...input('operator')} />
          <TextInput label="Room" required {...input('room')} />
          <TextInput label="Capacity (patients)" required inputMode="numeric" {...input('capacity')} />
        </SimpleGrid>
        <SaveButton label={saveLabel} saving={saving.isPending} onCancel={onCancel} />
      </Stack>
    </form>
  );
}
