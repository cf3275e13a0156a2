import { Alert, Anchor, Box, Button, Group, Paper, Stack, Table, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { localTime } from '../../domain/clinical/zoned-time';
import { listChangeProblems } from '../../domain/procedure-lists';
import {
  api,
  type ProcedureList,
  type ProcedureListCancelled,
  type ProcedureListEntry,
  procedureListCsvUrl,
} from '../api';
import { Dialog } from '../components/Dialog';
import { Identifiers } from '../components/Identifiers';
import { PageLoading } from '../components/Loading';
import { PageTitle, PlainList } from '../components/Page';
import { ProcedureListForm } from '../components/ProcedureListForm';
import { useDocumentTitle, useSession } from '../components/session';
import { formatDate, formatDateTime, sideLabels, todayIn } from '../format';
import { CancelListForm, CancelledPatients } from './CancelList';
import { guidanceLabels } from './episode/fields';
import { purposeLabels } from './episode/TriageStep';
import { listKey, useRefreshList } from './listQueries';

/** A stored code in words (the list's entries carry the screening's codes), or the code itself. */
const wordFor = (labels: Record<string, string>, code: string | null) =>
  code ? (labels[code] ?? code) : null;

/** What is planned, in words: "Diagnostic and therapeutic, Fluoroscopy". */
const plan = (e: ProcedureListEntry) =>
  [wordFor(purposeLabels, e.purpose), wordFor(guidanceLabels, e.guidance)].filter(Boolean).join(', ');

/** One procedure list: who comes when, and what the team should know; printable and as CSV. */
export function ProcedureListPage() {
  const { listId = '' } = useParams();
  const { clinic } = useSession();
  const detail = useQuery({ queryKey: listKey(listId), queryFn: () => api.procedureList(listId) });
  const [editing, setEditing] = useState(false);
  const [cancelling, setCancelling] = useState(false);
  const [cancelled, setCancelled] = useState<ProcedureListCancelled | null>(null);
  useDocumentTitle(detail.data ? `List of ${formatDate(detail.data.list.date)}` : 'Procedure list');
  if (detail.isPending) return <PageLoading label="Loading the list" />;
  if (detail.isError)
    return (
      <Alert color="red" title="Could not load the list">
        {detail.error.message}
      </Alert>
    );
  const { list, entries } = detail.data;
  const today = todayIn(clinic.timeZone);
  const time = (iso: string) => formatDateTime(iso, clinic.timeZone).split(', ').at(-1);
  return (
    <Stack gap="md">
      <Stack gap={4}>
        <PageTitle>Procedure list, {formatDate(list.date)}</PageTitle>
        <Text size="sm">
          From {list.startTime} in {list.room} with {list.operator}: {list.booked} of {list.capacity} places
          booked.
        </Text>
      </Stack>
      {list.cancelled && (
        <Alert color="gray" title="This list is cancelled">
          Cancelled by {list.cancelled.by} on {formatDateTime(list.cancelled.at, clinic.timeZone)}:{' '}
          {list.cancelled.reason}
        </Alert>
      )}
      {cancelled && <CancelledPatients result={cancelled} />}
      <Group gap="sm" className="no-print">
        <Button variant="default" onClick={() => window.print()}>
          Print
        </Button>
        <Anchor href={procedureListCsvUrl(list.id)} download>
          Download as CSV
        </Anchor>
        <Anchor component={Link} to={`/?date=${list.date}`}>
          Back to the day’s worklist
        </Anchor>
        {/* A list whose day has gone is what its patients' records say (the domain's rule). */}
        {list.date >= today && !list.cancelled && (
          <>
            <Button variant="default" onClick={() => setEditing(true)}>
              Edit the list
            </Button>
            <Button variant="outline" color="red" onClick={() => setCancelling(true)}>
              Cancel the list
            </Button>
          </>
        )}
      </Group>
      <Dialog opened={editing} onClose={() => setEditing(false)} title="Edit the list">
        <EditListForm
          list={list}
          toPhone={entries.filter((e) => !e.hasEmail).map((e) => e.patient.name)}
          firstBooked={entries[0] ? localTime(new Date(entries[0].plannedAt), clinic.timeZone) : null}
          today={today}
          onDone={() => setEditing(false)}
        />
      </Dialog>
      <Dialog opened={cancelling} onClose={() => setCancelling(false)} title="Cancel the list">
        <CancelListForm
          list={list}
          entries={entries}
          today={today}
          onDone={(result) => {
            setCancelling(false);
            if (result) setCancelled(result);
          }}
        />
      </Dialog>
      {entries.length === 0 ? (
        <Text>No one is booked on this list.</Text>
      ) : (
        <>
          {/* The table on a wide screen and on paper, whatever its width; cards on a phone (app.css). */}
          <Box className="list-table">
            <Table.ScrollContainer minWidth={640}>
              <Table striped withTableBorder verticalSpacing="xs">
                <Table.Caption>Booked patients in time order</Table.Caption>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">Time</Table.Th>
                    <Table.Th scope="col">Patient</Table.Th>
                    <Table.Th scope="col">Born</Table.Th>
                    <Table.Th scope="col">NHS number · MRN</Table.Th>
                    <Table.Th scope="col">Side</Table.Th>
                    <Table.Th scope="col">Purpose, guidance</Table.Th>
                    <Table.Th scope="col">Know on the day</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {entries.map((e) => (
                    <Table.Tr key={e.episodeId}>
                      <Table.Td>{time(e.plannedAt)}</Table.Td>
                      <Table.Th scope="row" fw={500}>
                        <Anchor component={Link} to={`/episodes/${e.episodeId}`}>
                          {e.patient.name}
                        </Anchor>
                      </Table.Th>
                      <Table.Td>{formatDate(e.patient.birthDate)}</Table.Td>
                      <Table.Td>
                        <Identifiers patient={e.patient} />
                      </Table.Td>
                      <Table.Td>{wordFor(sideLabels, e.side) ?? '—'}</Table.Td>
                      <Table.Td>{plan(e) || '—'}</Table.Td>
                      <Table.Td>{e.flags.join('; ') || '—'}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          </Box>
          {/* On a phone, a card per patient: the table's later columns sat behind a sideways scroll. */}
          <PlainList className="list-cards" label="Booked patients in time order">
            {entries.map((e) => (
              <Paper
                component="li"
                key={e.episodeId}
                withBorder
                p="sm"
                radius="md"
                aria-labelledby={`entry-${e.episodeId}`}
              >
                <Text fw={600}>
                  {time(e.plannedAt)}{' '}
                  <Anchor component={Link} to={`/episodes/${e.episodeId}`} id={`entry-${e.episodeId}`}>
                    {e.patient.name}
                  </Anchor>
                </Text>
                <Text size="sm">
                  Born {formatDate(e.patient.birthDate)} · <Identifiers patient={e.patient} />
                </Text>
                <Text size="sm">
                  {[wordFor(sideLabels, e.side), plan(e)].filter(Boolean).join(' · ') || 'No plan recorded'}
                </Text>
                {e.flags.length > 0 && <Text size="sm">Know on the day: {e.flags.join('; ')}</Text>}
              </Paper>
            ))}
          </PlainList>
        </>
      )}
    </Stack>
  );
}

/**
 * A list edited before its day: its operator, room, start or places, or its day while nobody was
 * ever booked on it (the domain's rule, which the server applies too). Booked patients' pages and
 * reminders read the list as it is; a letter already sent does not, so the form says so.
 */
function EditListForm({
  list,
  toPhone,
  firstBooked,
  today,
  onDone,
}: {
  list: ProcedureList;
  /** Booked patients with no email address: a new room is theirs to be told by phone. */
  toPhone: string[];
  /** The first booked patient's time (the entries are in time order), HH:MM. */
  firstBooked: string | null;
  today: string;
  onDone: () => void;
}) {
  const refresh = useRefreshList(list.id);
  const { booked } = list;
  return (
    <Stack gap="sm">
      {booked > 0 && (
        <Text size="sm">
          {booked === 1 ? 'One patient is' : `${booked} patients are`} booked on this list: their pages and
          reminders will show the change, but a letter already sent will not. A new room is emailed to each
          patient with an email address
          {toPhone.length > 0 ? `; phone ${toPhone.join(', ')} (no email address).` : '.'}
        </Text>
      )}
      <ProcedureListForm
        id="edit-list"
        title="The list’s details"
        saveLabel="Save the list"
        initial={{
          date: list.date,
          startTime: list.startTime,
          operator: list.operator,
          room: list.room,
          capacity: list.capacity,
        }}
        problems={(date, capacity, startTime) =>
          listChangeProblems(
            {
              date: list.date,
              booked,
              everBooked: booked > 0,
              cancelled: list.cancelled !== null,
              firstBooked,
            },
            { date, capacity, startTime },
            today,
          )
        }
        version={list.version}
        save={(input, version) =>
          api.changeProcedureList(list.id, { ...input, version: version ?? list.version })
        }
        onSaved={async (saved) => {
          await refresh();
          notifications.show({
            color: 'green',
            message: `The list of ${formatDate(saved.date)} is changed.`,
          });
          onDone();
        }}
        onCancel={onDone}
      />
    </Stack>
  );
}
