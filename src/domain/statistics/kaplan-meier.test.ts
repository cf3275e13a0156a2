import { describe, expect, test } from 'vitest';
import { type KaplanMeierRow, kaplanMeier, medianSurvival } from './kaplan-meier.ts';
import {
  AML_MAINTAINED,
  AML_NONMAINTAINED,
  LEUKAEMIA_6MP,
  LEUKAEMIA_PLACEBO,
  observations,
} from './testing.ts';

/** `actual` rounds to `printed` at the number of decimals printed (R prints rounded values). */
function expectPrinted(actual: number | null, printed: string) {
  if (printed === 'NA' || printed === 'NaN') return expect(actual).toBeNull();
  const decimals = printed.split('.')[1]?.length ?? 0;
  expect(actual).not.toBeNull();
  expect(Math.abs(actual! - Number(printed))).toBeLessThanOrEqual(0.5 * 10 ** -decimals + 1e-12);
}

/** The table's columns, for comparison with R's `summary(fit, censored = TRUE)` vectors. */
function columns(table: KaplanMeierRow[]) {
  return {
    time: table.map((r) => r.time),
    atRisk: table.map((r) => r.atRisk),
    events: table.map((r) => r.events),
    censored: table.map((r) => r.censored),
  };
}

function expectClose(actual: readonly (number | null)[], expected: readonly (number | null)[]) {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((value, i) => {
    if (expected[i] === null) expect(value, `[${i}]`).toBeNull();
    else expect(value, `[${i}]`).toBeCloseTo(expected[i]!, 12);
  });
}

describe('Kaplan–Meier against published survfit output: survival::aml by maintenance', () => {
  // The survival package's own saved test output, tests/doaml.Rout.save (survival 3.x):
  //   fit <- survfit(Surv(aml$time, aml$status) ~ aml$x); fit; summary(fit)
  // Every value must round to what R printed.
  const published = {
    maintained: {
      median: ['31', '18', 'NA'],
      rows: [
        // time n.risk n.event survival std.err lower 95% CI upper 95% CI
        ['9', '11', '1', '0.909', '0.0867', '0.7541', '1.000'],
        ['13', '10', '1', '0.818', '0.1163', '0.6192', '1.000'],
        ['18', '8', '1', '0.716', '0.1397', '0.4884', '1.000'],
        ['23', '7', '1', '0.614', '0.1526', '0.3769', '0.999'],
        ['31', '5', '1', '0.491', '0.1642', '0.2549', '0.946'],
        ['34', '4', '1', '0.368', '0.1627', '0.1549', '0.875'],
        ['48', '2', '1', '0.184', '0.1535', '0.0359', '0.944'],
      ],
    },
    nonmaintained: {
      median: ['23', '8', 'NA'],
      rows: [
        ['5', '12', '2', '0.8333', '0.1076', '0.6470', '1.000'],
        ['8', '10', '2', '0.6667', '0.1361', '0.4468', '0.995'],
        ['12', '8', '1', '0.5833', '0.1423', '0.3616', '0.941'],
        ['23', '6', '1', '0.4861', '0.1481', '0.2675', '0.883'],
        ['27', '5', '1', '0.3889', '0.1470', '0.1854', '0.816'],
        ['30', '4', '1', '0.2917', '0.1387', '0.1148', '0.741'],
        ['33', '3', '1', '0.1944', '0.1219', '0.0569', '0.664'],
        ['43', '2', '1', '0.0972', '0.0919', '0.0153', '0.620'],
        ['45', '1', '1', '0.0000', 'NaN', 'NA', 'NA'],
      ],
    },
  };

  test.each([
    ['Maintained', AML_MAINTAINED, published.maintained],
    ['Nonmaintained', AML_NONMAINTAINED, published.nonmaintained],
  ] as const)('%s: every event row and the median with its CI, as R printed them', (_, data, reference) => {
    const curve = kaplanMeier(data);
    const eventRows = curve.table.filter((row) => row.events > 0);
    expect(eventRows).toHaveLength(reference.rows.length);
    eventRows.forEach((row, i) => {
      const [time, atRisk, events, survival, se, lower, upper] = reference.rows[i]!;
      expect([row.time, row.atRisk, row.events]).toEqual([Number(time), Number(atRisk), Number(events)]);
      expectPrinted(row.survival, survival!);
      expectPrinted(row.se, se!);
      expectPrinted(row.lower, lower!);
      expectPrinted(row.upper, upper!);
    });
    const median = medianSurvival(curve);
    expectPrinted(median.time, reference.median[0]!);
    expectPrinted(median.lower, reference.median[1]!);
    expectPrinted(median.upper, reference.median[2]!);
  });

  test('Maintained, to 12 decimals, censored times included (R 4.2.2, survival 3.5-3)', () => {
    // s <- summary(survfit(Surv(time, status) ~ 1, data = aml[aml$x == "Maintained", ]), censored = TRUE)
    const { table, n, events } = kaplanMeier(AML_MAINTAINED);
    expect([n, events]).toEqual([11, 7]);
    expect(columns(table)).toEqual({
      time: [9, 13, 18, 23, 28, 31, 34, 45, 48, 161],
      atRisk: [11, 10, 8, 7, 6, 5, 4, 3, 2, 1],
      events: [1, 1, 1, 1, 0, 1, 1, 0, 1, 0],
      censored: [0, 1, 0, 0, 1, 0, 0, 1, 0, 1],
    });
    expectClose(
      table.map((r) => r.survival),
      [
        0.9090909090909091, 0.8181818181818181, 0.7159090909090908, 0.6136363636363635, 0.6136363636363635,
        0.4909090909090909, 0.3681818181818182, 0.3681818181818182, 0.1840909090909091, 0.1840909090909091,
      ],
    );
    expectClose(
      table.map((r) => r.se),
      [
        0.0866784172041448, 0.1162912998303329, 0.1396649705572278, 0.152632331027312, 0.152632331027312,
        0.1641932672211358, 0.1626688858270948, 0.1626688858270948, 0.1534927457862937, 0.1534927457862937,
      ],
    );
    expectClose(
      table.map((r) => r.lower),
      [
        0.7541338450815255, 0.6192489873993635, 0.4884262874221285, 0.3768670595016798, 0.3768670595016798,
        0.2548599511993173, 0.1548771178971911, 0.1548771178971911, 0.0359178984891853, 0.0359178984891853,
      ],
    );
    expectClose(
      table.map((r) => r.upper),
      [
        1, 1, 1, 0.999157600228473, 0.999157600228473, 0.945584955200429, 0.875260678143908,
        0.875260678143908, 0.943525769474552, 0.943525769474552,
      ],
    );
  });
});

