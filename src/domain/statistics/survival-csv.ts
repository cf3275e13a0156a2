import { type KaplanMeierRow, kaplanMeier, type MedianSurvival, medianSurvival } from './kaplan-meier.ts';
import { type LogRankTest, logRank } from './log-rank.ts';

/**
 * `sijpath stats km FILE.csv`, the pure half: CSV text in (a header naming `time`, `event` and
 * optionally `group`, in any order; other columns are ignored), the Kaplan–Meier table and median
 * per group and the log-rank test out, as JSON a reviewer can hold against R's `survival` package
 * (docs/statistics.md). Bad input names its line and exits 2.
 */

export interface SurvivalCsvRow {
  line: number;
  time: number;
  event: boolean;
  group: string | null;
}

export type ParsedSurvivalCsv =
  | { ok: true; grouped: boolean; rows: SurvivalCsvRow[] }
  | { ok: false; issues: string[] };

export interface KaplanMeierGroupReport {
  /** null when the file has no group column */
  group: string | null;
  n: number;
  events: number;
  median: MedianSurvival;
  table: KaplanMeierRow[];
}

export interface KaplanMeierReport {
  /** in the order each group first appears in the file */
  groups: KaplanMeierGroupReport[];
  /** null when the file has no group column */
  logRank: LogRankTest | null;
}

export interface SurvivalCsvResult {
  exitCode: 0 | 2;
  stdout: string;
  stderr: string;
}

const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const MAX_ISSUES = 20;

export function parseSurvivalCsv(text: string): ParsedSurvivalCsv {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const header = splitCsvLine(lines[0]!); // split always gives at least one line
  if (header === null) return { ok: false, issues: ['line 1: a quote in the header is not closed'] };
  const names = header.map((name) => name.trim().toLowerCase());
  const issues: string[] = [];
  for (const required of ['time', 'event']) {
    if (!names.includes(required)) {
      issues.push(
        `line 1: the header has no "${required}" column (it must name time and event, and may name group)`,
      );
    }
  }
  for (const name of ['time', 'event', 'group']) {
    if (names.indexOf(name) !== names.lastIndexOf(name)) {
      issues.push(`line 1: the header names "${name}" more than once`);
    }
  }
  if (issues.length > 0) return { ok: false, issues };
  const timeAt = names.indexOf('time');
  const eventAt = names.indexOf('event');
  const groupAt = names.indexOf('group');

  const rows: SurvivalCsvRow[] = [];
  lines.slice(1).forEach((text, index) => {
    const line = index + 2;
    if (text.trim() === '') return;
    const fields = splitCsvLine(text);
    if (fields === null) {
      issues.push(`line ${line}: a quote is not closed`);
      return;
    }
    if (fields.length !== names.length) {
      issues.push(`line ${line}: ${fields.length} fields where the header has ${names.length}`);
      return;
    }
    const timeText = fields[timeAt]!.trim();
    const eventText = fields[eventAt]!.trim();
    const group = groupAt < 0 ? null : fields[groupAt]!.trim();
    const time = NUMBER.test(timeText) ? Number(timeText) : Number.NaN;
    const problems: string[] = [];
    if (!Number.isFinite(time)) problems.push(`time "${timeText}" is not a number`);
    else if (time < 0) problems.push(`time ${timeText} is negative`);
    if (eventText !== '0' && eventText !== '1') {
      problems.push(`event "${eventText}" is not 0 or 1 (1 = the event happened, 0 = censored)`);
    }
    if (group === '') problems.push('group is empty');
    if (problems.length > 0) {
      issues.push(`line ${line}: ${problems.join('; ')}`);
      return;
    }
    rows.push({ line, time, event: eventText === '1', group });
  });
  if (issues.length > 0) return { ok: false, issues };
  if (rows.length === 0) return { ok: false, issues: ['the file has no rows after the header'] };
  return { ok: true, grouped: groupAt >= 0, rows };
}

export function kaplanMeierReport(rows: readonly SurvivalCsvRow[], grouped: boolean): KaplanMeierReport {
  const byGroup = new Map<string | null, SurvivalCsvRow[]>();
  for (const row of rows) {
    const key = grouped ? row.group : null;
    const members = byGroup.get(key);
    if (members) members.push(row);
    else byGroup.set(key, [row]);
  }
  const groups = [...byGroup].map(([group, members]): KaplanMeierGroupReport => {
    const curve = kaplanMeier(members);
    return { group, n: curve.n, events: curve.events, median: medianSurvival(curve), table: curve.table };
  });
  return {
    groups,
    logRank: grouped
      ? logRank([...byGroup].map(([group, observations]) => ({ group: group!, observations })))
      : null,
  };
}

export function survivalCsvReport(text: string): SurvivalCsvResult {
  const parsed = parseSurvivalCsv(text);
  if (!parsed.ok) {
    const shown = parsed.issues.slice(0, MAX_ISSUES);
    const more = parsed.issues.length - shown.length;
    if (more > 0) shown.push(`… and ${more} more`);
    return { exitCode: 2, stdout: '', stderr: `${shown.join('\n')}\n` };
  }
  const report = kaplanMeierReport(parsed.rows, parsed.grouped);
  return { exitCode: 0, stdout: `${JSON.stringify(report, null, 2)}\n`, stderr: '' };
}

/** One CSV record (RFC 4180 quoting, one line: no line breaks inside quotes); null if a quote is open. */
function splitCsvLine(line: string): string[] | null {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted) {
      if (c !== '"') field += c;
      else if (line[i + 1] === '"') {
        field += '"';
        i++;
      } else quoted = false;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      fields.push(field);
      field = '';
    } else field += c;
  }
  if (quoted) return null;
  fields.push(field);
  return fields;
}
