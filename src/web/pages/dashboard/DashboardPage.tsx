/**
 * The outcomes dashboard for service leads (admins and clinicians): the clinic's own episodes,
 * filtered, as figures with their tables. Definitions: docs/statistics.md "The outcomes dashboard".
 * The filters live in the address, so a view can be bookmarked or sent to a colleague.
 */

import {
  Alert,
  Anchor,
  Button,
  Group,
  NativeSelect,
  Paper,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import * as Plot from '@observablehq/plot';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import { GUIDANCE, INDICATIONS, indicationLabels } from '../../../domain/clinical';
import { stageLabels } from '../../../domain/stages';
import { api } from '../../api';
import { Loading } from '../../components/Loading';
import { PageTitle } from '../../components/Page';
import { useDocumentTitle, useSession } from '../../components/session';
import { Figure } from './Figure';
import {
  blocksTable,
  type DashboardData,
  daysText,
  diaryTable,
  groupLabel,
  medianTable,
  opioidsTable,
  pgicTable,
  respondersTable,
  safetyTable,
  shareText,
  stagesTable,
  survivalTable,
  waitLabels,
  waitsHistogramTable,
  waitsTable,
} from './tables';

/** Dark enough for text on white (each ≥ 4.5:1), and told apart by more than hue alone in the tables. */
const PALETTE = ['#1f5fa8', '#b3470e', '#2b7a3d', '#6a3d9a', '#7a5c00', '#a3174f'];
const WEEK_FACETS = ['2 weeks', '6 weeks', '12 weeks'];
const FILTERS = [
  'from',
  'to',
  'operator',
  'indication',
  'guidance',
  'injectate',
  'purpose',
  'compare',
] as const;
type FilterName = (typeof FILTERS)[number];

const words = (s: string) => (s[0]!.toUpperCase() + s.slice(1)).replaceAll('-', ' ');

function colours(groups: string[]) {
  return { domain: groups, range: PALETTE.slice(0, Math.max(groups.length, 1)) };
}

function kmPlot(duration: DashboardData['duration'][number]) {
  return (width: number) => {
    const groups = duration.groups.map((g) => groupLabel(g.group));
    const lines = duration.groups.flatMap((g) =>
      [{ time: 0, survival: 1, lower: 1, upper: 1 }, ...g.curve].map((p) => ({
        group: groupLabel(g.group),
        week: p.time / 7,
        survival: p.survival,
        lower: p.lower ?? p.survival,
        upper: p.upper ?? p.survival,
      })),
    );
    const maxWeek = Math.max(1, ...lines.map((l) => l.week));
    const rowHeight = 0.13;
    const atRisk = duration.groups.flatMap((g, i) =>
      g.atWeeks
        .filter((w) => w.week <= maxWeek)
        .map((w) => ({
          group: groupLabel(g.group),
          week: w.week,
          y: -rowHeight * (i + 1.2),
          text: String(w.atRisk),
        })),
    );
    const labels = duration.groups.map((g, i) => ({
      group: groupLabel(g.group),
      y: -rowHeight * (i + 1.2),
      text: `At risk, ${groupLabel(g.group)}`,
    }));
    return Plot.plot({
      width,
      height: 300 + 34 * groups.length,
      marginLeft: 48,
      marginRight: 20,
      x: { label: 'Weeks after the injection', domain: [0, maxWeek] },
      y: {
        label: 'Still relieved',
        domain: [-rowHeight * (groups.length + 1), 1],
        ticks: [0, 0.25, 0.5, 0.75, 1],
        tickFormat: '.0%',
      },
      color: colours(groups),
      marks: [
        Plot.ruleY([0]),
        Plot.ruleY([0.5], { stroke: '#666', strokeDasharray: '4,4' }),
        Plot.areaY(lines, {
          x: 'week',
          y1: 'lower',
          y2: 'upper',
          fill: 'group',
          fillOpacity: 0.15,
          curve: 'step-after',
        }),
        Plot.lineY(lines, { x: 'week', y: 'survival', stroke: 'group', strokeWidth: 2, curve: 'step-after' }),
        Plot.text(labels, {
          x: 0,
          y: 'y',
          text: 'text',
          fill: 'group',
          textAnchor: 'start',
          dy: -12,
          fontWeight: 'bold',
        }),
        Plot.text(atRisk, { x: 'week', y: 'y', text: 'text', fill: 'group' }),
      ],
    });
  };
}

function barsPlot(
  rows: {
    facet: string;
    bar: string;
    trials: number | string;
    estimate: number | null;
    lower: number | null;
    upper: number | null;
  }[],
  bars: string[],
  facets: string[] | null,
  yLabel: string,
) {
  return (width: number) => {
    const shown = rows.filter((r) => r.estimate !== null);
    const hidden = rows.filter((r) => r.estimate === null);
    const narrow = width < 600;
    const fx = facets ? { fx: 'facet' as const } : {};
    return Plot.plot({
      width,
      height: narrow ? 320 : 280,
      marginBottom: narrow ? 70 : 40,
      marginLeft: 48,
      ...(facets ? { fx: { label: null, domain: facets } } : {}),
      x: { label: null, domain: bars, tickRotate: narrow ? -35 : 0 },
      y: { label: yLabel, domain: [0, 100], grid: true },
      color: colours(bars),
      marks: [
        Plot.barY(shown, { ...fx, x: 'bar', y: (r) => r.estimate! * 100, fill: 'bar' }),
        Plot.ruleX(
          shown.filter((r) => r.lower !== null),
          {
            ...fx,
            x: 'bar',
            y1: (r) => r.lower! * 100,
            y2: (r) => r.upper! * 100,
            stroke: 'black',
            strokeWidth: 1.5,
          },
        ),
        // No bar: hidden for a small count ("<5"), or nobody to count ("none").
        Plot.text(hidden, { ...fx, x: 'bar', y: 0, dy: -8, text: (r) => (r.trials === 0 ? 'none' : '<5') }),
        Plot.ruleY([0]),
      ],
    });
  };
}

function waitsPlot(d: DashboardData) {
  return (width: number) => {
    const bins = d.waits.flatMap((w) =>
      w.histogram.map((h) => ({ wait: waitLabels[w.wait], from: h.fromDays, to: h.toDays, count: h.count })),
    );
    const numbers = bins.filter((b) => typeof b.count === 'number') as (Omit<
      (typeof bins)[number],
      'count'
    > & {
      count: number;
    })[];
    const hidden = bins.filter((b) => typeof b.count !== 'number');
    const waits = d.waits.map((w) => waitLabels[w.wait]);
    return Plot.plot({
      width,
      height: 3 * 120 + 50,
      marginLeft: 48,
      fy: { axis: null, domain: waits },
      x: { label: 'Days' },
      y: { label: 'Patients', grid: true },
      marks: [
        Plot.rectY(numbers, { x1: 'from', x2: 'to', y: 'count', fy: 'wait', fill: PALETTE[0], inset: 1 }),
        Plot.text(hidden, { x: (b) => (b.from + b.to) / 2, y: 0, dy: -8, fy: 'wait', text: () => '<5' }),
        Plot.text(waits, {
          fy: (w) => w,
          text: (w) => w,
          frameAnchor: 'top-left',
          dx: 4,
          dy: 4,
          fontWeight: 'bold',
        }),
        Plot.ruleY([0]),
      ],
    });
  };
}

/** The answer to "what share had half their pain gone at six weeks, and how long did it last". */
/**
 * One group's six-week result in a sentence. A group with nobody scored at six weeks says so, and a
 * share hidden for a small count is left out, not written as a dash ("— —").
 */
export function headlineLine(
  r: DashboardData['responders'][number],
  km?: { median: { time: number | null } },
): string {
  if (r.trials === 0) return `${groupLabel(r.group)}: no patient has a diary score at 6 weeks yet.`;
  const share = shareText(r);
  const lasted = km ? ` Relief of at least half lasted a median of ${daysText(km.median.time)}.` : '';
  return `${groupLabel(r.group)}: ${r.successes} of ${r.trials} patients with a diary score at 6 weeks had at least half their pain gone${share === '—' ? '' : ` — ${share}`}.${lasted}`;
}

function Headline({ d }: { d: DashboardData }) {
  // The groups first, then all of them together.
  const six = d.responders
    .filter((r) => r.threshold === 'half' && r.week === 6)
    .sort((a, b) => (a.group === null ? 1 : b.group === null ? -1 : a.group.localeCompare(b.group)));
  const km = d.duration[0];
  const lines = six.map((r) =>
    headlineLine(r, r.group === null ? undefined : km?.groups.find((g) => g.group === r.group)),
  );
  const p = km?.logRank?.p;
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="headline-title">
      <Title order={2} size="h3" id="headline-title">
        At six weeks
      </Title>
      <Stack gap={4} mt="xs" data-testid="headline">
        {lines.length === 0 ? (
          <Text>No patient in this selection has a diary score at 6 weeks.</Text>
        ) : (
          lines.map((l) => <Text key={l}>{l}</Text>)
        )}
        {p !== undefined && p !== null && (
          <Text>
            Log-rank test of the duration of relief between the groups: χ² = {km!.logRank!.chisq?.toFixed(2)}{' '}
            on {km!.logRank!.df} degree{km!.logRank!.df === 1 ? '' : 's'} of freedom, p ={' '}
            {p < 0.001 ? p.toExponential(1) : p.toFixed(3)}.
          </Text>
        )}
      </Stack>
    </Paper>
  );
}

