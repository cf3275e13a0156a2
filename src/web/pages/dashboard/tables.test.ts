import { describe, expect, test } from 'vitest';
import { per100Text, shareText, survivalTable, toCsv } from './tables';

describe('dashboard tables', () => {
  test('the CSV is the table as shown, quoted where it must be', () => {
    expect(
      toCsv({
        columns: ['Group', 'Share (95 % CI)'],
        rows: [
          ['Ultrasound', '62 % (48–74 %)'],
          ['Say "hi", then', '<5'],
        ],
      }),
    ).toBe('Group,Share (95 % CI)\r\nUltrasound,62 % (48–74 %)\r\n"Say ""hi"", then",<5\r\n');
  });

  test('a hidden share is a dash; a shown one carries its interval', () => {
    expect(shareText({ estimate: null, lower: null, upper: null })).toBe('—');
    expect(shareText({ estimate: 0.625, lower: 0.4811, upper: 0.74 })).toBe('63 % (48–74 %)');
    expect(per100Text({ estimate: 0.032, lower: 0.011, upper: 0.089 })).toBe('3.2 (1.1–8.9)');
  });

  test.each([
    ['at least 50 % relief', 'Patients still with at least 50 % relief: Kaplan–Meier estimate by group'],
    [
      "≥ 50 % relief (the protocol's threshold)",
      "Patients still with ≥ 50 % relief (the protocol's threshold): Kaplan–Meier estimate by group",
    ],
  ])('the relief-duration table names its threshold once (%s)', (label, caption) => {
    const duration = { threshold: { label }, groups: [] } as unknown as Parameters<typeof survivalTable>[0];
    expect(survivalTable(duration).caption).toBe(caption);
  });
});
