import { Alert, Checkbox, Group, NativeSelect, Radio, Text, Textarea } from '@mantine/core';
import { type FormEvent, useMemo, useState } from 'react';
import { checkInIsLate, checkSide, type Side } from '../../../domain/clinical';
import { api, type CheckInInput, type CheckInRecord, type EpisodeDetail } from '../../api';
import { DecimalInput, SaveButton } from '../../components/FormParts';
import { binder } from '../../components/formBinding';
import { StepFormFrame } from '../../components/StepFrame';
import { useStepEditor } from '../../components/useStepForm';
import { formatDateTime, recordedByText, sideLabels } from '../../format';
import { num } from './fields';
import type { StepFormProps } from './step-props';

interface Values {
  consentConfirmed: boolean;
  sideMarked: Side | '';
  escortPresent: boolean;
  fastingAsInstructed: boolean;
  glucose: string;
  glucoseUnit: 'mmol/L' | 'mg/dL';
  lateReason: string;
}

export const plannedSide = (e: EpisodeDetail): Side | undefined =>
  e.steps.screenings[0]?.facts.plan.side ?? e.side ?? undefined;

/** A new check-in starts empty; an amendment starts from the check-in as recorded. */
function initial(amend: boolean) {
  return (e: EpisodeDetail): Values => {
    const r = amend ? e.steps.checkIn : null;
    return {
      consentConfirmed: r?.consentConfirmed ?? false,
      sideMarked: r?.sideMarked ?? '',
      escortPresent: r?.escortPresent ?? false,
      fastingAsInstructed: r?.fastingAsInstructed ?? false,
      glucose: r?.glucose ? String(r.glucose.value) : '',
      glucoseUnit: r?.glucose?.unit ?? 'mmol/L',
      lateReason: r?.lateReason ?? '',
    };
  };
}