function Filters({ d }: { d: DashboardData | undefined }) {
  const [params, setParams] = useSearchParams();
  const set = (name: FilterName, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value);
    else next.delete(name);
    setParams(next, { replace: true });
  };
  const any = (label: string) => [{ value: '', label }];
  return (
    <Paper withBorder p="md" component="form" aria-label="Filters" onSubmit={(e) => e.preventDefault()}>
      <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }} spacing="sm">
        <TextInput
          type="date"
          label="Referred from"
          value={params.get('from') ?? ''}
          onChange={(e) => set('from', e.currentTarget.value)}
        />
        <TextInput
          type="date"
          label="Referred up to"
          value={params.get('to') ?? ''}
          onChange={(e) => set('to', e.currentTarget.value)}
        />
        <NativeSelect
          label="Guidance"
          value={params.get('guidance') ?? ''}
          onChange={(e) => set('guidance', e.currentTarget.value)}
          data={[...any('Any guidance'), ...GUIDANCE.map((g) => ({ value: g, label: groupLabel(g) }))]}
        />
        <NativeSelect
          label="Injectate"
          value={params.get('injectate') ?? ''}
          onChange={(e) => set('injectate', e.currentTarget.value)}
          data={[
            ...any('Any injectate'),
            { value: 'steroid', label: 'With a steroid' },
            { value: 'anaesthetic-only', label: 'Anaesthetic only (no steroid)' },
          ]}
        />
        <NativeSelect
          label="Purpose"
          value={params.get('purpose') ?? ''}
          onChange={(e) => set('purpose', e.currentTarget.value)}
          data={[
            ...any('Any purpose'),
            ...(['diagnostic', 'therapeutic', 'both'] as const).map((p) => ({
              value: p,
              label: groupLabel(p),
            })),
          ]}
        />
        <NativeSelect
          label="Indication"
          value={params.get('indication') ?? ''}
          onChange={(e) => set('indication', e.currentTarget.value)}
          data={[
            ...any('Any indication'),
            ...INDICATIONS.map((i) => ({ value: i, label: indicationLabels[i] })),
          ]}
        />
        <NativeSelect
          label="Operator"
          value={params.get('operator') ?? ''}
          onChange={(e) => set('operator', e.currentTarget.value)}
          data={[
            ...any('Any operator'),
            ...(d?.options.operators ?? []).map((o) => ({ value: o.id, label: o.name })),
          ]}
        />
        <NativeSelect
          label="Compare groups by"
          value={params.get('compare') ?? 'guidance'}
          onChange={(e) => set('compare', e.currentTarget.value === 'guidance' ? '' : e.currentTarget.value)}
          data={[
            { value: 'guidance', label: 'Guidance' },
            { value: 'injectate', label: 'Injectate' },
            { value: 'purpose', label: 'Purpose' },
            { value: 'operator', label: 'Operator' },
            { value: 'none', label: 'No groups' },
          ]}
        />
      </SimpleGrid>
      <Group mt="sm">
        <Button
          variant="default"
          size="xs"
          onClick={() => setParams(new URLSearchParams(), { replace: true })}
        >
          Clear the filters
        </Button>
      </Group>
    </Paper>
  );
}

