import {
  Alert,
  Checkbox,
  Group,
  NativeSelect,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { type FormEvent, useMemo, useState } from 'react';
import { checkSide, drugKindLabels, spreadLabels, targetLabels } from '../../../domain/clinical';
import { ApiError, api, type EpisodeDetail, type ProcedureInput, type ProcedureRecord } from '../../api';
import { DateInput, isoToParts } from '../../components/DateInput';
import { Sources } from '../../components/Findings';
import { DecimalInput, SaveButton } from '../../components/FormParts';
import { binder } from '../../components/formBinding';
import { RecordedBy, StepFormFrame } from '../../components/StepFrame';
import { useStepEditor } from '../../components/useStepForm';
import { formatDateTime, sideLabels } from '../../format';
import { plannedSide } from './CheckInStep';
import { guidanceLabels, localParts } from './fields';
import { ChecklistFields, DrugFields, SideRadios } from './ProcedureFields';
import {
  COMPLICATIONS,
  doseMismatch,
  type ProcedureValues,
  procedureInput,
  RADIATION_UNITS,
  SPREADS,
  valuesOfRecord,
} from './procedureValues';
import type { StepFormProps } from './step-props';
import { focusField } from './TriageStep';

const words = (s: string) => s.replace(/-/g, ' ').replace(/^./, (c) => c.toUpperCase());

function initial(timeZone: string, amend: boolean) {
  return (e: EpisodeDetail): ProcedureValues => {
    if (amend && e.steps.procedure) return valuesOfRecord(e.steps.procedure, timeZone);
    const [date, time] = localParts(new Date(), timeZone);
    const plan = e.steps.screenings[0]?.facts.plan;
    return {
      signIn: {
        identityConfirmed: false,
        consentConfirmed: false,
        siteMarked: false,
        allergiesChecked: false,
        anticoagulationChecked: false,
      },
      timeOut: {
        teamIntroduced: false,
        sideConfirmed: '',
        procedureConfirmed: false,
        imagingAvailable: false,
      },
      signOut: { drugsAndDosesRecorded: false, equipmentAccountedFor: false, concernsForRecovery: '' },
      performedDate: isoToParts(date),
      performedTime: time,
      side: '',
      guidance: plan?.plannedGuidance ?? 'fluoroscopy',
      target: 'intra-articular',
      contrastUsed: plan?.plannedContrast ?? true,
      contrastSpread: '',
      drugs: [
        { kind: 'local-anaesthetic', agent: '', concentration: '', unit: '%', volumeMl: '', doseMg: '' },
      ],
      radiation: '',
      radiationUnit: 'mGy·cm²',
      fluoroscopySeconds: '',
      durationMinutes: '',
      complications: [],
      notes: '',
    };
  };
}

/** Map the server's field names (record.drugs.0.doseMg) onto this form's ids. */
function fromServer(fields: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [field, message] of Object.entries(fields)) {
    const drug = /^record\.drugs\.(\d+)\.(\w+)/.exec(field);
    if (drug) {
      const part = { doseMg: 'dose', volumeMl: 'volume', agent: 'agent', concentration: 'concentration' }[
        drug[2]!
      ];
      if (part) out[`drug-${drug[1]}-${part}`] = message;
    } else if (field === 'record.side') out.side = message;
    else if (field === 'checklist.timeOut.sideConfirmed') out.sideConfirmed = message;
  }
  return out;
}

