import { Alert, Anchor, Box, Button, Code, Paper, Stack, Table, Text } from '@mantine/core';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import { auditActionWords } from '../../shared/api/audit-actions';
import { type AuditEvent, api } from '../api';
import { PageLoading } from '../components/Loading';
import { AdminOnly, PageTitle, PlainList, ScrollRegion } from '../components/Page';
import { callerLabel } from '../components/roles';
import { useDocumentTitle, useSession } from '../components/session';
import { formatDateTime, patientName } from '../format';

const pageSize = 50;

export function AuditPage() {
  useDocumentTitle('Audit');
  const { user, clinic } = useSession();
  const isAdmin = user.role === 'admin';
  // "Who has read this record?": the patient page links here with ?patient=<id>.
  const [params] = useSearchParams();
  const patientId = params.get('patient') ?? undefined;
  const patient = useQuery({
    queryKey: ['patient', patientId],
    queryFn: () => api.patient(patientId!),
    enabled: isAdmin && patientId !== undefined,
  });
  const audit = useInfiniteQuery({
    queryKey: ['audit', patientId ?? null],
    queryFn: ({ pageParam }) => api.audit(pageParam, pageSize, patientId),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    enabled: isAdmin,
  });

  const heading = <PageTitle>Audit</PageTitle>;
  if (!isAdmin) return <AdminOnly title="Audit" what="see the audit log" />;
  if (audit.isPending) return <PageLoading label="Loading the audit log" />;
  if (audit.isError) {
    return (
      <Stack gap="md">
        {heading}
        <Alert color="red" title="Could not load the audit log">
          {audit.error.message}
        </Alert>
      </Stack>
    );
  }

  const events = audit.data.pages.flatMap((page) => page.items);
  return (
    <Stack gap="md">
      {heading}
      <Text c="gray.7" size="sm">
        Every read and change of patient data, newest first. Times are in {clinic.timeZone}. Each event is
        sealed into the clinic’s audit chain a moment after it happens: its link number and the start of its
        hash are shown (<Code>sijpath audit verify</Code> checks the whole chain).
      </Text>
      {patientId && (
        <Alert
          color="blue"
          title={`Who has read or changed ${patient.data ? patientName(patient.data) : 'this patient'}’s record`}
        >
          Only the events about this patient: their record, their episodes and the alerts on them. Lists that
          name many patients (the worklist, a procedure list, an export) are in the whole trail.{' '}
          <Anchor component={Link} to="/audit">
            Show every event
          </Anchor>
        </Alert>
      )}
      {/* tabIndex: a scrollable region must be reachable by keyboard (WCAG 2.1.1). */}
      <Box visibleFrom="sm">
        <ScrollRegion minWidth={900} label="Audit events">
          <Table verticalSpacing="xs" striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Time</Table.Th>
                <Table.Th scope="col">Who</Table.Th>
                <Table.Th scope="col">Role</Table.Th>
                <Table.Th scope="col">Action</Table.Th>
                <Table.Th scope="col">Record</Table.Th>
                <Table.Th scope="col">Client address</Table.Th>
                <Table.Th scope="col">Chain link</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {events.map((e) => (
                <Table.Tr key={e.id}>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>
                    {formatDateTime(e.at, clinic.timeZone)}
                  </Table.Td>
                  <Table.Td>{e.actorName ?? 'System'}</Table.Td>
                  <Table.Td>{e.role ? callerLabel(e.role) : '—'}</Table.Td>
                  <Table.Td>
                    <ActionOf event={e} />
                  </Table.Td>
                  <Table.Td>
                    <RecordOf event={e} />
                  </Table.Td>
                  <Table.Td>{e.clientAddress ?? '—'}</Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>
                    <LinkOf event={e} unsealed="Not sealed yet" />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollRegion>
      </Box>
      {/* On a phone, a card per event: the table's later columns sat behind a sideways scroll. */}
      <PlainList hiddenFrom="sm" label="Audit events">
        {events.map((e) => (
          <Paper component="li" key={e.id} withBorder p="sm" radius="md">
            <ActionOf event={e} />
            <Text size="sm">
              {formatDateTime(e.at, clinic.timeZone)} · {e.actorName ?? 'System'}
              {e.role && ` (${callerLabel(e.role)})`}
            </Text>
            <Text size="sm" c="gray.8" style={{ overflowWrap: 'anywhere' }}>
              <RecordOf event={e} />
            </Text>
            <Text size="sm" c="gray.7">
              From {e.clientAddress ?? '—'} · Link <LinkOf event={e} unsealed="not sealed yet" />
            </Text>
          </Paper>
        ))}
      </PlainList>
      {events.length === 0 && (
        <Text c="gray.7">{patientId ? 'No events about this patient yet.' : 'No audit events yet.'}</Text>
      )}
      {audit.hasNextPage && (
        <Button
          variant="default"
          onClick={() => void audit.fetchNextPage()}
          loading={audit.isFetchingNextPage}
          w="fit-content"
        >
          Load more
        </Button>
      )}
    </Stack>
  );
}

/** What was done, in words, over the code the trail stores (which `sijpath audit` prints). */
function ActionOf({ event: e }: { event: AuditEvent }) {
  const words = auditActionWords(e.action);
  return (
    <>
      <Text size="sm" fw={600}>
        {words}
      </Text>
      {words !== e.action && (
        <Text size="xs" c="gray.7">
          {e.action}
        </Text>
      )}
    </>
  );
}

const pageOf: Record<string, string> = { episode: '/episodes/', patient: '/patients/' };

/** The record an event is about: its type, and its id where it names one, opening it where it has a page. */
function RecordOf({ event: e }: { event: AuditEvent }) {
  if (!e.recordId) return e.recordType;
  const page = pageOf[e.recordType];
  const id = <Code>{e.recordId}</Code>;
  return (
    <>
      {e.recordType}{' '}
      {page ? (
        <Anchor
          component={Link}
          to={`${page}${e.recordId}`}
          aria-label={`Open the ${e.recordType} ${e.recordId}`}
        >
          {id}
        </Anchor>
      ) : (
        id
      )}
    </>
  );
}

/** The event's place in its clinic's chain and the start of its hash, once the sealer has chained it. */
function LinkOf({ event: e, unsealed }: { event: AuditEvent; unsealed: string }) {
  if (e.seq === null || e.hash === null) return unsealed;
  return (
    <>
      {e.seq} <Code title={e.hash}>{e.hash.slice(0, 12)}…</Code>
    </>
  );
}
