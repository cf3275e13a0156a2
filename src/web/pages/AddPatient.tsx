import { Alert, Anchor, Paper, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useMemo } from 'react';
import { Link, useNavigate } from 'react-router';
import { ApiError, api } from '../api';
import { PageTitle } from '../components/Page';
import {
  emptyPatientForm,
  formToNewPatient,
  PatientForm,
  type PatientFormValues,
} from '../components/PatientForm';
import { useDocumentTitle, useSession } from '../components/session';
import { patientName, todayIn } from '../format';

export function AddPatientPage() {
  useDocumentTitle('Add patient');
  const { clinic } = useSession();
  const navigate = useNavigate();
  const queryClient = useQueryClient();

  const create = useMutation({
    mutationFn: (values: PatientFormValues) => api.createPatient(formToNewPatient(values)),
    onSuccess: async (patient) => {
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
          initial={emptyPatientForm}
          submitLabel="Add patient"
          pending={create.isPending}
          serverErrors={serverErrors}
          today={todayIn(clinic.timeZone)}
          onSubmit={(values) => create.mutate(values)}
          onCancel={() => void navigate('/patients')}
        >
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
