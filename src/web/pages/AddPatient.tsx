import { Alert, Anchor, Button, Group, List, Paper, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { ApiError, api, type Patient } from '../api';
import { PageTitle } from '../components/Page';
import {
  asPatientFormValues,
  emptyPatientForm,
  formToNewPatient,
  PatientForm,
  type PatientFormValues,
} from '../components/PatientForm';
import { DraftNotice } from '../components/StepFrame';
import { useDocumentTitle, useSession } from '../components/session';
import { useIntoView } from '../components/useIntoView';
import { draftKey, keepDraft, readDraft } from '../drafts';
import { formatDate, patientIdentifiers, patientName, todayIn } from '../format';

/** A patient typed in and not added yet is kept on this computer (../drafts) until added or discarded. */
const newPatientDraft = draftKey('new-patient');

export function AddPatientPage() {
  useDocumentTitle('Add patient');
  const { clinic } = useSession();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [restored, setRestored] = useState(() => readDraft(newPatientDraft, asPatientFormValues));
  const [formKey, setFormKey] = useState(0);
  const discard = () => {
    keepDraft(newPatientDraft, null);
    setRestored(null);
    setFormKey((k) => k + 1);
  };

  const create = useMutation({
    mutationFn: ({ values, notDuplicateOf }: { values: PatientFormValues; notDuplicateOf?: string[] }) =>
      api.createPatient({ ...formToNewPatient(values), ...(notDuplicateOf && { notDuplicateOf }) }),
    onSuccess: async (patient) => {
      keepDraft(newPatientDraft, null);
      await queryClient.invalidateQueries({ queryKey: ['patients'] });
      notifications.show({ color: 'green', message: `${patientName(patient)} was added.` });
      await navigate(`/patients/${patient.id}`);
    },
  });

  const error = create.error;
  const serverErrors = useMemo(() => (error instanceof ApiError ? error.fieldErrors() : {}), [error]);
  const possibleDuplicate = error instanceof ApiError && error.code === 'possible_duplicate' ? error : null;
  // The values the question was about, sent again as someone else.
  const sent = create.variables?.values;
  const refused = useIntoView<HTMLDivElement>(error);

  return (
    <Stack gap="md" maw={760}>
      <Anchor component={Link} to="/patients" size="sm">
        ← Patients
      </Anchor>
      <PageTitle>Add patient</PageTitle>
      <Text c="gray.7" size="sm">
        Fields marked * are needed. Give an NHS number, a hospital MRN, or both.
      </Text>
      <Paper withBorder p="md" radius="md">
        <PatientForm
          key={formKey}
          initial={restored ?? emptyPatientForm}
          onChange={(values) => {
            keepDraft(newPatientDraft, values);
            // Changed since it was asked about: the question was about what was sent, not this.
            if (possibleDuplicate) create.reset();
          }}
          submitLabel="Add patient"
          pending={create.isPending}
          serverErrors={serverErrors}
          today={todayIn(clinic.timeZone)}
          onSubmit={(values) => create.mutate({ values })}
          onCancel={() => {
            keepDraft(newPatientDraft, null);
            void navigate('/patients');
          }}
        >
          {restored && <DraftNotice onDiscard={discard} />}
          {possibleDuplicate && sent && (
            <PossibleDuplicate
              matches={possibleDuplicate.matches}
              pending={create.isPending}
              onSomeoneElse={() =>
                create.mutate({ values: sent, notDuplicateOf: possibleDuplicate.matches.map((p) => p.id) })
              }
            />
          )}
          {error && !possibleDuplicate && Object.keys(serverErrors).length === 0 && (
            <Alert
              ref={refused}
              color="red"
              title={
                error instanceof ApiError && error.status === 409
                  ? 'Already recorded'
                  : 'Could not add the patient'
              }
            >
              {error.message}
            </Alert>
          )}
        </PatientForm>
      </Paper>
    </Stack>
  );
}

/**
 * The patients here of the same family name and date of birth (the server's `possible_duplicate`),
 * each a link to their record (what was typed stays, as a draft); adding goes on only as someone else.
 */
function PossibleDuplicate({
  matches,
  pending,
  onSomeoneElse,
}: {
  matches: Patient[];
  pending: boolean;
  onSomeoneElse: () => void;
}) {
  const one = matches.length === 1;
  const shown = useIntoView<HTMLDivElement>(matches);
  return (
    <Alert ref={shown} color="yellow" title="This patient may be registered already">
      <Stack gap="xs">
        <Text size="sm">
          {one ? 'A patient' : `${matches.length} patients`} with this family name and date of birth{' '}
          {one ? 'is' : 'are'} registered here. If this is {one ? 'them' : 'one of them'}, add the referral on
          their record: a second record would split their injections, and the checks that count them.
        </Text>
        <List size="sm" spacing={4}>
          {matches.map((p) => (
            <List.Item key={p.id}>
              <Anchor component={Link} to={`/patients/${p.id}`}>
                {patientName(p)}
              </Anchor>
              , born {formatDate(p.birthDate)} · {patientIdentifiers(p)}
            </List.Item>
          ))}
        </List>
        <Group>
          <Button variant="default" loading={pending} onClick={onSomeoneElse}>
            {one ? 'Add: this is someone else' : 'Add: this is none of them'}
          </Button>
        </Group>
      </Stack>
    </Alert>
  );
}
