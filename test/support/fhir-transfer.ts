/**
 * A record moved from one clinic to another as tests move it: an export (`$everything`) sent as a
 * transaction to `POST /fhir`, under another identity when the receiving clinic already holds it.
 */
import type { Bundle, Patient, ServiceRequest } from '@medplum/fhirtypes';
import { DEFAULT_CANONICAL_BASE } from '../../src/fhir/context.ts';

/** An export as a transaction (src/fhir/export.ts), as the demo's transferred patient is sent too. */
export { asTransaction } from '../../src/fhir/export.ts';

/**
 * The transaction given another identity (the Patient's MRN alone, so no NHS number; each
 * referral's identifier, tagged), so that a clinic that holds the record takes it as someone new.
 */
export function asSomeoneNew(bundle: Bundle, tag: string): Bundle {
  for (const e of bundle.entry!) {
    const r = e.resource as Patient | ServiceRequest;
    if (r.resourceType === 'Patient') {
      r.identifier = [{ system: `${DEFAULT_CANONICAL_BASE}/sid/mrn`, value: `${tag.toUpperCase()}-1` }];
    }
    if (r.resourceType === 'ServiceRequest') {
      r.identifier = [{ system: 'https://hospital.example/referrals', value: `${tag}-${r.id}` }];
    }
  }
  return bundle;
}

/** The receiving clinic's id of the patient an import's answer names. */
export const importedPatientId = (answer: Bundle) =>
  answer.entry!.find((e) => e.response?.location?.startsWith('Patient/'))!.response!.location!.split('/')[1]!;