/** The safety checklist and the procedure record. A side that differs from the time-out side cannot be saved. */
export function ProcedureStep({ episode, clinic, timeZone, amend = false, onSaved }: StepFormProps) {
  const settings = clinic.settings;
  const editor = useStepEditor<ProcedureValues, Omit<ProcedureInput, 'version'>>(
    { episode, timeZone, amend, onSaved },
    'procedure',
    initial(timeZone, amend),
    (body) => api.recordProcedure(episode.id, body),
    { saved: 'Procedure recorded.', amended: 'Procedure record amended.' },
  );
  const { form, step, amendment } = editor;
  const [shownErrors, setShownErrors] = useState<Record<string, string>>({});
  const v = form.values;
  const planned = plannedSide(episode);
  const marked = episode.steps.checkIn?.sideMarked;

  const side = useMemo(
    () =>
      checkSide(
        {
          ...(planned ? { planned } : {}),
          ...(marked ? { markedAtCheckIn: marked } : {}),
          ...(v.timeOut.sideConfirmed ? { confirmedAtTimeOut: v.timeOut.sideConfirmed } : {}),
          ...(v.side ? { recorded: v.side } : {}),
        },
        settings,
      ),
    [planned, marked, v.timeOut.sideConfirmed, v.side, settings],
  );
  const mismatch = side.code === 'side_mismatch';

  const serverErrors = useMemo(
    () => (step.mutation.error instanceof ApiError ? fromServer(step.mutation.error.fieldErrors()) : {}),
    [step.mutation.error],
  );
  const liveDose = Object.fromEntries(
    v.drugs.flatMap((d, i) => {
      const m = doseMismatch(d);
      return m ? [[`drug-${i}-dose`, m]] : [];
    }),
  );
  const errors = { ...shownErrors, ...serverErrors, ...liveDose };
  const { bind, field } = binder(form.values, form.set, errors);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (mismatch) {
      requestAnimationFrame(() => focusField('procedure-side'));
      return;
    }
    const { input, errors: found } = procedureInput(v, timeZone);
    setShownErrors(found);
    if (!input) {
      const first = Object.keys(found)[0];
      const id = first === 'side' ? 'procedure-side' : first === 'sideConfirmed' ? 'timeout-side' : first;
      if (id) requestAnimationFrame(() => focusField(id));
      return;
    }
    const reason = amendment.check();
    if (!reason) return;
    step.save({ ...input, ...reason });
  };

  return (
    <StepFormFrame
      label="Procedure"
      onSubmit={submit}
      editor={editor}
      errorTitle="The record was not saved"
      submit={
        <SaveButton
          label={amend ? 'Save the amended record' : 'Save procedure record'}
          saving={step.mutation.isPending}
          describedBy={mismatch ? 'save-refused' : undefined}
        >
          {mismatch && (
            <Text id="save-refused" size="sm" c="red.9" fw={600}>
              Saving is refused while the sides differ.
            </Text>
          )}
        </SaveButton>
      }
    >
      <Text size="sm">
        Planned side: <b>{planned ? sideLabels[planned] : 'not recorded'}</b> · Marked at check-in:{' '}
        <b>{marked ? sideLabels[marked] : 'not recorded'}</b>
      </Text>
      <Title order={3} size="h5">
        Safety checklist
      </Title>
      <ChecklistFields values={v} set={form.set} errors={errors} />

      <Title order={3} size="h5">
        Procedure record
      </Title>
      <Group gap="lg" align="flex-start" wrap="wrap">
        <DateInput
          id="performedDate"
          label="Performed on"
          value={v.performedDate}
          onChange={(performedDate) => form.set({ performedDate })}
          error={errors.performedDate}
        />
        <TextInput label="At (HH:MM)" w={140} {...field('performedTime')} />
      </Group>
      <SideRadios
        id="procedure-side"
        label="Side injected"
        value={v.side}
        onChange={(s) => form.set({ side: s })}
        error={errors.side}
      />
      {mismatch && (
        <Alert color="red.9" variant="filled" title="Wrong side: this record cannot be saved" role="alert">
          <Stack gap={4}>
            <Text size="sm" c="white">
              {side.staffText}
            </Text>
            <Text size="xs" c="white">
              Stop and confirm the side with the team. This check is the service’s own safety checklist
              (sign-in, time-out with the side confirmed, sign-out).
            </Text>
          </Stack>
        </Alert>
      )}
      {!mismatch && side.code === 'side_consistent' && (
        <Stack gap={2}>
          <Text size="sm" c="green.9">
            {side.staffText}
          </Text>
          <Sources sources={side.sources} />
        </Stack>
      )}
      <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
        <NativeSelect
          label="Guidance"
          data={Object.entries(guidanceLabels).map(([value, label]) => ({ value, label }))}
          {...bind('guidance')}
        />
        <NativeSelect
          label="Target"
          data={Object.entries(targetLabels).map(([value, label]) => ({ value, label }))}
          {...bind('target')}
        />
        <NativeSelect
          id="contrastSpread"
          label="Contrast spread"
          disabled={!v.contrastUsed}
          value={v.contrastSpread}
          onChange={(e) =>
            form.set({ contrastSpread: e.currentTarget.value as ProcedureValues['contrastSpread'] })
          }
          data={[
            { value: '', label: 'Choose…' },
            ...SPREADS.map((s) => ({ value: s, label: spreadLabels[s] })),
          ]}
          error={errors.contrastSpread}
        />
      </SimpleGrid>
      <Checkbox
        label="Contrast used"
        checked={v.contrastUsed}
        onChange={(e) => form.set({ contrastUsed: e.currentTarget.checked })}
      />
      <DrugFields values={v} set={form.set} errors={errors} />
      <SimpleGrid cols={{ base: 1, sm: 2, md: 4 }} spacing="sm">
        <DecimalInput label="Radiation dose" {...field('radiation')} />
        <NativeSelect label="Radiation unit" {...bind('radiationUnit')} data={[...RADIATION_UNITS]} />
        <DecimalInput label="Fluoroscopy time (seconds)" {...field('fluoroscopySeconds')} />
        <DecimalInput label="Duration (minutes)" required {...field('durationMinutes')} />
      </SimpleGrid>
      <Checkbox.Group
        label="Complications"
        value={v.complications}
        onChange={(complications) => form.set({ complications })}
      >
        <Group gap="md" mt={6}>
          {COMPLICATIONS.map((c) => (
            <Checkbox key={c} value={c} label={words(c)} />
          ))}
        </Group>
      </Checkbox.Group>
      <Textarea
        label="Notes"
        autosize
        minRows={2}
        value={v.notes}
        onChange={(e) => form.set({ notes: e.currentTarget.value })}
      />
    </StepFormFrame>
  );
}