describe('Kaplan–Meier: the 6-MP leukaemia trial (Freireich 1963)', () => {
  test('6-MP arm: the textbook survival estimates, Greenwood SE and log CI', () => {
    // Survival at each relapse time as tabulated by Kleinbaum & Klein (Survival Analysis: A
    // Self-Learning Text, ch. 2): .8571 .8067 .7529 .6902 .6275 .5378 .4482. SE and limits from
    // summary(survfit(Surv(time, status) ~ group, data = mp)) in R 4.2.2, survival 3.5-3.
    const events = kaplanMeier(LEUKAEMIA_6MP).table.filter((r) => r.events > 0);
    expect(events.map((r) => [r.time, r.atRisk, r.events])).toEqual([
      [6, 21, 3],
      [7, 17, 1],
      [10, 15, 1],
      [13, 12, 1],
      [16, 11, 1],
      [22, 7, 1],
      [23, 6, 1],
    ]);
    ['0.8571', '0.8067', '0.7529', '0.6902', '0.6275', '0.5378', '0.4482'].forEach((printed, i) => {
      expectPrinted(events[i]!.survival, printed);
    });
    expectClose(
      events.map((r) => r.se),
      [
        0.076360354832121252, 0.086935285180057192, 0.096349652994320495, 0.10681470777500982,
        0.11405386525675253, 0.12823375169303397, 0.13459145675576042,
      ],
    );
    expectClose(
      events.map((r) => r.lower),
      [
        0.71981708391627042, 0.65312421846217106, 0.58591898202969417, 0.50961309910178021,
        0.43939392496876695, 0.33703661615768471, 0.24878822681765961,
      ],
    );
    expectClose(
      events.map((r) => r.upper),
      [
        1, 0.99644367590865912, 0.96757475455229747, 0.93476919553613003, 0.89599493853508172,
        0.85820084804466479, 0.80737204552907704,
      ],
    );
  });

  test('medians: 6-MP 23 weeks (16 to not reached), placebo 8 weeks (4 to 12)', () => {
    // print(survfit(Surv(time, status) ~ group)) on these data, as published e.g. in
    // rstudio-pubs-static.s3.amazonaws.com/1434825_b3600a2a460b48caadb66dbfb4891e2c.html:
    //   group=Placebo 21 21 8 4 12 · group=Treatment 21 9 23 16 NA
    expect(medianSurvival(kaplanMeier(LEUKAEMIA_6MP))).toEqual({ time: 23, lower: 16, upper: null });
    expect(medianSurvival(kaplanMeier(LEUKAEMIA_PLACEBO))).toEqual({ time: 8, lower: 4, upper: 12 });
  });

  test('placebo arm without censoring: the survival is the share still in remission', () => {
    const table = kaplanMeier(LEUKAEMIA_PLACEBO).table;
    expect(table.map((r) => r.time)).toEqual([1, 2, 3, 4, 5, 8, 11, 12, 15, 17, 22, 23]);
    const remaining = [19, 17, 16, 14, 12, 8, 6, 4, 3, 2, 1, 0];
    table.forEach((row, i) => {
      expect(row.survival).toBeCloseTo(remaining[i]! / 21, 14);
    });
    expect(table.at(-1)).toMatchObject({ survival: 0, se: null, lower: null, upper: null });
  });
});

