/**
 * The dashboard's tables as plain data: the cells exactly as the page shows them (suppressed
 * counts as "<5", shares as "62 % (48–74 %)"), so that the CSV download is the table on screen.
 */
import type { z } from 'zod';
import type { Cell } from '../../../domain/statistics/suppression';
import type { Dashboard } from '../../../shared/api/dashboard';

export type DashboardData = z.infer<typeof Dashboard>;

export interface TableModel {
  caption: string;
  columns: string[];
  rows: string[][];
}

const percentFormat = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0 });
const numberFormat = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 1 });

export const cell = (c: Cell): string => (typeof c === 'number' ? String(c) : c);
export const number = (n: number | null): string => (n === null ? '—' : numberFormat.format(n));
export const percent = (p: number | null): string =>
  p === null ? '—' : `${percentFormat.format(p * 100)} %`;

/** "62 % (48–74 %)", or "—" when hidden or not estimable. */
export function shareText(s: {
  estimate: number | null;
  lower: number | null;
  upper: number | null;
}): string {
  if (s.estimate === null) return '—';
  if (s.lower === null || s.upper === null) return percent(s.estimate);
  return `${percentFormat.format(s.estimate * 100)} % (${percentFormat.format(s.lower * 100)}–${percentFormat.format(s.upper * 100)} %)`;
}

/** A share per 100 procedures: "3.2 (1.1–8.9)". */
export function per100Text(s: {
  estimate: number | null;
  lower: number | null;
  upper: number | null;
}): string {
  if (s.estimate === null) return '—';
  const f = (v: number) => numberFormat.format(v * 100);
  if (s.lower === null || s.upper === null) return f(s.estimate);
  return `${f(s.estimate)} (${f(s.lower)}–${f(s.upper)})`;
}

/** Days with weeks beside them: "45 days (6.4 weeks)". */
export function daysText(days: number | null): string {
  if (days === null) return 'not reached';
  return `${numberFormat.format(days)} days (${numberFormat.format(days / 7)} weeks)`;
}

