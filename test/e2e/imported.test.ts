/**
 * A patient's record received from another clinic (FHIR, `POST /fhir`), read by a clinician on
 * the episode page: the diary entries and symptom reports the other clinic held say they were
 * imported, so nobody takes them for the patient's entries here or for the importer's own work.
 * The record is one of the demo's, exported as the sending clinic would, under another MRN and
 * without its NHS number, so this clinic takes it for someone new.
 */
import type { Bundle } from '@medplum/fhirtypes';
import { expect } from 'vitest';
import { asSomeoneNew, asTransaction, importedPatientId } from '../support/fhir-transfer.ts';
import { expectNoViolations } from './axe.ts';
import { signIn } from './episode-helpers.ts';
import { test } from './fixtures.ts';

test('an imported diary says who entered each entry at the other clinic, and its reports are marked', async ({
  page,
  server,
}) => {
  const { baseUrl } = server;
  await signIn(page, baseUrl, server.demo.clinician);

  // A demo episode being followed up, with a diary and a symptom report: what the other clinic sends.
  const inFollowUp = (await (
    await page.request.get(`${baseUrl}/api/episodes?stage=following-up`)
  ).json()) as {
    items: { id: string; patientId: string }[];
  };
  let sent: { id: string; patientId: string } | undefined;
  for (const e of inFollowUp.items) {
    const diary = await (await page.request.get(`${baseUrl}/api/episodes/${e.id}/diary`)).json();
    const reports = await (await page.request.get(`${baseUrl}/api/episodes/${e.id}/symptom-reports`)).json();
    if (diary.entries.length > 0 && reports.items.length > 0) {
      sent = e;
      break;
    }
  }
  expect(sent, 'a demo episode with a diary and a symptom report').toBeDefined();
  const exported = (await (
    await page.request.get(`${baseUrl}/fhir/Patient/${sent!.patientId}/$everything`)
  ).json()) as Bundle;
  const transaction = asSomeoneNew(asTransaction(exported), 'other');
  const imported = await page.request.post(`${baseUrl}/fhir`, {
    headers: { 'content-type': 'application/fhir+json' },
    data: JSON.stringify(transaction),
  });
  expect(imported.status(), (await imported.text()).slice(0, 500)).toBe(200);
  const patientId = importedPatientId((await imported.json()) as Bundle);

  // The clinician opens the new patient's episode from their patient page.
  await page.goto(`${baseUrl}/patients/${patientId}`);
  await page
    .getByRole('link', { name: /^Open episode/ })
    .first()
    .click();
  const diary = page.getByRole('region', { name: 'Pain diary' });
  const rows = diary.getByRole('table').getByRole('row');
  await rows.nth(1).waitFor();
  const enteredBy = await diary.getByRole('table').locator('tbody tr td:last-child').allTextContents();
  expect(enteredBy.length).toBeGreaterThan(0);
  for (const who of enteredBy) expect(who).toMatch(/^Patient \(imported\)$|^Another clinic; imported by /);

  const reports = page.getByRole('region', { name: 'Worrying-symptom reports' });
  await reports.getByText('Imported: reported at another clinic').first().waitFor();
  await expectNoViolations(page, 'an imported episode with its diary and reports');
});
