import { Anchor, Box, Group, Paper, Table, Text } from '@mantine/core';
import { Link, useNavigate } from 'react-router';
import type { EpisodeWithPatient } from '../api';
import { formatDate, formatDateTime, patientName } from '../format';
import { Identifiers } from './Identifiers';
import { PlainList } from './Page';
import { StageBadge } from './StageBadge';
import { useSession } from './session';

/** Worklist rows: a table from a tablet up, stacked cards on a phone. The name opens the patient; the row opens the episode. */
export function EpisodeList({ items, empty }: { items: EpisodeWithPatient[]; empty: string }) {
  const navigate = useNavigate();
  const { clinic } = useSession();
  const timeZone = clinic.timeZone;
  if (items.length === 0) {
    return (
      <Text c="gray.7" py="md">
        {empty}
      </Text>
    );
  }
  return (
    <>
      <Table visibleFrom="sm" highlightOnHover verticalSpacing="sm" striped={false}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Patient</Table.Th>
            <Table.Th scope="col">Date of birth</Table.Th>
            <Table.Th scope="col">NHS number / MRN</Table.Th>
            <Table.Th scope="col">Referred on</Table.Th>
            <Table.Th scope="col">Booked for</Table.Th>
            <Table.Th scope="col">Stage</Table.Th>
            <Table.Th scope="col">Episode</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((e) => (
            <Table.Tr
              key={e.id}
              style={{ cursor: 'pointer' }}
              // The name is the keyboard-reachable link; a click anywhere on the row is a mouse shortcut.
              onClick={(event) => {
                if (!(event.target as HTMLElement).closest('a')) void navigate(`/episodes/${e.id}`);
              }}
            >
              <Table.Td>
                <Anchor component={Link} to={`/patients/${e.patient.id}`} fw={600}>
                  {patientName(e.patient)}
                </Anchor>
              </Table.Td>
              <Table.Td>{formatDate(e.patient.birthDate)}</Table.Td>
              <Table.Td>
                <Identifiers patient={e.patient} />
              </Table.Td>
              <Table.Td>{formatDate(e.referredOn)}</Table.Td>
              <Table.Td>{e.plannedAt ? formatDateTime(e.plannedAt, timeZone) : '—'}</Table.Td>
              <Table.Td>
                <StageBadge stage={e.stage} />
              </Table.Td>
              <Table.Td>
                <Anchor
                  component={Link}
                  to={`/episodes/${e.id}`}
                  aria-label={`Open episode for ${patientName(e.patient)}`}
                >
                  Open episode
                </Anchor>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <PlainList hiddenFrom="sm">
        {items.map((e) => (
          <Box component="li" key={e.id}>
            <Paper withBorder p="sm" radius="md">
              <Group justify="space-between" align="flex-start" wrap="nowrap" gap="xs">
                <Anchor component={Link} to={`/patients/${e.patient.id}`} fw={600}>
                  {patientName(e.patient)}
                </Anchor>
                <StageBadge stage={e.stage} />
              </Group>
              <Text size="sm" c="gray.8">
                Born {formatDate(e.patient.birthDate)} · <Identifiers patient={e.patient} />
              </Text>
              <Text size="sm" c="gray.7">
                Referred {formatDate(e.referredOn)}
                {e.plannedAt ? ` · Booked ${formatDateTime(e.plannedAt, timeZone)}` : ''}
              </Text>
              <Anchor
                component={Link}
                to={`/episodes/${e.id}`}
                size="sm"
                aria-label={`Open episode for ${patientName(e.patient)}`}
              >
                Open episode
              </Anchor>
            </Paper>
          </Box>
        ))}
      </PlainList>
    </>
  );
}