export function DashboardPage() {
  useDocumentTitle('Outcomes');
  const { user } = useSession();
  const [params] = useSearchParams();
  const filters = useMemo(() => Object.fromEntries(FILTERS.map((f) => [f, params.get(f) ?? ''])), [params]);
  const allowed = user.role === 'admin' || user.role === 'clinician';
  const query = useQuery({
    queryKey: ['dashboard', filters],
    queryFn: () => api.dashboard(filters),
    placeholderData: keepPreviousData,
    enabled: allowed,
  });
  const [threshold, setThreshold] = useState<'half' | 'protocol'>('half');
  const d = query.data;

  const heading = <PageTitle>Outcomes</PageTitle>;
  if (!allowed) {
    return (
      <Stack gap="md">
        {heading}
        <Alert color="gray">The outcomes dashboard is for clinicians and administrators.</Alert>
      </Stack>
    );
  }
  return (
    <Stack gap="lg">
      {heading}
      <Text>
        How the clinic’s patients fare after an SI joint injection, counted over the clinic’s own episodes (
        <Anchor href="/api/guides/statistics">how each figure is counted</Anchor>). Every interval is 95 %.
      </Text>
      <Filters d={d} />
      {query.isPending && <Loading label="Loading the outcomes" />}
      {query.isError && (
        <Alert color="red" title="Could not load the outcomes">
          {query.error.message}
        </Alert>
      )}
      {d && (
        <Sections
          d={d}
          filtered={FILTERS.some((f) => f !== 'compare' && filters[f])}
          threshold={d.duration.some((x) => x.threshold.key === threshold) ? threshold : 'half'}
          setThreshold={setThreshold}
          busy={query.isFetching}
        />
      )}
      <Downloads />
    </Stack>
  );
}