/** Arrival on the day: consent, side marked, escort, fasting, and glucose for a patient with diabetes. */
export function CheckInStep({ episode, clinic, timeZone, amend = false, onSaved }: StepFormProps) {
  const diabetic = Boolean(episode.steps.screenings[0]?.facts.patient.diabetes);
  const editor = useStepEditor<Values, Omit<CheckInInput, 'version'>>(
    { episode, timeZone, amend, onSaved },
    'check-in',
    initial(amend),
    (body) => api.checkIn(episode.id, body),
    { saved: 'Checked in.', amended: 'Check-in amended.' },
  );
  const { form, step, amendment } = editor;
  const [errors, setErrors] = useState<Partial<Record<keyof Values, string>>>({});
  const v = form.values;
  const { bind, field } = binder(form.values, form.set, errors);
  const planned = plannedSide(episode);
  // The same wrong-side rule the server applies, as the nurse chooses (DESIGN.md safety checklist).
  const side = useMemo(
    () =>
      v.sideMarked && planned ? checkSide({ planned, markedAtCheckIn: v.sideMarked }, clinic.settings) : null,
    [v.sideMarked, planned, clinic.settings],
  );
  const mismatch = side?.code === 'side_mismatch';
  // After the booked day a check-in is a late entry, which says why (timing.ts, as the server).
  const booked = episode.steps.booking;
  const late = !amend && booked !== null && checkInIsLate(new Date(booked.plannedAt), new Date(), timeZone);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found: typeof errors = {};
    if (!v.consentConfirmed) found.consentConfirmed = 'Confirm consent before going ahead';
    if (!v.sideMarked) found.sideMarked = 'Choose the side marked';
    if (!v.escortPresent) found.escortPresent = 'An escort must be present';
    if (!v.fastingAsInstructed) found.fastingAsInstructed = 'Confirm the patient fasted as instructed';
    const glucose = num(v.glucose);
    if (diabetic && (glucose === undefined || glucose <= 0)) found.glucose = 'Enter the glucose on arrival';
    if (late && !v.lateReason.trim()) found.lateReason = 'Say why the check-in is recorded late';
    setErrors(found);
    if (Object.keys(found).length > 0 || !v.sideMarked || mismatch) return;
    const reason = amendment.check();
    if (!reason) return;
    step.save({
      ...reason,
      consentConfirmed: v.consentConfirmed,
      sideMarked: v.sideMarked,
      escortPresent: v.escortPresent,
      fastingAsInstructed: v.fastingAsInstructed,
      ...(glucose !== undefined && glucose > 0 ? { glucose: { value: glucose, unit: v.glucoseUnit } } : {}),
      ...(late || (amend && v.lateReason.trim()) ? { lateReason: v.lateReason.trim() } : {}),
    });
  };
  const check = (key: 'consentConfirmed' | 'escortPresent' | 'fastingAsInstructed', label: string) => (
    <Checkbox
      id={`checkin-${key}`}
      label={label}
      checked={v[key]}
      onChange={(e) => {
        form.set({ [key]: e.currentTarget.checked });
        setErrors(({ [key]: _, ...rest }) => rest);
      }}
      error={errors[key]}
    />
  );

  return (
    <StepFormFrame
      label="Check-in"
      onSubmit={submit}
      editor={editor}
      errorTitle="Could not check in"
      submit={
        <SaveButton
          label={amend ? 'Save the amended check-in' : 'Check in'}
          saving={step.mutation.isPending}
          disabled={mismatch}
        />
      }
    >
      {late && booked && (
        <>
          <Alert color="orange" title="The booked day has passed">
            The patient was booked for {formatDateTime(booked.plannedAt, timeZone)}. Record the check-in as it
            was that day, and say why it is entered now. If the patient is here today instead, reschedule the
            booking.
          </Alert>
          <Textarea
            label="Why it is recorded late"
            placeholder="e.g. written on the paper list on the day"
            required
            autosize
            minRows={2}
            {...field('lateReason', 'checkin-lateReason')}
          />
        </>
      )}
      {check('consentConfirmed', 'Consent confirmed')}
      <Radio.Group
        id="checkin-sideMarked"
        label="Side marked"
        description={planned ? `Planned: ${sideLabels[planned]}` : 'No side planned yet'}
        required
        value={v.sideMarked}
        onChange={(s) => {
          form.set({ sideMarked: s as Side });
          setErrors(({ sideMarked: _, ...rest }) => rest);
        }}
        error={errors.sideMarked ?? (mismatch ? 'Not the planned side' : undefined)}
      >
        <Group gap="md" mt={4}>
          {(Object.keys(sideLabels) as Side[]).map((s) => (
            <Radio key={s} value={s} label={sideLabels[s]} />
          ))}
        </Group>
      </Radio.Group>
      {mismatch && side && (
        <Alert color="red.9" variant="filled" title="Wrong side: stop and check" role="alert">
          <Text size="sm" c="white">
            {side.staffText} Check the consent form and the referral with the patient before marking.
          </Text>
        </Alert>
      )}
      {check('escortPresent', 'Escort present')}
      {check('fastingAsInstructed', 'Fasted as instructed')}
      {diabetic && (
        <Group gap="sm" align="flex-start">
          <DecimalInput label="Glucose on arrival" w={160} {...field('glucose', 'checkin-glucose')} />
          <NativeSelect label="Glucose unit" {...bind('glucoseUnit')} data={['mmol/L', 'mg/dL']} />
        </Group>
      )}
    </StepFormFrame>
  );
}

export function CheckInSummary({ record, timeZone }: { record: CheckInRecord; timeZone: string }) {
  return (
    <Text size="sm">
      {recordedByText(record, timeZone, 'Checked in by')}: consent{' '}
      {record.consentConfirmed ? 'confirmed' : 'NOT confirmed'}, side marked{' '}
      {sideLabels[record.sideMarked].toLowerCase()}, escort {record.escortPresent ? 'present' : 'NOT present'}
      , fasted {record.fastingAsInstructed ? 'as instructed' : 'NOT as instructed'}
      {record.glucose ? `, glucose ${record.glucose.value} ${record.glucose.unit}` : ''}.
      {record.lateReason ? ` Recorded after the booked day: ${record.lateReason}` : ''}
    </Text>
  );
}
