import {
  Alert,
  Anchor,
  Button,
  Group,
  Paper,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { PATIENT_LIMIT } from '../../shared/api/core';
import { api } from '../api';
import { DateInput, isEmptyDate, isoToParts, partsToIso } from '../components/DateInput';
import { Identifiers } from '../components/Identifiers';
import { Loading } from '../components/Loading';
import { PageTitle, PlainList } from '../components/Page';
import { useDocumentTitle } from '../components/session';
import { formatDate, patientName, sexLabels } from '../format';

export function PatientsPage() {
  useDocumentTitle('Patients');
  const [params, setParams] = useSearchParams();
  const criteria = {
    q: params.get('q') ?? '',
    birthDate: params.get('birthDate') ?? '',
    identifier: params.get('identifier') ?? '',
  };
  const [form, setForm] = useState({ ...criteria, birthDate: isoToParts(criteria.birthDate) });
  const [dateError, setDateError] = useState<string | undefined>();
  const searched = Boolean(criteria.q || criteria.birthDate || criteria.identifier);

  const patients = useQuery({
    queryKey: ['patients', criteria],
    queryFn: () => api.patients(criteria),
    placeholderData: keepPreviousData,
  });

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const birthDate = partsToIso(form.birthDate);
    if (!isEmptyDate(form.birthDate) && !birthDate) {
      setDateError('Enter a whole date of birth, or leave it empty');
      return;
    }
    setDateError(undefined);
    const next = new URLSearchParams();
    if (form.q.trim()) next.set('q', form.q.trim());
    if (birthDate) next.set('birthDate', birthDate);
    if (form.identifier.trim()) next.set('identifier', form.identifier.trim());
    setParams(next);
  };
  const clear = () => {
    setForm({ q: '', birthDate: isoToParts(''), identifier: '' });
    setDateError(undefined);
    setParams(new URLSearchParams());
  };

  return (
    <Stack gap="md">
      <Group justify="space-between" align="center">
        <PageTitle>Patients</PageTitle>
        <Button component={Link} to="/patients/new">
          Add patient
        </Button>
      </Group>
      <Paper
        withBorder
        p="md"
        radius="md"
        component="form"
        onSubmit={onSubmit}
        role="search"
        aria-label="Find a patient"
      >
        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
          <TextInput
            label="Name"
            value={form.q}
            onChange={(e) => setForm({ ...form, q: e.currentTarget.value })}
            autoComplete="off"
          />
          <DateInput
            id="search-birthDate"
            label="Date of birth"
            value={form.birthDate}
            onChange={(birthDate) => setForm({ ...form, birthDate })}
            error={dateError}
          />
          <TextInput
            label="NHS number or MRN"
            value={form.identifier}
            onChange={(e) => setForm({ ...form, identifier: e.currentTarget.value })}
            autoComplete="off"
          />
        </SimpleGrid>
        <Group mt="md" gap="sm">
          <Button type="submit">Search</Button>
          {searched && (
            <Button variant="default" onClick={clear}>
              Clear
            </Button>
          )}
        </Group>
      </Paper>

      {patients.isPending ? (
        <Loading label="Loading patients" />
      ) : patients.isError ? (
        <Alert color="red" title="Could not search patients">
          {patients.error.message}
        </Alert>
      ) : patients.data.items.length === 0 ? (
        <Text c="gray.7">{searched ? 'No patient matches this search.' : 'No patients yet.'}</Text>
      ) : (
        <Stack gap="xs">
          <Text size="sm" c="gray.7" aria-live="polite">
            {patients.data.items.length >= PATIENT_LIMIT
              ? `The first ${PATIENT_LIMIT} patients by family name: search by name, date of birth, NHS number or MRN to find the others.`
              : patients.data.items.length === 1
                ? '1 patient'
                : `${patients.data.items.length} patients`}
          </Text>
          <Table verticalSpacing="sm" highlightOnHover visibleFrom="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Name</Table.Th>
                <Table.Th scope="col">Date of birth</Table.Th>
                <Table.Th scope="col">Sex</Table.Th>
                <Table.Th scope="col">NHS number / MRN</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {patients.data.items.map((p) => (
                <Table.Tr key={p.id}>
                  <Table.Td>
                    <Anchor component={Link} to={`/patients/${p.id}`} fw={600}>
                      {patientName(p)}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{formatDate(p.birthDate)}</Table.Td>
                  <Table.Td>{sexLabels[p.sex] ?? p.sex}</Table.Td>
                  <Table.Td>
                    <Identifiers patient={p} />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          <PlainList hiddenFrom="sm">
            {patients.data.items.map((p) => (
              <Paper component="li" key={p.id} withBorder p="sm" radius="md">
                <Anchor component={Link} to={`/patients/${p.id}`} fw={600}>
                  {patientName(p)}
                </Anchor>
                <Text size="sm" c="gray.8">
                  Born {formatDate(p.birthDate)} · {sexLabels[p.sex] ?? p.sex}
                </Text>
                <Text size="sm" c="gray.7">
                  <Identifiers patient={p} />
                </Text>
              </Paper>
            ))}
          </PlainList>
        </Stack>
      )}
    </Stack>
  );
}
