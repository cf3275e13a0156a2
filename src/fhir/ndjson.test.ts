import { expect, test } from 'vitest';
import { patientParts } from './ndjson.ts';

const line = (resourceType: string, id: string) => JSON.stringify({ resourceType, id });

test('each patient of an NDJSON export becomes a transaction of their own, with the line of each entry', () => {
  const text = [
    line('Organization', 'c'),
    line('Patient', 'p1'),
    line('ServiceRequest', 'e1'),
    '',
    line('Organization', 'c'),
    line('Patient', 'p2'),
    line('ServiceRequest', 'e2'),
    line('Procedure', 'x2'),
  ].join('\n');
  const read = patientParts(text);
  expect(read.ok).toBe(true);
  if (!read.ok) return;
  expect(read.parts.map((p) => p.bundle.entry!.map((e) => e.resource!.id))).toEqual([
    ['c', 'p1', 'e1'],
    ['c', 'p2', 'e2', 'x2'],
  ]);
  expect(read.parts.map((p) => p.lines)).toEqual([
    [1, 2, 3],
    [5, 6, 7, 8],
  ]);
  expect(read.parts[0]!.bundle.type).toBe('transaction');
  expect(read.parts[0]!.bundle.entry![2]!.request).toEqual({ method: 'POST', url: 'ServiceRequest' });
});

test('a line that is not a resource, or resources with no patient, are named by line', () => {
  expect(patientParts(`${line('Patient', 'p')}\n{"resourceType":`)).toMatchObject({ ok: false, line: 2 });
  expect(patientParts(`${line('Patient', 'p')}\n[1]`)).toMatchObject({ ok: false, line: 2 });
  expect(patientParts(line('ServiceRequest', 'e'))).toMatchObject({ ok: false, line: 1 });
});