/**
 * The de-identified export (GET /api/export/outcomes; docs/export-format.md), the file
 * `sijpath export outcomes` writes: for a statistician who wants every episode, not the figures.
 */
function Downloads() {
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="export-title">
      <Title order={2} size="h3" id="export-title">
        De-identified data for a statistician
      </Title>
      <Text mt="xs">
        One row per episode of the whole clinic (the filters above do not apply): no names, NHS numbers,
        addresses or free text; a random study number per patient; each patient’s dates moved by their own
        secret number of days, so every interval is kept; ages in bands. Each download is recorded in the
        audit. <Anchor href="/api/guides/export-format">What each column means</Anchor>: send it with the
        file.
      </Text>
      <Group mt="sm">
        <Button component="a" href="/api/export/outcomes?format=csv" download variant="default">
          Download CSV
        </Button>
        <Button component="a" href="/api/export/outcomes?format=parquet" download variant="default">
          Download Parquet
        </Button>
      </Group>
    </Paper>
  );
}

function Sections({
  d,
  filtered,
  threshold,
  setThreshold,
  busy,
}: {
  d: DashboardData;
  /** Whether any filter narrows the selection (comparing groups does not). */
  filtered: boolean;
  threshold: 'half' | 'protocol';
  setThreshold: (t: 'half' | 'protocol') => void;
  busy: boolean;
}) {
  return (
    <Stack gap="xl" aria-busy={busy}>
      <Text size="sm" c="gray.7" role="status">
        {busy ? 'Updating…' : `${d.episodes.total} episodes in this selection.`} {d.suppression.note}
      </Text>
      {d.episodes.total === 0 ? (
        // Empty plots and tables of dashes would read as results: say there is nothing to show, and
        // why (a new clinic has set no filter that could be cleared).
        filtered ? (
          <Alert color="gray" title="No episodes match these filters">
            Widen the dates or choose “Clear the filters” to see the clinic’s outcomes.
          </Alert>
        ) : (
          <Alert color="gray" title="No episodes yet">
            The figures appear here as the clinic’s patients are referred, have their injection and keep their
            pain diary.
          </Alert>
        )
      ) : (
        <Figures d={d} threshold={threshold} setThreshold={setThreshold} />
      )}
    </Stack>
  );
}

