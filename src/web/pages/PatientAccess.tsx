/**
 * Staff give a patient their own pages: an email invitation with a one-time sign-in link. Shown on
 * the patient's page; says whether the patient has signed in yet.
 */
import { Alert, Button, Group, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api, type Patient } from '../api';
import { formatDateTime } from '../format';

export function PatientAccess({ patient, timeZone }: { patient: Patient; timeZone: string }) {
  const queryClient = useQueryClient();
  const access = useQuery({
    queryKey: ['patient', patient.id, 'portal'],
    queryFn: () => api.portalAccess(patient.id),
  });
  const [email, setEmail] = useState<string | null>(null);
  // The record's address first: after it is corrected, "Invite again" moves the sign-in to it.
  const value = email ?? patient.email ?? access.data?.email ?? '';
  const invite = useMutation({
    mutationFn: () =>
      api.invitePatient(patient.id, {
        email: value.trim(),
        version: access.data?.patientVersion ?? patient.version,
      }),
    onSuccess: (result) => {
      queryClient.setQueryData(['patient', patient.id, 'portal'], result);
      void queryClient.invalidateQueries({ queryKey: ['patient', patient.id], exact: true });
      setEmail(null);
    },
  });
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (value.trim()) invite.mutate();
  };
  const a = access.data;
  // The portal account keeps the address it was invited with; messages go to it (emailOf). A
  // record corrected since leaves the patient signing in, and written to, at the old one.
  const moved = a?.email && patient.email && a.email.toLowerCase() !== patient.email.toLowerCase();
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby="access-heading">
      <Stack gap="sm">
        <Title order={2} size="h4" id="access-heading">
          Patient’s own pages
        </Title>
        <Text size="sm" c="gray.8">
          {!a?.email
            ? 'Not invited yet. An invitation emails a one-time sign-in link; afterwards the patient asks for a code or a link with this email.'
            : a.signedIn
              ? `Invited ${a.invitedAt ? formatDateTime(a.invitedAt, timeZone) : ''} as ${a.email}; has signed in.`
              : `Invited ${a.invitedAt ? formatDateTime(a.invitedAt, timeZone) : ''} as ${a.email}; has not signed in yet.`}
        </Text>
        {moved && !invite.isPending && (
          <Alert color="orange" title="Their email has changed">
            <Text size="sm">
              The record says {patient.email}, but the patient signs in, and is written to (reminders, changes
              to their list), as {a.email}. Invite again to move both to {patient.email}.
            </Text>
          </Alert>
        )}
        {invite.isSuccess && (
          <Alert color="green" role="status">
            <Text fw={700} size="sm">
              Invitation sent
            </Text>
            <Text size="sm">
              It is in the outbox; without a mail server an admin passes it on from there.
            </Text>
          </Alert>
        )}
        {invite.error && (
          <Alert color="red" title="Could not invite">
            {invite.error.message}
          </Alert>
        )}
        <form onSubmit={onSubmit} noValidate>
          <Group align="flex-end" gap="sm">
            <TextInput
              label="Patient’s email"
              type="email"
              autoComplete="off"
              value={value}
              onChange={(e) => setEmail(e.currentTarget.value)}
              style={{ flex: 1, minWidth: 220 }}
            />
            <Button type="submit" loading={invite.isPending}>
              {a?.email ? 'Invite again' : 'Invite'}
            </Button>
          </Group>
        </form>
      </Stack>
    </Paper>
  );
}
