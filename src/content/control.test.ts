import { expect, test } from 'vitest';
import { documentControlLine } from './control.ts';

const leaflet = {
  reference: 'SIJ-1',
  version: 2,
  issued: '2026-11-20',
  reviewDate: '2027-11-20',
  owner: 'Pain service',
};

test.each([
  [
    'en-GB',
    'Leaflet SIJ-1 version 2 · Issued 20 November 2026 · Review by 20 November 2027 · Owner: Pain service',
  ],
  [
    'en-US',
    'Leaflet SIJ-1 version 2 · Issued November 20, 2026 · Review by November 20, 2027 · Owner: Pain service',
  ],
] as const)(
  'a leaflet says when it was issued and is due for review in its clinic’s words (%s)',
  (locale, line) => {
    expect(documentControlLine({ ...leaflet, locale })).toBe(line);
  },
);
