/**
 * Bad input is a 4xx with a sentence, never a 500 (found by probing the demo clinic: a NUL byte in
 * any text, a lone surrogate in stored JSON, year-0000 dates, a body nested 10,000 levels deep, an
 * audit cursor past 2^63). Each case here answered 500 before the input guard and the date ranges.
 */
import { beforeAll, describe, expect, test } from 'vitest';
import { createTestApp, type TestApp } from '../../test/support/api.ts';
import { buildPatient, patientPayload } from '../../test/support/factories.ts';
import { screeningFacts, triageFacts } from './demo/payloads.ts';

let t: TestApp;
let episodeId: string;
let version: number;
beforeAll(async () => {
  t = await createTestApp();
  const p = await buildPatient(t.db, t.clinic.id);
  const e = await t.as('nurse', {
    method: 'POST',
    url: `/api/patients/${p.id}/episodes`,
    payload: { referrer: 'Dr A', referredOn: '2026-11-01', reason: 'Pain' },
  });
  episodeId = e.json().id;
  const tr = await t.as('clinician', {
    method: 'PUT',
    url: `/api/episodes/${episodeId}/triage`,
    payload: { ...triageFacts(), version: e.json().version },
  });
  version = tr.json().version;
});

const newPatient = (overrides: object) => ({
  method: 'POST' as const,
  url: '/api/patients',
  payload: patientPayload(overrides),
});

/** Written as text: the test client's own JSON.stringify would overflow on the object. */
const deep = (levels: number) => `{"email":${'{"a":'.repeat(levels)}"x"${'}'.repeat(levels)}}`;

describe('bad input is refused with a sentence, never a 500', () => {
  test.each([
    ['a NUL byte in a name', () => newPatient({ givenName: 'An\u0000n' }), /NUL/],
    ['a NUL byte in a search', () => ({ method: 'GET' as const, url: '/api/patients?q=%00' }), /NUL/],
    [
      'a NUL byte in a worklist search',
      () => ({ method: 'GET' as const, url: '/api/episodes?q=a%00b' }),
      /NUL/,
    ],
    ['a lone surrogate in a name', () => newPatient({ familyName: 'Bad\ud800' }), /Unicode/],
    ['a year-0000 date of birth', () => newPatient({ birthDate: '0000-01-01' }), /between 1900 and 2200/],
    ['a date of birth in the future', () => newPatient({ birthDate: '2199-01-01' }), /future/],
    [
      'a year-0000 procedure day',
      () => ({ method: 'GET' as const, url: '/api/episodes?date=0000-01-01' }),
      /between 1900/,
    ],
    [
      'a body nested 10,000 levels deep (to the auth routes too)',
      () => ({
        method: 'POST' as const,
        url: '/api/auth/sign-in/email',
        headers: { 'content-type': 'application/json' },
        payload: deep(10_000),
      }),
      /Nested/,
    ],
    [
      'an audit cursor past 2^63',
      () => ({ method: 'GET' as const, url: '/api/audit?cursor=99999999999999999999' }),
      /cursor/,
    ],
  ])('%s', async (_case, request, detail) => {
    const res = await t.as('admin', request());
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().detail).toMatch(detail);
  });

  test('a lone surrogate or a year-0000 instant in a step’s facts is refused before it reaches a JSON column', async () => {
    for (const infection of [
      { description: 'cold\udc00', startedAt: '2026-11-20T10:00:00Z' },
      { description: 'cold', startedAt: '0000-11-20T10:00:00Z' },
    ]) {
      const facts = screeningFacts('left', { screening: { infections: [infection] } });
      const res = await t.as('nurse', {
        method: 'POST',
        url: `/api/episodes/${episodeId}/screenings`,
        payload: { ...facts, version },
      });
      expect(res.statusCode, res.body).toBe(400);
    }
  });
});

describe('a field no form has is named, not dropped without a word', () => {
  test('a misspelt field in a step is refused and nothing is saved', async () => {
    const facts = screeningFacts('left');
    const misspelt = { ...facts, plan: { ...facts.plan, plannedGuidence: 'ultrasound' } };
    const res = await t.as('nurse', {
      method: 'POST',
      url: `/api/episodes/${episodeId}/screenings`,
      payload: { ...misspelt, version },
    });
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().errors).toEqual([
      { field: 'plan.plannedGuidence', message: 'Not a field of this form' },
    ]);
    const page = await t.as('nurse', { method: 'GET', url: `/api/episodes/${episodeId}` });
    expect(page.json().version).toBe(version);
  });

  test('a misspelt field inside a list and on a patient is named with its place', async () => {
    const res = await t.as('nurse', newPatient({ nhsNumbr: '9434765919' }));
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().detail).toMatch(/nhsNumbr: Not a field of this form/);
    const facts = screeningFacts('left', {
      screening: {
        infections: [
          { description: 'cold', startedAt: '2026-11-20T10:00:00Z', resolved: '2026-11-25' } as never,
        ],
      },
    });
    const step = await t.as('nurse', {
      method: 'POST',
      url: `/api/episodes/${episodeId}/screenings`,
      payload: { ...facts, version },
    });
    expect(step.statusCode, step.body).toBe(400);
    expect(step.json().errors[0].field).toBe('screening.infections.0.resolved');
  });
});

describe('text cannot be shown to staff in another order than it was typed', () => {
  test('bidirectional override and isolate controls are taken out of what is kept; the words stay', async () => {
    // "Trojan Source": U+202E reverses what follows on screen, so "‮evil‬" reads "live".
    const res = await t.as(
      'nurse',
      newPatient({ givenName: 'Ann\u202Eevil\u202C', familyName: 'Lee\u2067x\u2069' }),
    );
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ givenName: 'Annevil', familyName: 'Leex' });
    // Right-to-left text itself is kept as typed (its direction comes from the letters).
    const arabic = await t.as('nurse', newPatient({ givenName: 'سارة', familyName: 'Khan' }));
    expect(arabic.json().givenName).toBe('سارة');
  });
});
