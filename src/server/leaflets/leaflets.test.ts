// Issue 10, leaflets: the episode's leaflet rendered for its patient (only what applies, their own
// drug plan), the version they were given recorded and shown to staff, "Was this helpful?" kept, the
// PDF, and the document-control list admins use to see leaflets past their review date.
import { PDFParse } from 'pdf-parse';
import { beforeAll, describe, expect, test } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/api.ts';
import { buildPatient } from '../../../test/support/factories.ts';
import type { Actor } from '../../domain/actor.ts';
import { screeningFacts, triageFacts } from '../demo/payloads.ts';
import { documentControl } from './leaflets.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});

type Caller = 'nurse' | 'clinician' | 'patient' | 'admin';
interface Rendered {
  reference: string;
  version: number;
  sections: {
    heading: string;
    blocks: ({ kind: 'paragraph'; text: string } | { kind: 'list'; items: string[] })[];
  }[];
}
const text = (l: Rendered) =>
  l.sections
    .flatMap((s) => [s.heading, ...s.blocks.flatMap((b) => (b.kind === 'paragraph' ? [b.text] : b.items))])
    .join('\n');

async function call(caller: Caller, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) {
  const res = await t.as(caller, { method, url, ...(payload ? { payload } : {}) });
  return res;
}
async function ok(caller: Caller, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) {
  const res = await call(caller, method, url, payload);
  expect([200, 201], res.body).toContain(res.statusCode);
  return res.json();
}

/** An episode of `patientId` triaged and screened with these screening parts. */
async function screened(
  patientId: string,
  parts: Parameters<typeof screeningFacts>[1] = {},
  purpose: 'therapeutic' | 'diagnostic' = 'therapeutic',
) {
  const referred = await ok('nurse', 'POST', `/api/patients/${patientId}/episodes`, {
    referrer: 'Dr GP',
    referredOn: new Date().toISOString().slice(0, 10),
    reason: 'Buttock pain',
    side: 'left',
  });
  const triaged = await ok('clinician', 'PUT', `/api/episodes/${referred.id}/triage`, {
    ...triageFacts({ purpose }),
    version: referred.version,
  });
  const e = await ok('nurse', 'POST', `/api/episodes/${referred.id}/screenings`, {
    ...screeningFacts('left', parts),
    version: triaged.version,
  });
  return e.id as string;
}

const APIXABAN = { antithrombotics: [{ name: 'apixaban', regimen: 'therapeutic' as const }] };

