/**
 * Around every patient page (/my/...): the clinic's name, the patient's name, a "Report a worrying
 * symptom" button on every page, and sign out. Mobile first: one column, large targets. Pages go
 * in `patientPages` (routes.tsx); a page renders inside <main> and starts with its <h1>.
 */
import { Button, Group, Stack, Text } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import { whenClosed } from '../../domain/clinical/wording';
import { api } from '../api';
import { type FrameVariant, SignedInFrame } from '../components/SignedInFrame';
import { clearDrafts } from '../drafts';
import { forgetUrgentContact, RememberUrgentContact, UrgentHelp } from './UrgentHelp';

const patientFrame: FrameVariant = {
  audience: 'patient',
  size: 'sm',
  mainPy: 'md',
  errorTitle: 'Could not load your page',
  unavailable: () => <UrgentHelp lead="Worried about a symptom?" />,
};

export function PatientShell() {
  return (
    <SignedInFrame
      variant={patientFrame}
      header={({ user, clinic }) => (
        <>
          <Group justify="space-between" gap="xs" wrap="wrap">
            <Stack gap={0} style={{ minWidth: 0 }}>
              <Text fw={700} c="blue.9" component={Link} to="/my">
                {clinic.name}
              </Text>
              <Text size="sm" c="gray.8">
                {user.name}
              </Text>
            </Stack>
            <PatientSignOut />
          </Group>
          <Button component={Link} to="/my/report" color="red.9" fullWidth mt="sm" size="md">
            Report a worrying symptom
          </Button>
        </>
      )}
      footer={({ clinic }) => (
        <>
          <Text size="sm" c="gray.8">
            Questions about your care: call {clinic.contacts.phone}.
          </Text>
          <Text size="sm" c="gray.8">
            Urgent worries: {clinic.contacts.urgentPhone}. {whenClosed(clinic.contacts.outOfHours)}
          </Text>
          <RememberUrgentContact clinic={clinic.name} urgentPhone={clinic.contacts.urgentPhone} />
        </>
      )}
    />
  );
}

function PatientSignOut() {
  const queryClient = useQueryClient();
  return (
    <Button
      variant="default"
      size="sm"
      onClick={async () => {
        await api.signOut().catch(() => {});
        queryClient.clear();
        clearDrafts(); // a symptom report not sent: it stays on this device only while signed in
        forgetUrgentContact();
        // A full load: nothing of this patient's stays in memory.
        window.location.assign('/my/sign-in');
      }}
    >
      Sign out
    </Button>
  );
}
