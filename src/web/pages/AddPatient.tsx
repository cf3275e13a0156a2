import { Alert, Anchor, Paper, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { ApiError, api } from '../api';
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
import { draftKey, keepDraft, readDraft } from '../drafts';
import { patientName, todayIn } from '../format';

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
    mutationFn: (values: PatientFormValues) => api.createPatient(formToNewPatient(values)),
    onSuccess: async (patient) => {
      keepDraft(newPatientDraft, null);
      await queryClient.invalidateQueries({ queryKey: ['patients'] });
      notifications.show({ color: 'green', message: `${patientName(patient)} was added.` });
      await navigate(`/patients/${patient.id}`);
    },
  });

  const error = create.error;
  const serverErrors = useMemo(() => (error instanceof ApiError ? error.fieldErrors() : {}), [error]);

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
          onChange={(values) => keepDraft(newPatientDraft, values)}
          submitLabel="Add patient"
          pending={create.isPending}
          serverErrors={serverErrors}
          today={todayIn(clinic.timeZone)}
          onSubmit={(values) => create.mutate(values)}
          onCancel={() => {
            keepDraft(newPatientDraft, null);
            void navigate('/patients');
          }}
        >
          {restored && <DraftNotice onDiscard={discard} />}
          {error && Object.keys(serverErrors).length === 0 && (
            <Alert
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