describe('the patient’s leaflet', () => {
  test('the patient reads it; the version given is recorded once and shown to staff', async () => {
    const id = await screened(t.patientRecord.id);
    const before = await ok('nurse', 'GET', `/api/episodes/${id}/leaflet`);
    expect(before.issues).toEqual([]);
    const mine = await ok('patient', 'GET', `/api/my/episodes/${id}/leaflet`);
    expect(mine.leaflet.reference).toBe('SIJ-1');
    expect(mine.issue).toMatchObject({ leaflet: 'SIJ-1', version: '1', helpful: null });
    await ok('patient', 'GET', `/api/my/episodes/${id}/leaflet`);
    const staff = await ok('nurse', 'GET', `/api/episodes/${id}/leaflet`);
    expect(staff.issues).toHaveLength(1);
    expect(staff.issues[0]).toMatchObject({ leaflet: 'SIJ-1', version: '1' });
    // Staff see what the patient sees.
    expect(staff.leaflet).toEqual(mine.leaflet);
  });

  test('"Was this helpful?" is stored with the version given', async () => {
    const id = await screened(t.patientRecord.id);
    const answer = await ok('patient', 'POST', `/api/my/episodes/${id}/leaflet/feedback`, { helpful: false });
    expect(answer).toMatchObject({ version: '1', helpful: false, feedbackAt: expect.any(String) });
    const staff = await ok('clinician', 'GET', `/api/episodes/${id}/leaflet`);
    expect(staff.issues).toEqual([expect.objectContaining({ helpful: false })]);
  });

  test('another patient’s episode is not found, and staff of another clinic cannot see it', async () => {
    const other = await buildPatient(t.db, t.clinic.id);
    const id = await screened(other.id);
    expect((await call('patient', 'GET', `/api/my/episodes/${id}/leaflet`)).statusCode).toBe(404);
    expect((await call('patient', 'GET', `/api/my/episodes/${id}/leaflet.pdf`)).statusCode).toBe(404);
    const feedback = await call('patient', 'POST', `/api/my/episodes/${id}/leaflet/feedback`, {
      helpful: true,
    });
    expect(feedback.statusCode).toBe(404);
    const res = await t.as('otherClinic', { method: 'GET', url: `/api/episodes/${id}/leaflet` });
    expect(res.statusCode).toBe(404);
  });

  test('a diagnostic block tells of the steroid only when one is planned for it', async () => {
    const leafletOf = async (id: string) =>
      text((await ok('patient', 'GET', `/api/my/episodes/${id}/leaflet`)).leaflet);
    const plain = await screened(t.patientRecord.id, {}, 'diagnostic');
    expect(await leafletOf(plain)).not.toContain('The steroid');
    const withSteroid = await screened(
      t.patientRecord.id,
      { plan: { steroid: { agent: 'triamcinolone', doseMg: 40 } } },
      'diagnostic',
    );
    expect(await leafletOf(withSteroid)).toContain('The steroid');
  });

  test('an agreed hold plan appears with its own dates; no plan, no drug text', async () => {
    const held = await screened(t.patientRecord.id, {
      patient: APIXABAN,
      screening: {
        agreedPlans: [
          {
            drug: 'apixaban',
            decision: 'hold',
            lastDoseAt: new Date(Date.now() + 5 * 86_400_000).toISOString(),
            restartAfterHours: 24,
            agreedWith: 'Dr Haematology',
            recordedBy: 'Nurse Test',
            recordedAt: new Date().toISOString(),
          },
        ],
      },
    });
    const withPlan = text((await ok('patient', 'GET', `/api/my/episodes/${held}/leaflet`)).leaflet);
    expect(withPlan).toMatch(/Take your last dose of apixaban on \w+day \d+ \w+ \d{4}, \d\d:\d\d\./);
    expect(withPlan).toContain('Start your apixaban again 24 hours after your injection.');

    // On apixaban but nothing agreed yet: never a hold nobody agreed.
    const unagreed = await screened(t.patientRecord.id, { patient: APIXABAN });
    const none = text((await ok('patient', 'GET', `/api/my/episodes/${unagreed}/leaflet`)).leaflet);
    expect(none).not.toMatch(/last dose|Start your apixaban|Keep taking/);
  });

  test('the PDF carries the same leaflet and its document control', async () => {
    const id = await screened(t.patientRecord.id, { patient: { diabetes: { insulin: false } } });
    const res = await t.as('patient', { method: 'GET', url: `/api/my/episodes/${id}/leaflet.pdf` });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toContain('leaflet-SIJ-1-v1.pdf');
    const parsed = await new PDFParse({ data: new Uint8Array(res.rawPayload) }).getText();
    const pdf = parsed.text.replace(/\s+/g, ' ');
    expect(pdf).toContain('Your SI joint injection');
    expect(pdf).toContain('If you have diabetes');
    expect(pdf).toContain('Leaflet SIJ-1 version 1');
    const staff = await t.as('nurse', { method: 'GET', url: `/api/episodes/${id}/leaflet.pdf` });
    expect(staff.statusCode).toBe(200);
  });
});

describe('document control', () => {
  test('admins see each leaflet with its review date and reading grade', async () => {
    const list = await ok('admin', 'GET', '/api/leaflets');
    expect(list.targetGrade).toBe(8);
    expect(list.items).toEqual([
      expect.objectContaining({ reference: 'SIJ-1', version: 1, pastReview: false }),
    ]);
    expect(list.items[0].readingGrade).toBeLessThanOrEqual(8);
  });

  test('a leaflet past its review date is flagged', async () => {
    const admin: Actor = {
      id: t.users.admin.id,
      name: 'Admin',
      email: t.users.admin.email,
      role: 'admin',
      clinicId: t.clinic.id,
      patientId: null,
    };
    const later = await documentControl(t.db, admin, new Date('2029-01-01T12:00:00Z'));
    expect(later.items[0]).toMatchObject({ reference: 'SIJ-1', pastReview: true });
  });
});
