import {
  Alert,
  Anchor,
  Badge,
  Group,
  NativeSelect,
  Paper,
  Stack,
  Tabs,
  TextInput,
  Title,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { isOpen, type Stage, stageLabels, stages } from '../../domain/pathway';
import { WORKLIST_LIMIT } from '../../shared/api/core';
import { api } from '../api';
import { DayStepper } from '../components/DayStepper';
import { EpisodeList } from '../components/EpisodeList';
import { Loading } from '../components/Loading';
import { PageTitle, PlainList } from '../components/Page';
import { useDocumentTitle, useSession } from '../components/session';
import { formatDate, formatDateTime, todayIn } from '../format';
import { alertSummaryKey } from './follow-up/keys';

/** A stage, the open ones (the default: the work still to do), or all of them. */
type Filter = Stage | 'open' | 'all';
const isStage = (value: string | null): value is Stage => stages.includes(value as Stage);
const filterOf = (value: string | null): Filter => (isStage(value) || value === 'all' ? value : 'open');
/** The filter as a word before "episodes": "open", "closed", or nothing for all. */
const filterWord = (f: Filter) =>
  f === 'all' ? '' : f === 'open' ? 'open ' : `${stageLabels[f].toLowerCase()} `;

export function WorklistPage() {
  useDocumentTitle('Worklist');
  const [params, setParams] = useSearchParams();
  const filter = filterOf(params.get('stage'));
  const [search, setSearch] = useState(params.get('q') ?? '');
  const [q] = useDebouncedValue(search.trim(), 250);
  const dateParam = params.get('date');
  const date = dateParam && /^\d{4}-\d{2}-\d{2}$/.test(dateParam) ? dateParam : null;
  const { clinic, user } = useSession();

  const worklist = useQuery({
    queryKey: ['episodes', { stage: filter, q, date }],
    queryFn: () => api.worklist({ stage: filter === 'all' ? undefined : filter, q, date: date ?? undefined }),
    // Keep the list on screen while a search is typed, but never show one stage's rows under another's tab.
    placeholderData: (previous, previousQuery) =>
      (previousQuery?.queryKey[1] as { stage?: Filter } | undefined)?.stage === filter ? previous : undefined,
  });

  const counts = worklist.data?.countsByStage ?? {};
  const total = stages.reduce((sum, s) => sum + (counts[s] ?? 0), 0);
  const open = stages.filter(isOpen).reduce((sum, s) => sum + (counts[s] ?? 0), 0);
  const countOf = (f: Filter) => (f === 'all' ? total : f === 'open' ? open : (counts[f] ?? 0));
  const filters: { value: Filter; label: string }[] = [
    { value: 'open', label: 'Open' },
    ...stages.map((s) => ({ value: s, label: stageLabels[s] })),
    { value: 'all', label: 'All' },
  ];

  const setFilter = (value: string | null) => {
    const next = new URLSearchParams(params);
    if (!value || value === 'open') next.delete('stage');
    else next.set('stage', value);
    setParams(next, { replace: true });
  };
  const setDate = (value: string | null) => {
    const next = new URLSearchParams(params);
    if (value) next.set('date', value);
    else next.delete('date');
    setParams(next, { replace: true });
  };

  const list = worklist.isPending ? (
    <Loading label="Loading the worklist" />
  ) : worklist.isError ? (
    <Alert color="red" title="Could not load the worklist">
      {worklist.error.message}
    </Alert>
  ) : (
    <Stack gap="sm">
      <EpisodeList
        items={worklist.data.items}
        empty={
          q
            ? `No ${filterWord(filter)}episodes for “${q}”.`
            : date
              ? `No ${filterWord(filter)}episodes booked on ${formatDate(date)}.`
              : `No ${filterWord(filter)}episodes.`
        }
      />
      {worklist.data.items.length >= WORKLIST_LIMIT && (
        <Alert color="blue" title={`The first ${WORKLIST_LIMIT} ${filterWord(filter)}episodes`}>
          These are the {WORKLIST_LIMIT} referred longest ago. Search by name, NHS number or MRN, or choose a
          stage or a procedure day, to find the others.
        </Alert>
      )}
    </Stack>
  );

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end">
        <PageTitle>Worklist</PageTitle>
        {worklist.isFetching && !worklist.isPending && <Loading size="xs" label="Updating" />}
      </Group>
      <OpenAlerts />
      <LeftOpenBookings />
      {/* Nothing at all yet (not a search or a day with nothing): a clinic that has just begun. */}
      {worklist.isSuccess && total === 0 && !q && !date && <WhereToBegin admin={user.role === 'admin'} />}
      <TextInput
        label="Search by name, NHS number or MRN"
        type="search"
        value={search}
        onChange={(e) => setSearch(e.currentTarget.value)}
        maw={420}
      />
      <DayStepper date={date} today={todayIn(clinic.timeZone)} onChange={setDate} />
      {date && <DayLists date={date} />}
      <NativeSelect
        hiddenFrom="sm"
        label="Stage"
        value={filter}
        onChange={(e) => setFilter(e.currentTarget.value)}
        data={filters.map((f) => ({ value: f.value, label: `${f.label} (${countOf(f.value)})` }))}
      />
      <Tabs value={filter} onChange={setFilter} keepMounted={false}>
        <Tabs.List visibleFrom="sm" aria-label="Filter by stage">
          {filters.map((f) => (
            <Tabs.Tab
              key={f.value}
              value={f.value}
              rightSection={
                <Badge
                  size="sm"
                  variant={f.value === filter ? 'filled' : 'light'}
                  color="blue"
                  circle={false}
                >
                  {countOf(f.value)}
                </Badge>
              }
            >
              {f.label}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        {filters.map((f) => (
          <Tabs.Panel key={f.value} value={f.value} pt="md">
            {f.value === filter && list}
          </Tabs.Panel>
        ))}
      </Tabs>
    </Stack>
  );
}

/** The day's procedure lists, each opening its printable list. */
function DayLists({ date }: { date: string }) {
  const lists = useQuery({
    queryKey: ['procedure-lists', date, date],
    queryFn: () => api.procedureLists({ from: date, to: date }),
  });
  if (!lists.data || lists.data.items.length === 0) return null;
  return (
    <Group gap="sm" role="group" aria-label="Procedure lists on this day">
      {lists.data.items.map((l) => (
        <Anchor key={l.id} component={Link} to={`/lists/${l.id}`} size="sm">
          {l.startTime} list, {l.room} ({l.operator}):{' '}
          {l.cancelled ? 'cancelled' : `${l.booked} of ${l.capacity} booked`}
        </Anchor>
      ))}
    </Group>
  );
}

/** Worrying-symptom alerts nobody has acknowledged yet: first on the worklist, until a clinician does. */
function OpenAlerts() {
  const alerts = useQuery({ queryKey: alertSummaryKey, queryFn: api.alertSummary, refetchInterval: 30_000 });
  const open = alerts.data?.open ?? 0;
  if (open === 0) return null;
  const urgent = alerts.data?.urgent ?? 0;
  return (
    <Alert
      color="red"
      variant="light"
      title={`${open} worrying-symptom ${open === 1 ? 'alert' : 'alerts'} open`}
    >
      {urgent > 0 ? `${urgent} urgent or not triaged. ` : ''}Each waits for a clinician to acknowledge it with
      a note.{' '}
      <Anchor component={Link} to="/alerts" fw={700} c="gray.9" td="underline">
        Open the alerts
      </Anchor>
    </Alert>
  );
}

/**
 * Bookings whose day has passed with nothing recorded: a patient treated and not recorded has no
 * follow-up, one who did not come waits for no new date. Each is closed on its episode's page.
 */
function LeftOpenBookings() {
  const { clinic } = useSession();
  const found = useQuery({ queryKey: ['episodes', 'left-open'], queryFn: api.leftOpen });
  const total = found.data?.total ?? 0;
  if (total === 0) return null;
  const items = found.data?.items ?? [];
  return (
    <Alert
      color="orange"
      variant="light"
      title={`${total} ${total === 1 ? 'booking' : 'bookings'} left open from a past day`}
    >
      <Stack gap={4}>
        <span>
          Nothing was recorded after the booked day. If the patient came, record the check-in (saying why it
          is late) and the procedure; if not, mark that they did not attend. Each on the patient’s page.
        </span>
        <PlainList>
          {items.map((b) => (
            <li key={b.episodeId}>
              <Anchor
                component={Link}
                to={`/episodes/${b.episodeId}`}
                size="sm"
                fw={700}
                c="gray.9"
                td="underline"
              >
                {b.name}
              </Anchor>
              {`: booked ${formatDateTime(b.plannedAt, clinic.timeZone)}, still ${stageLabels[b.stage].toLowerCase()}`}
            </li>
          ))}
        </PlainList>
        {total > items.length && <span>{`and ${total - items.length} more, booked since these.`}</span>}
      </Stack>
    </Alert>
  );
}

/** A clinic with no episodes yet: where its admin and its staff begin. */
function WhereToBegin({ admin }: { admin: boolean }) {
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="where-to-begin">
      <Stack gap="xs">
        <Title order={2} size="h4" id="where-to-begin">
          A new clinic: where to begin
        </Title>
        <PlainList>
          {admin && (
            <li>
              <Anchor component={Link} to="/settings">
                Clinic settings
              </Anchor>
              : the opening hours, email and address for letters, and the values your clinic chooses (each
              shows its default and where it comes from).
            </li>
          )}
          {admin && (
            <li>
              <Anchor component={Link} to="/users">
                Users
              </Anchor>
              : an account for each clinician and nurse.
            </li>
          )}
          <li>
            <Anchor component={Link} to="/patients/new">
              Add the first patient
            </Anchor>
            , then refer them: each referral is an episode on this worklist.
          </li>
        </PlainList>
      </Stack>
    </Paper>
  );
}
