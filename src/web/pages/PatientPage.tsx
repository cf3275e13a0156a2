import { Alert, Anchor, Button, DataList, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { Link, useParams } from 'react-router';
import { formatNhsNumber } from '../../domain/identifiers';
import { ApiError, api, type Patient } from '../api';
import { EpisodeCard } from '../components/EpisodeCard';
import { PageLoading } from '../components/Loading';
import { PageTitle } from '../components/Page';
import {
  asPatientFormValues,
  formToChanges,
  PatientForm,
  type PatientFormValues,
  patientToForm,
} from '../components/PatientForm';
import { ReferModal } from '../components/ReferModal';
import { DraftNotice } from '../components/StepFrame';
import { useDocumentTitle, useSession } from '../components/session';
import { draftKey, hasDraft, isRecord, keepDraft, readDraft } from '../drafts';
import { formatDate, formatDateTime, patientName, sexLabels, todayIn } from '../format';
import { PatientAccess } from './PatientAccess';

export function PatientPage() {
  const { patientId = '' } = useParams();
  // One patient per mount: were the page to stay mounted when the id changes (a link from one
  // patient to another), an open edit would keep the other patient's typing and version.
  return <PatientView key={patientId} patientId={patientId} />;
}

function PatientView({ patientId }: { patientId: string }) {
  const { clinic, user } = useSession();
  const patient = useQuery({ queryKey: ['patient', patientId], queryFn: () => api.patient(patientId) });
  // An edit kept from before (a session that ended, a reload) opens the form again.
  const [editing, setEditing] = useState(() => hasDraft(editDraft(patientId)));
  const [referring, setReferring] = useState(false);
  useDocumentTitle(patient.data ? patientName(patient.data) : 'Patient');

  if (patient.isPending) return <PageLoading label="Loading the patient" />;
  if (patient.isError) {
    const notFound = patient.error instanceof ApiError && patient.error.status === 404;
    return (
      <Stack gap="md">
        <PageTitle>{notFound ? 'Patient not found' : 'Could not load the patient'}</PageTitle>
        <Alert color="red">{patient.error.message}</Alert>
        <Anchor component={Link} to="/patients">
          Back to patients
        </Anchor>
      </Stack>
    );
  }

  const p = patient.data;
  const today = todayIn(clinic.timeZone);
  const episodes = [...p.episodes].sort(
    (a, b) => b.referredOn.localeCompare(a.referredOn) || b.createdAt.localeCompare(a.createdAt),
  );

  return (
    <Stack gap="lg">
      <Stack gap={4}>
        <Anchor component={Link} to="/patients" size="sm">
          ← Patients
        </Anchor>
        <PageTitle>{patientName(p)}</PageTitle>
        <Text c="gray.8">
          Born {formatDate(p.birthDate)} · {sexLabels[p.sex] ?? p.sex}
          {p.nhsNumber && ` · NHS ${formatNhsNumber(p.nhsNumber)}`}
          {p.mrn && ` · MRN ${p.mrn}`}
        </Text>
        {user.role === 'admin' && (
          <Anchor component={Link} to={`/audit?patient=${p.id}`} size="sm">
            Who has read or changed this record
          </Anchor>
        )}
      </Stack>

      <Paper withBorder p="md" radius="md" component="section" aria-labelledby="demographics-heading">
        <Group justify="space-between" mb="sm">
          <Title order={2} size="h4" id="demographics-heading">
            Demographics
          </Title>
          {!editing && (
            <Button variant="default" size="sm" onClick={() => setEditing(true)}>
              Edit details
            </Button>
          )}
        </Group>
        {editing ? (
          <EditPatient patient={p} today={today} onDone={() => setEditing(false)} />
        ) : (
          <Demographics patient={p} />
        )}
      </Paper>

      <PatientAccess patient={p} timeZone={clinic.timeZone} />

      <Stack gap="sm" component="section" aria-labelledby="episodes-heading">
        <Group justify="space-between">
          <Title order={2} size="h4" id="episodes-heading">
            Episodes
          </Title>
          <Button onClick={() => setReferring(true)}>Refer</Button>
        </Group>
        {episodes.length === 0 ? (
          <Text c="gray.7">No referrals yet. Use “Refer” to start an episode.</Text>
        ) : (
          episodes.map((e) => <EpisodeCard key={e.id} episode={e} timeZone={clinic.timeZone} />)
        )}
      </Stack>
      <ReferModal
        patientId={p.id}
        episodes={p.episodes}
        opened={referring}
        today={today}
        onClose={() => setReferring(false)}
      />
    </Stack>
  );
}

function Demographics({ patient: p }: { patient: Patient }) {
  const rows: [string, string][] = [
    ['Given name', p.givenName],
    ['Family name', p.familyName],
    ['Date of birth', formatDate(p.birthDate)],
    ['Sex', sexLabels[p.sex] ?? p.sex],
    ['NHS number', p.nhsNumber ? formatNhsNumber(p.nhsNumber) : 'Not recorded'],
    ['MRN', p.mrn ?? 'Not recorded'],
    ['Email', p.email ?? 'Not recorded'],
    ['Phone', p.phone ?? 'Not recorded'],
  ];
  return (
    <DataList size="sm" gap="xs" labelWidth={130}>
      {rows.map(([label, value]) => (
        <DataList.Item key={label}>
          <DataList.ItemLabel c="gray.7">{label}</DataList.ItemLabel>
          <DataList.ItemValue>{value}</DataList.ItemValue>
        </DataList.Item>
      ))}
    </DataList>
  );
}

/**
 * An edit typed and not saved is kept on this computer (../drafts) with the record and version it
 * started from, so a save after a session that ended is still checked against colleagues' saves.
 */
const editDraft = (patientId: string) => draftKey('patient', patientId);
interface EditDraft {
  values: PatientFormValues;
  base: Patient;
  version: number;
}
const asEditDraft =
  (patientId: string) =>
  (stored: unknown): EditDraft | null => {
    if (!isRecord(stored) || !isPatient(stored.base) || stored.base.id !== patientId) return null;
    const values = asPatientFormValues(stored.values);
    return values && typeof stored.version === 'number'
      ? { values, base: stored.base, version: stored.version }
      : null;
  };

/**
 * Edits carry the version they started from. If someone saved in between, the server answers 409 with
 * their record: we show it, keep what this user typed, and let them choose whose version stands.
 */
function EditPatient({ patient, today, onDone }: { patient: Patient; today: string; onDone: () => void }) {
  const queryClient = useQueryClient();
  const { clinic } = useSession();
  const key = editDraft(patient.id);
  const [kept, setKept] = useState(() => readDraft(key, asEditDraft(patient.id)));
  // The record the form was filled from: the user's changes are what differs from it.
  const [base, setBase] = useState(kept?.base ?? patient);
  // The version the next save claims to be based on. After "keep my changes" it is theirs,
  // while `base` stays put, so only the fields this user changed are sent over their record.
  const [version, setVersion] = useState(kept?.version ?? patient.version);
  const [formKey, setFormKey] = useState(0);
  const [initial, setInitial] = useState<PatientFormValues>(() => kept?.values ?? patientToForm(patient));
  const close = () => {
    keepDraft(key, null);
    onDone();
  };

  const save = useMutation({
    mutationFn: (values: PatientFormValues) =>
      api.updatePatient(patient.id, version, formToChanges(base, values)),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['patient', patient.id] });
      void queryClient.invalidateQueries({ queryKey: ['patients'] });
      void queryClient.invalidateQueries({ queryKey: ['episodes'] });
      notifications.show({ color: 'green', message: 'Details saved.' });
      close();
    },
    onError: (err) => {
      if (err instanceof ApiError && err.status === 409)
        void queryClient.invalidateQueries({ queryKey: ['patient', patient.id] });
    },
  });

  const error = save.error;
  const conflict =
    error instanceof ApiError &&
    error.status === 409 &&
    error.code === 'version_conflict' &&
    isPatient(error.current)
      ? error.current
      : null;
  const serverErrors = useMemo(() => (error instanceof ApiError ? error.fieldErrors() : {}), [error]);

  /** The form afresh from a record, nothing typed kept: "Discard draft", or "Use their version". */
  const startFrom = (record: Patient) => {
    keepDraft(key, null);
    setKept(null);
    setBase(record);
    setVersion(record.version);
    setInitial(patientToForm(record));
    setFormKey((k) => k + 1);
    save.reset();
  };
  const takeTheirs = (theirs: Patient) => {
    startFrom(theirs);
    void queryClient.invalidateQueries({ queryKey: ['patient', patient.id] });
  };
  const keepMine = (theirs: Patient) => {
    setVersion(theirs.version);
    const typed = readDraft(key, asEditDraft(patient.id));
    if (typed) keepDraft(key, { ...typed, version: theirs.version });
    save.reset();
  };

  return (
    <PatientForm
      key={formKey}
      initial={initial}
      submitLabel="Save details"
      pending={save.isPending}
      serverErrors={serverErrors}
      today={today}
      onSubmit={(values) => save.mutate(values)}
      onChange={(values) => keepDraft(key, { values, base, version } satisfies EditDraft)}
      onCancel={close}
    >
      {kept && <DraftNotice onDiscard={() => startFrom(patient)} />}
      {conflict ? (
        <Alert color="orange" variant="light" title="Someone else changed this record" role="alert">
          <Stack gap="xs">
            <Text size="sm">
              It is now at version {conflict.version}
              {conflict.updatedAt ? `, saved ${formatDateTime(conflict.updatedAt, clinic.timeZone)}` : ''}.
              Your changes are still in the form below and have not been saved.
            </Text>
            <ConflictDiff theirs={conflict} base={base} />
            <Group gap="xs">
              <Button size="xs" variant="default" onClick={() => takeTheirs(conflict)}>
                Use their version
              </Button>
              <Button size="xs" variant="default" onClick={() => keepMine(conflict)}>
                Keep my changes (then save again)
              </Button>
            </Group>
          </Stack>
        </Alert>
      ) : (
        error &&
        Object.keys(serverErrors).length === 0 && (
          <Alert color="red" title="Could not save">
            {error.message}
          </Alert>
        )
      )}
    </PatientForm>
  );
}

/** What their save changed, compared with the version this edit started from. */
function ConflictDiff({ theirs, base }: { theirs: Patient; base: Patient }) {
  const labels: [keyof Patient, string][] = [
    ['givenName', 'Given name'],
    ['familyName', 'Family name'],
    ['birthDate', 'Date of birth'],
    ['sex', 'Sex'],
    ['nhsNumber', 'NHS number'],
    ['mrn', 'MRN'],
    ['email', 'Email'],
    ['phone', 'Phone'],
  ];
  const changed = labels.filter(([key]) => (theirs[key] ?? '') !== (base[key] ?? ''));
  if (changed.length === 0) return null;
  return (
    <Text size="sm" component="div">
      Their version has:
      <ul style={{ margin: '4px 0 0', paddingLeft: 20 }}>
        {changed.map(([key, label]) => (
          <li key={key}>
            {label}: {String(theirs[key] ?? 'not recorded')}
          </li>
        ))}
      </ul>
    </Text>
  );
}

function isPatient(value: unknown): value is Patient {
  return typeof value === 'object' && value !== null && 'version' in value && 'givenName' in value;
}
