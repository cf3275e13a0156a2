/**
 * The demo's transferred patient: a record another clinic that runs SIJ Pathway sent us, so that
 * a new clinic sees what an imported record looks like (its steps, diary and reports marked as
 * another clinic's). Made the way a transfer is made, not written by hand: one demo patient's
 * export (`$everything`) goes through the import as the other clinic would send it, with that
 * clinic's own identity for the patient and the referral.
 */
import type { Patient, Resource, ServiceRequest } from '@medplum/fhirtypes';
import type { Tx } from '../../db/client.ts';
import type { Actor } from '../../domain/actor.ts';
import { SYSTEMS } from '../../fhir/codes.ts';
import { DEFAULT_CANONICAL_BASE, type FhirContext } from '../../fhir/context.ts';
import { asTransaction, patientResources, searchsetBundle } from '../../fhir/export.ts';
import { readReferralBundle } from '../../fhir/import.ts';
import { patientExport } from '../fhir/collect.ts';
import { importReferrals } from '../fhir/import.ts';

/** The other clinic, and who the patient is there. */
const otherClinic = 'https://north-hills.example';
export const transferredPatient = { givenName: 'Daniel', familyName: 'Osei', mrn: 'NH-20417' };

/** The resource as the other clinic holds it: their patient, their referral's identifier. */
function asTheirs(resource: Resource, nhsNumber: string): void {
  if (resource.resourceType === 'Patient') {
    const p = resource as Patient;
    p.name = [
      { use: 'official', family: transferredPatient.familyName, given: [transferredPatient.givenName] },
    ];
    p.identifier = [
      { system: SYSTEMS.nhsNumber, value: nhsNumber },
      {
        type: { coding: [{ system: SYSTEMS.identifierType, code: 'MR' }] },
        system: `${otherClinic}/sid/mrn`,
        value: transferredPatient.mrn,
      },
    ];
    p.telecom = [];
  }
  if (resource.resourceType === 'ServiceRequest') {
    const r = resource as ServiceRequest;
    r.identifier = [{ system: `${otherClinic}/referrals`, value: `NH-REF-${r.id?.slice(0, 8)}` }];
  }
}

/**
 * Imports `fromPatientId`'s record as the transferred patient's, with this NHS number. The actor
 * answers for the clinicians' steps in it, as the operator of `sijpath import fhir` does.
 */
export async function seedTransferred(
  tx: Tx,
  clinician: Actor,
  fromPatientId: string,
  nhsNumber: string,
  now: Date,
): Promise<void> {
  const ctx: FhirContext = {
    canonicalBase: DEFAULT_CANONICAL_BASE,
    serverBase: `${otherClinic}/fhir`,
    appUrl: otherClinic,
  };
  const exported = patientResources(await patientExport(tx, clinician, fromPatientId), ctx);
  const bundle = asTransaction(searchsetBundle(exported, ctx));
  for (const entry of bundle.entry ?? []) asTheirs(entry.resource!, nhsNumber);
  const read = readReferralBundle(bundle, ctx.canonicalBase);
  if (!read.ok) {
    throw new Error(
      `The demo's transferred record does not import: ${read.issues.map((i) => i.text).join(' ')}`,
    );
  }
  await importReferrals(tx, clinician, read.referrals, ctx.canonicalBase, now, read.resources);
}
