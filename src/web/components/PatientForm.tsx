import { Alert, NativeSelect, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { type FormEvent, type ReactNode, useEffect, useState } from 'react';
import { isValidNhsNumber, mrnPattern, normaliseNhsNumber } from '../../domain/identifiers';
import type { NewPatient, Patient, PatientChanges, Sex } from '../api';
import { isRecord } from '../drafts';
import { sexLabels } from '../format';
import { DateInput, type DateParts, emptyDate, isEmptyDate, isoToParts, partsToIso } from './DateInput';
import { SaveButton } from './FormParts';

export interface PatientFormValues {
  givenName: string;
  familyName: string;
  birthDate: DateParts;
  sex: Sex | '';
  nhsNumber: string;
  mrn: string;
  email: string;
  phone: string;
}
type Field = keyof PatientFormValues;
const fields: Field[] = ['givenName', 'familyName', 'birthDate', 'sex', 'nhsNumber', 'mrn', 'email', 'phone'];

export const emptyPatientForm: PatientFormValues = {
  givenName: '',
  familyName: '',
  birthDate: emptyDate,
  sex: '',
  nhsNumber: '',
  mrn: '',
  email: '',
  phone: '',
};

export function patientToForm(p: Patient): PatientFormValues {
  return {
    givenName: p.givenName,
    familyName: p.familyName,
    birthDate: isoToParts(p.birthDate),
    sex: p.sex,
    nhsNumber: p.nhsNumber ?? '',
    mrn: p.mrn ?? '',
    email: p.email ?? '',
    phone: p.phone ?? '',
  };
}

/** Form values read back from a draft (../drafts), if they are that shape. */
export function asPatientFormValues(stored: unknown): PatientFormValues | null {
  if (!isRecord(stored)) return null;
  const date = stored.birthDate;
  const text = fields.filter((f) => f !== 'birthDate').every((f) => typeof stored[f] === 'string');
  const day = isRecord(date) && ['day', 'month', 'year'].every((k) => typeof date[k] === 'string');
  const sex = stored.sex === '' || (typeof stored.sex === 'string' && Object.hasOwn(sexLabels, stored.sex));
  return text && day && sex ? (stored as unknown as PatientFormValues) : null;
}

function clean(values: PatientFormValues): Record<Field, string> {
  const out = {} as Record<Field, string>;
  for (const f of fields) {
    const value = values[f];
    out[f] = typeof value === 'string' ? value.trim() : (partsToIso(value) ?? '');
  }
  out.nhsNumber = normaliseNhsNumber(out.nhsNumber);
  return out;
}

export function formToNewPatient(values: PatientFormValues): NewPatient {
  const v = clean(values);
  const patient: NewPatient = {
    givenName: v.givenName,
    familyName: v.familyName,
    birthDate: v.birthDate,
    sex: v.sex as Sex,
  };
  if (v.nhsNumber) patient.nhsNumber = v.nhsNumber;
  if (v.mrn) patient.mrn = v.mrn;
  if (v.email) patient.email = v.email;
  if (v.phone) patient.phone = v.phone;
  return patient;
}

/** Only what changed; a cleared optional field becomes null. */
export function formToChanges(before: Patient, values: PatientFormValues): PatientChanges {
  const a = clean(patientToForm(before));
  const b = clean(values);
  const changes: Record<string, string | null> = {};
  for (const f of fields) {
    if (a[f] !== b[f]) changes[f] = b[f] === '' ? null : b[f];
  }
  return changes as PatientChanges;
}

export function validatePatient(values: PatientFormValues, today: string): Partial<Record<Field, string>> {
  const v = clean(values);
  const errors: Partial<Record<Field, string>> = {};
  if (!v.givenName) errors.givenName = 'Enter the given name';
  if (!v.familyName) errors.familyName = 'Enter the family name';
  if (isEmptyDate(values.birthDate)) errors.birthDate = 'Enter the date of birth';
  else if (!v.birthDate) errors.birthDate = 'Enter a real date: day, month and a four-digit year';
  else if (v.birthDate > today) errors.birthDate = 'The date of birth cannot be in the future';
  if (!v.sex) errors.sex = 'Choose the sex';
  if (!v.nhsNumber && !v.mrn) {
    errors.nhsNumber = 'Enter an NHS number or an MRN';
    errors.mrn = 'Enter an MRN or an NHS number';
  }
  if (v.nhsNumber && !isValidNhsNumber(v.nhsNumber)) {
    errors.nhsNumber = 'This is not a valid NHS number: check the ten digits';
  }
  if (v.mrn && !mrnPattern.test(v.mrn)) errors.mrn = 'An MRN has 3 to 20 letters, digits or dashes';
  if (v.email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v.email))
    errors.email = 'Enter an email address like name@example.org';
  if (v.phone && !/^\+?[\d\s()-]{6,20}$/.test(v.phone)) errors.phone = 'Enter a phone number using digits';
  return errors;
}

