import { describe, expect, test } from 'vitest';
import { parseSurvivalCsv, survivalCsvReport } from './survival-csv.ts';

const AML_CSV = [
  'time,event,group',
  ...[9, 13, 13, 18, 23, 28, 31, 34, 45, 48, 161].map(
    (t, i) => `${t},${[1, 1, 0, 1, 1, 0, 1, 1, 0, 1, 0][i]},Maintained`,
  ),
  ...[5, 5, 8, 8, 12, 16, 23, 27, 30, 33, 43, 45].map((t, i) => `${t},${i === 5 ? 0 : 1},"Nonmaintained"`),
].join('\n');

function fails(text: string) {
  const out = survivalCsvReport(text);
  expect(out.exitCode).toBe(2);
  expect(out.stdout).toBe('');
  return out.stderr;
}

describe('sijpath stats km: the report', () => {
  test('grouped: the table and median per group, and the log-rank test, as numbers and nulls', () => {
    const out = survivalCsvReport(AML_CSV);
    expect(out).toMatchObject({ exitCode: 0, stderr: '' });
    const report = JSON.parse(out.stdout);
    expect(report.groups.map((g: { group: string }) => g.group)).toEqual(['Maintained', 'Nonmaintained']);
    expect(report.groups[0]).toMatchObject({
      n: 11,
      events: 7,
      median: { time: 31, lower: 18, upper: null },
    });
    expect(report.groups[0].table[0]).toEqual({
      time: 9,
      atRisk: 11,
      events: 1,
      censored: 0,
      survival: expect.closeTo(0.9090909090909091, 15),
      se: expect.closeTo(0.0866784172041448, 14),
      lower: expect.closeTo(0.7541338450815255, 14),
      upper: 1,
    });
    expect(report.groups[1].table.at(-1)).toEqual({
      time: 45,
      atRisk: 1,
      events: 1,
      censored: 0,
      survival: 0,
      se: null,
      lower: null,
      upper: null,
    });
    expect(report.logRank).toMatchObject({ df: 1, chisq: expect.closeTo(3.3963886989776, 12) });
    expect(report.logRank.p).toBeCloseTo(0.0653393220405051, 12);
  });

  test('ungrouped: one curve and no log-rank test', () => {
    const report = JSON.parse(survivalCsvReport('time,event\n1,1\n2,1\n3,1\n4,1\n').stdout);
    expect(report.logRank).toBeNull();
    expect(report.groups).toHaveLength(1);
    expect(report.groups[0]).toMatchObject({
      group: null,
      n: 4,
      median: { time: 2.5, lower: 1, upper: null },
    });
  });

  test('columns in any order, any case; extra columns ignored; CRLF, a BOM and blank lines accepted', () => {
    const text = '\uFEFFGroup, Event ,id,Time\r\n"a, left",1,p1,2.5\r\n\r\na,0,p2,1e1\r\n';
    expect(parseSurvivalCsv(text)).toEqual({
      ok: true,
      grouped: true,
      rows: [
        { line: 2, time: 2.5, event: true, group: 'a, left' },
        { line: 4, time: 10, event: false, group: 'a' },
      ],
    });
  });

  test('a quote inside a quoted group is written twice', () => {
    const parsed = parseSurvivalCsv('time,event,group\n3,1,"the ""US"" arm"\n');
    expect(parsed).toMatchObject({ ok: true, rows: [{ group: 'the "US" arm' }] });
  });
});

describe('sijpath stats km: errors name the line and exit 2', () => {
  test('a time that is not a number', () => {
    expect(fails('time,event\n1,1\nsix,1\n')).toBe('line 3: time "six" is not a number\n');
    expect(fails('time,event\n,1\n')).toBe('line 2: time "" is not a number\n');
    expect(fails('time,event\nInfinity,1\n')).toContain('line 2: time "Infinity" is not a number');
  });

  test('a negative time', () => {
    expect(fails('time,event\n-3,1\n')).toBe('line 2: time -3 is negative\n');
  });

  test('an event that is not 0 or 1', () => {
    expect(fails('time,event\n4,2\n')).toBe(
      'line 2: event "2" is not 0 or 1 (1 = the event happened, 0 = censored)\n',
    );
    expect(fails('time,event\n4,yes\n')).toContain('line 2: event "yes" is not 0 or 1');
  });

  test('a missing column, a column named twice', () => {
    expect(fails('time,status\n4,1\n')).toBe(
      'line 1: the header has no "event" column (it must name time and event, and may name group)\n',
    );
    expect(fails('')).toContain('line 1: the header has no "time" column');
    expect(fails('time,event,time\n1,1,1\n')).toBe('line 1: the header names "time" more than once\n');
  });

  test('a row with too few or too many fields, an open quote, an empty group', () => {
    expect(fails('time,event,group\n4,1\n')).toBe('line 2: 2 fields where the header has 3\n');
    expect(fails('time,event\n4,1,x\n')).toBe('line 2: 3 fields where the header has 2\n');
    expect(fails('time,event,group\n4,1,"open\n')).toBe('line 2: a quote is not closed\n');
    expect(fails('"time,event\n')).toBe('line 1: a quote in the header is not closed\n');
    expect(fails('time,event,group\n4,1,\n')).toBe('line 2: group is empty\n');
  });

  test('every problem of a line is named; only the first 20 lines with problems are listed', () => {
    expect(fails('time,event\nx,9\n')).toBe(
      'line 2: time "x" is not a number; event "9" is not 0 or 1 (1 = the event happened, 0 = censored)\n',
    );
    const many = fails(`time,event\n${'x,1\n'.repeat(25)}`)
      .trimEnd()
      .split('\n');
    expect(many).toHaveLength(21);
    expect(many[0]).toBe('line 2: time "x" is not a number');
    expect(many[20]).toBe('… and 5 more');
  });

  test('a header and nothing else', () => {
    expect(fails('time,event\n\n')).toBe('the file has no rows after the header\n');
  });
});