function Figures({
  d,
  threshold,
  setThreshold,
}: {
  d: DashboardData;
  threshold: 'half' | 'protocol';
  setThreshold: (t: 'half' | 'protocol') => void;
}) {
  const duration = d.duration.find((x) => x.threshold.key === threshold) ?? d.duration[0]!;
  const responders = useMemo(() => d.responders.filter((r) => r.threshold === threshold), [d, threshold]);
  const groups = useMemo(
    () =>
      [...new Set(responders.map((r) => groupLabel(r.group)))].sort((a, b) =>
        a === 'All' ? 1 : b === 'All' ? -1 : a.localeCompare(b),
      ),
    [responders],
  );
  const drawKm = useMemo(() => kmPlot(duration), [duration]);
  const drawResponders = useMemo(
    () =>
      barsPlot(
        responders.map((r) => ({ ...r, facet: `${r.week} weeks`, bar: groupLabel(r.group) })),
        groups,
        WEEK_FACETS,
        'Responders (%)',
      ),
    [responders, groups],
  );
  const drawBlocks = useMemo(
    () =>
      barsPlot(
        d.blocks.results.map((b) => ({ ...b, facet: '', bar: words(b.classification) })),
        ['Positive', 'Negative', 'Indeterminate'],
        null,
        'Blocks (%)',
      ),
    [d.blocks],
  );
  const drawWaits = useMemo(() => waitsPlot(d), [d]);
  const sources = (t: DashboardData['thresholds']['half']) => t.sources.map((s) => s.ref).join('; ');

  return (
    <>
      <Headline d={d} />
      {d.duration.length > 1 && (
        <Group>
          <Text id="threshold-label" fw={600}>
            Relief threshold
          </Text>
          <SegmentedControl
            aria-labelledby="threshold-label"
            value={threshold}
            onChange={(v) => setThreshold(v as 'half' | 'protocol')}
            data={[
              { value: 'half', label: 'At least 50 %' },
              { value: 'protocol', label: 'The protocol’s threshold' },
            ]}
          />
        </Group>
      )}
      <Text size="sm">
        Thresholds: {d.thresholds.half.label} ({sources(d.thresholds.half)})
        {d.thresholds.protocol && !d.thresholds.protocolNote
          ? `; ${d.thresholds.protocol.label} (${sources(d.thresholds.protocol)})`
          : ''}
        . {d.thresholds.protocolNote}
      </Text>
      <Figure
        id="responders"
        title="Responders at 2, 6 and 12 weeks"
        description={`Bars: the share of patients with ${duration.threshold.label} at each time point, by group, with 95 % intervals.`}
        draw={drawResponders}
        tables={[respondersTable(d, threshold)]}
        note={`A patient counts at a time point when their diary has a score within 7 days of it (the nearest one); patients with no score there are left out of that time point, not counted as failures.`}
      />
      <Figure
        id="duration"
        title="How long relief lasted"
        description={`Kaplan–Meier step curves: the share of patients whose relief reached ${duration.threshold.label} who still had it, by weeks after the injection, with 95 % confidence bands and the number at risk below.`}
        draw={drawKm}
        tables={[medianTable(duration), survivalTable(duration)]}
        note="Relief ends at the first diary score below the threshold after it was reached; a patient whose relief had not ended is censored at their last diary entry. A patient who stops keeping the diary because the pain came back makes the curve read too optimistic: see diary completion below."
      >
        {duration.logRank && (
          <Text size="sm">
            Log-rank test: χ² = {duration.logRank.chisq === null ? '—' : duration.logRank.chisq.toFixed(2)},
            df = {duration.logRank.df}, p ={' '}
            {duration.logRank.p === null ? '—' : duration.logRank.p.toPrecision(2)}.
          </Text>
        )}
      </Figure>
      <Figure
        id="blocks"
        title="Diagnostic blocks"
        description="Bars: the share of diagnostic blocks that were positive, negative or indeterminate, with 95 % intervals."
        draw={drawBlocks}
        tables={[blocksTable(d)]}
        note="Blocks of episodes whose purpose was diagnostic or both, as assessed in recovery against the protocol’s threshold in force then."
      />
      <Figure
        id="waits"
        title="Waiting times"
        description="Histograms: how many days patients waited from referral to triage, from triage to injection and from referral to injection, by week."
        draw={drawWaits}
        tables={[waitsTable(d), waitsHistogramTable(d)]}
        note="Whole days in the clinic’s time zone. Patients still waiting are not counted."
      />
      <Figure id="stages" title="Episodes by stage" description="" tables={[stagesTable(d, stageLabels)]} />
      <Figure id="pgic" title="Patient Global Impression of Change" description="" tables={[pgicTable(d)]} />
      <Figure
        id="opioids"
        title="Opioid use"
        description=""
        tables={[opioidsTable(d)]}
        note={d.opioids.note}
      />
      <Figure
        id="safety"
        title="Complications and red-flag reports"
        description=""
        tables={[safetyTable(d)]}
        note="Red-flag reports are the patient’s worrying-symptom reports triaged as urgent."
      />
      <Figure
        id="diary"
        title="Diary completion"
        description=""
        tables={[diaryTable(d)]}
        note="Prompts due so far that were sent to the patient, and how many the diary answered. Episodes recorded without their prompt schedule (imported history) are counted separately."
      />
    </>
  );
}