const inputId = (f: Field) => `patient-${f}`;

interface Props {
  initial: PatientFormValues;
  submitLabel: string;
  pending: boolean;
  /** Field messages from the server (problem details `errors`), shown against the inputs. */
  serverErrors: Record<string, string>;
  today: string;
  onSubmit: (values: PatientFormValues) => void;
  onCancel?: () => void;
  /** Each change the user makes, e.g. to keep a draft. */
  onChange?: (values: PatientFormValues) => void;
  /** Alerts shown above the fields (server problems, conflicts). */
  children?: ReactNode;
}

/** The patient's demographics, for adding a patient and for editing one. What was typed survives any error. */
export function PatientForm({
  initial,
  submitLabel,
  pending,
  serverErrors,
  today,
  onSubmit,
  onCancel,
  onChange,
  children,
}: Props) {
  const [values, setValues] = useState(initial);
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});

  useEffect(() => {
    setErrors(serverErrors);
    focusFirstError(serverErrors);
  }, [serverErrors]);

  const set = (f: Field) => (event: { currentTarget: { value: string } }) =>
    update(f, event.currentTarget.value);
  const update = (f: Field, value: string | DateParts) => {
    const next = { ...values, [f]: value };
    setValues(next);
    onChange?.(next);
    setErrors((e) => {
      if (!e[f] && !(f === 'nhsNumber' || f === 'mrn')) return e;
      const rest = { ...e };
      delete rest[f];
      // One of the two identifiers is enough, so typing either clears the "at least one" message on both.
      if (f === 'nhsNumber' && rest.mrn?.startsWith('Enter an MRN or')) delete rest.mrn;
      if (f === 'mrn' && rest.nhsNumber?.startsWith('Enter an NHS number or')) delete rest.nhsNumber;
      return rest;
    });
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found = validatePatient(values, today);
    setErrors(found);
    if (Object.keys(found).length > 0) {
      focusFirstError(found);
      return;
    }
    onSubmit(values);
  };

  const field = (f: Exclude<Field, 'birthDate'>) => ({
    id: inputId(f),
    value: values[f],
    onChange: set(f),
    error: errors[f],
  });
  const errorCount = Object.keys(errors).length;

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        {children}
        {errorCount > 0 && (
          <Alert color="red" variant="light" role="alert" title="Check the highlighted fields">
            {errorCount === 1 ? 'One field needs attention.' : `${errorCount} fields need attention.`}
          </Alert>
        )}
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
          <TextInput label="Given name" required autoComplete="off" {...field('givenName')} />
          <TextInput label="Family name" required autoComplete="off" {...field('familyName')} />
          <DateInput
            id={inputId('birthDate')}
            label="Date of birth"
            hint="For example, 3 3 1961"
            required
            value={values.birthDate}
            onChange={(value) => update('birthDate', value)}
            error={errors.birthDate}
          />
          <NativeSelect
            label="Sex"
            required
            {...field('sex')}
            data={[
              { value: '', label: 'Choose…', disabled: true },
              ...(Object.keys(sexLabels) as Sex[]).map((s) => ({ value: s, label: sexLabels[s] })),
            ]}
          />
          <TextInput
            label="NHS number"
            description="10 digits. An NHS number or an MRN is needed."
            inputMode="numeric"
            autoComplete="off"
            {...field('nhsNumber')}
          />
          <TextInput label="MRN" description="Hospital record number" autoComplete="off" {...field('mrn')} />
          <TextInput label="Email" type="email" autoComplete="off" {...field('email')} />
          <TextInput label="Phone" type="tel" autoComplete="off" {...field('phone')} />
        </SimpleGrid>
        <SaveButton label={submitLabel} saving={pending} gap="sm" onCancel={onCancel} />
      </Stack>
    </form>
  );
}

function focusFirstError(errors: Partial<Record<string, string>>): void {
  const first = fields.find((f) => errors[f]);
  if (first) requestAnimationFrame(() => document.getElementById(inputId(first))?.focus());
}