export function ProcedureSummary({ record, timeZone }: { record: ProcedureRecord; timeZone: string }) {
  const r = record.record;
  return (
    <Stack gap={4}>
      <Text size="sm">
        <b>{sideLabels[r.side]}</b> SI joint, {targetLabels[r.target].toLowerCase()}, under{' '}
        {guidanceLabels[r.guidance].toLowerCase()}, {formatDateTime(r.performedAt, timeZone)},{' '}
        {r.durationMinutes} min. Contrast{' '}
        {r.contrast.used
          ? `used (${r.contrast.spread ? spreadLabels[r.contrast.spread].toLowerCase() : 'spread not recorded'})`
          : 'not used'}
        .{r.radiationDose ? ` Radiation ${r.radiationDose.value} ${r.radiationDose.unit}.` : ''}
      </Text>
      <ul style={{ margin: 0, paddingLeft: 20 }}>
        {r.drugs.map((d, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: drugs are listed in the order given
          <li key={i}>
            <Text size="sm" span>
              {d.agent} ({drugKindLabels[d.kind].toLowerCase()})
              {d.concentration
                ? ` ${d.concentration.value}${d.concentration.unit === '%' ? '%' : ' mg/mL'}`
                : ''}
              , {d.volumeMl} mL
              {d.doseMg !== undefined ? `, ${d.doseMg} mg` : ''}
            </Text>
          </li>
        ))}
      </ul>
      <Text size="sm">
        Complications: {r.complications.length ? r.complications.map(words).join(', ') : 'none'}.{' '}
        {record.side.staffText}
      </Text>
      {r.notes && <Text size="sm">Notes: {r.notes}</Text>}
      <RecordedBy record={record} timeZone={timeZone} />
    </Stack>
  );
}