/** RFC 4180, CRLF line ends; a field with a comma, quote or line break is quoted. */
export function toCsv(table: Pick<TableModel, 'columns' | 'rows'>): string {
  const field = (text: string) => (/[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text);
  return [table.columns, ...table.rows]
    .map((r) => r.map(field).join(','))
    .join('\r\n')
    .concat('\r\n');
}

export const groupLabels: Record<string, string> = {
  fluoroscopy: 'Fluoroscopy',
  ultrasound: 'Ultrasound',
  ct: 'CT',
  steroid: 'Steroid',
  'anaesthetic-only': 'Anaesthetic only',
  diagnostic: 'Diagnostic',
  therapeutic: 'Therapeutic',
  both: 'Diagnostic and therapeutic',
  all: 'All',
  'not recorded': 'Not recorded',
};
export const groupLabel = (g: string | null) => (g === null ? 'All' : (groupLabels[g] ?? g));

export const waitLabels: Record<DashboardData['waits'][number]['wait'], string> = {
  'referral-to-triage': 'Referral to triage',
  'triage-to-procedure': 'Triage to injection',
  'referral-to-procedure': 'Referral to injection',
};

export function respondersTable(d: DashboardData, threshold: 'half' | 'protocol'): TableModel {
  const label = threshold === 'half' ? d.thresholds.half.label : (d.thresholds.protocol?.label ?? '');
  return {
    caption: `Responders (${label}) at 2, 6 and 12 weeks, with 95 % Wilson intervals`,
    columns: ['Weeks after injection', 'Group', 'Responders', 'With a diary score', 'Share (95 % CI)'],
    rows: d.responders
      .filter((r) => r.threshold === threshold)
      .sort(
        (a, b) =>
          a.week - b.week || (a.group === null ? 1 : b.group === null ? -1 : a.group.localeCompare(b.group)),
      )
      .map((r) => [String(r.week), groupLabel(r.group), cell(r.successes), cell(r.trials), shareText(r)]),
  };
}

export function survivalTable(duration: DashboardData['duration'][number]): TableModel {
  return {
    caption: `Patients still with ${duration.threshold.label}: Kaplan–Meier estimate by group`,
    columns: [
      'Group',
      'Weeks after injection',
      'Number at risk',
      'Relief ended so far',
      'Still relieved (95 % CI)',
    ],
    rows: duration.groups.flatMap((g) =>
      g.atWeeks.map((w) => [
        groupLabel(g.group),
        String(w.week),
        cell(w.atRisk),
        cell(w.events),
        shareText({ estimate: w.survival, lower: w.lower, upper: w.upper }),
      ]),
    ),
  };
}

export function medianTable(duration: DashboardData['duration'][number]): TableModel {
  return {
    caption: 'How long relief lasted: median with its 95 % confidence interval',
    columns: ['Group', 'Patients with relief', 'Relief ended', 'Median duration', '95 % CI'],
    rows: duration.groups.map((g) => [
      groupLabel(g.group),
      cell(g.n),
      cell(g.events),
      daysText(g.median.time),
      g.median.time === null
        ? '—'
        : `${g.median.lower === null ? 'not estimable' : `${number(g.median.lower)} days`} to ${g.median.upper === null ? 'not reached' : `${number(g.median.upper)} days`}`,
    ]),
  };
}

export function blocksTable(d: DashboardData): TableModel {
  return {
    caption: 'Diagnostic blocks by result, with 95 % Wilson intervals',
    columns: ['Result', 'Blocks', 'Share (95 % CI)'],
    rows: d.blocks.results.map((b) => [
      b.classification[0]!.toUpperCase() + b.classification.slice(1),
      cell(b.successes),
      shareText(b),
    ]),
  };
}

export function waitsTable(d: DashboardData): TableModel {
  return {
    caption: 'Waiting times in days: median and 90th percentile',
    columns: ['Wait', 'Patients', 'Median (days)', '90th percentile (days)'],
    rows: d.waits.map((w) => [waitLabels[w.wait], cell(w.n), number(w.median), number(w.p90)]),
  };
}

export function waitsHistogramTable(d: DashboardData): TableModel {
  return {
    caption: 'Waiting times by week: number of patients',
    columns: ['Wait', 'Days', 'Patients'],
    rows: d.waits.flatMap((w) =>
      w.histogram.map((h) => [waitLabels[w.wait], `${h.fromDays}–${h.toDays - 1}`, cell(h.count)]),
    ),
  };
}

export function stagesTable(d: DashboardData, labels: Record<string, string>): TableModel {
  return {
    caption: 'Episodes by stage',
    columns: ['Stage', 'Episodes'],
    rows: [
      ...d.episodes.byStage.map((s) => [labels[s.stage] ?? s.stage, cell(s.count)]),
      ['All', cell(d.episodes.total)],
    ],
  };
}

const pgicLabels: Record<number, string> = {
  1: 'Very much improved',
  2: 'Much improved',
  3: 'Minimally improved',
  4: 'No change',
  5: 'Minimally worse',
  6: 'Much worse',
  7: 'Very much worse',
};

export function pgicTable(d: DashboardData): TableModel {
  return {
    caption: 'Patient Global Impression of Change: each patient’s latest answer',
    columns: ['Answer', 'Patients'],
    rows: d.pgic.distribution.map((p) => [`${p.value} ${pgicLabels[p.value] ?? p.code}`, cell(p.count)]),
  };
}

export function opioidsTable(d: DashboardData): TableModel {
  return {
    caption: 'Opioid doses reported in the diary after the injection',
    columns: [
      'Weeks after injection',
      'Answered',
      'Any opioid dose',
      'Share (95 % CI)',
      'Mean doses since the entry before',
    ],
    rows: d.opioids.atWeeks.map((o) => [
      String(o.week),
      cell(o.answered),
      cell(o.anyOpioid),
      shareText(o),
      number(o.meanDoses),
    ]),
  };
}

export function safetyTable(d: DashboardData): TableModel {
  const row = (label: string, s: DashboardData['safety']['complications']) => [
    label,
    cell(s.successes),
    cell(s.trials),
    per100Text(s),
  ];
  return {
    caption: 'Complications and symptom reports per 100 procedures, with 95 % Wilson intervals',
    columns: ['What', 'Procedures with one or more', 'Procedures', 'Per 100 procedures (95 % CI)'],
    rows: [
      row('Complication recorded at the procedure', d.safety.complications),
      row('Worrying-symptom report', d.safety.symptomReports),
      row('Urgent (red-flag) symptom report', d.safety.redFlagReports),
    ],
  };
}

export function diaryTable(d: DashboardData): TableModel {
  return {
    caption: 'Diary completion: prompts answered of prompts sent',
    columns: [
      'Episodes with prompts',
      'Prompts sent',
      'Answered',
      'Share (95 % CI)',
      'Episodes without a prompt record',
    ],
    rows: [
      [
        cell(d.diary.episodes),
        cell(d.diary.prompted),
        cell(d.diary.answered),
        shareText(d.diary),
        cell(d.diary.withoutPromptRecord),
      ],
    ],
  };
}