describe('Kaplan–Meier: small cases computed by hand', () => {
  test('four events at 1, 2, 3, 4: Greenwood by hand, median 2.5 (S is exactly 0.5 from 2 to 3)', () => {
    // At t = 2: S = 3/4 · 2/3 = 1/2; Σ d/(n(n − d)) = 1/(4·3) + 1/(3·2) = 1/4, so se(log S) = 1/2,
    // se(S) = 1/4, and the limits are ½·exp(∓1.96·½) = 0.18766 and 1.3323 → capped at 1.
    const curve = kaplanMeier(observations([1, 2, 3, 4], [1, 1, 1, 1]));
    const atTwo = curve.table[1]!;
    expect(atTwo.survival).toBe(0.5);
    expect(atTwo.se).toBeCloseTo(0.25, 15);
    expect(atTwo.lower).toBeCloseTo(0.5 * Math.exp(-1.959963984540054 * 0.5), 15);
    expect(atTwo.lower).toBeCloseTo(0.18765892870658832, 15); // R: summary(survfit(Surv(1:4) ~ 1))$lower[2]
    expect(atTwo.upper).toBe(1);
    // R prints median 2.5, 0.95LCL 1, 0.95UCL NA (the upper curve is 1 until S = 0, where it is NA).
    expect(medianSurvival(curve)).toEqual({ time: 2.5, lower: 1, upper: null });
  });

  test('S exactly 0.5 over a censored stretch: the midpoint runs to the next drop, skipping the censoring', () => {
    // 1, 2, 3, 4+, 5, 6: S = 5/6, 4/6, 1/2 at 3, still 1/2 at 4 (censored), 1/4 at 5. R: median 4.
    const curve = kaplanMeier(observations([1, 2, 3, 4, 5, 6], [1, 1, 1, 0, 1, 1]));
    expect(medianSurvival(curve)).toEqual({ time: 4, lower: 2, upper: null });
  });

  test('S exactly 0.5 to the end of follow-up: the time it reached 0.5, as print.survfit reports', () => {
    // 1, 2, 3+, 4+: print(survfit(...)) gives median 2, 0.95LCL 1, 0.95UCL NA.
    // (quantile(fit, 0.5) would give 3, the midpoint with the last follow-up time: docs/statistics.md.)
    const curve = kaplanMeier(observations([1, 2, 3, 4], [1, 1, 0, 0]));
    expect(curve.table.map((r) => r.survival)).toEqual([0.75, 0.5, 0.5, 0.5]);
    expect(medianSurvival(curve)).toEqual({ time: 2, lower: 1, upper: null });
  });

  test('the whole aml cohort: an upper limit that rises again still gives the first crossing (45)', () => {
    // survfit(Surv(time, status) ~ 1, data = aml): median 27, 0.95LCL 18, 0.95UCL 45. The upper
    // curve is 0.5148 at 43, 0.4584 at 45 and 0.4623 at 48 (R 4.2.2, survival 3.5-3).
    const curve = kaplanMeier([...AML_MAINTAINED, ...AML_NONMAINTAINED]);
    expect(medianSurvival(curve)).toEqual({ time: 27, lower: 18, upper: 45 });
    const upper = (t: number) => curve.table.find((r) => r.time === t)!.upper;
    expect(upper(45)).toBeCloseTo(0.458446770885507, 12);
    expect(upper(48)).toBeCloseTo(0.46232740656529359, 12);
  });

  test('nobody has the event: survival stays 1, limits 1, the median is not reached', () => {
    const curve = kaplanMeier(observations([3, 5, 5], [0, 0, 0]));
    expect(curve.table).toEqual([
      { time: 3, atRisk: 3, events: 0, censored: 1, survival: 1, se: 0, lower: 1, upper: 1 },
      { time: 5, atRisk: 2, events: 0, censored: 2, survival: 1, se: 0, lower: 1, upper: 1 },
    ]);
    expect(medianSurvival(curve)).toEqual({ time: null, lower: null, upper: null });
  });

  test('ties: a subject censored at an event time is still at risk at it', () => {
    const [row] = kaplanMeier(observations([2, 2, 2, 7], [1, 0, 0, 1])).table;
    expect(row).toMatchObject({ time: 2, atRisk: 4, events: 1, censored: 2, survival: 0.75 });
  });

  test('an event at time 0 counts at 0; no subjects gives an empty table', () => {
    expect(kaplanMeier(observations([0, 4], [1, 0])).table[0]).toMatchObject({ time: 0, survival: 0.5 });
    expect(kaplanMeier([])).toEqual({ n: 0, events: 0, table: [] });
    expect(medianSurvival(kaplanMeier([]))).toEqual({ time: null, lower: null, upper: null });
  });

  test.each([-1, Number.NaN, Number.POSITIVE_INFINITY])('a time of %s is refused', (time) => {
    expect(() => kaplanMeier([{ time, event: true }])).toThrow(RangeError);
  });
});
