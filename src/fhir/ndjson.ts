/**
 * A clinic's NDJSON export (`sijpath export fhir`, one resource a line) cut back into one
 * transaction Bundle per patient, for the import. The export writes each patient as the clinic's
 * Organization, the Patient, then their episodes' resources (export.ts patientResources), so a
 * patient's part starts at an Organization or a Patient line that follows a Patient. Pure.
 */
import type { Bundle, Resource } from '@medplum/fhirtypes';

export interface PatientPart {
  bundle: Bundle;
  /** The file's line (1-based) of each entry, to name a problem where the operator can find it. */
  lines: number[];
}

export type NdjsonRead = { ok: true; parts: PatientPart[] } | { ok: false; line: number; problem: string };

export function patientParts(text: string): NdjsonRead {
  const parts: { resources: Resource[]; lines: number[]; patient: boolean }[] = [];
  const rows = text.split('\n');
  for (const [i, row] of rows.entries()) {
    if (!row.trim()) continue;
    let resource: Resource;
    try {
      resource = JSON.parse(row) as Resource;
    } catch (error) {
      return { ok: false, line: i + 1, problem: `not JSON (${(error as Error).message})` };
    }
    if (!resource || typeof resource !== 'object' || typeof resource.resourceType !== 'string') {
      return { ok: false, line: i + 1, problem: 'not a FHIR resource (no resourceType)' };
    }
    const current = parts.at(-1);
    const starts =
      !current ||
      (current.patient && (resource.resourceType === 'Organization' || resource.resourceType === 'Patient'));
    const part = starts ? { resources: [], lines: [], patient: false } : current;
    if (starts) parts.push(part);
    part.resources.push(resource);
    part.lines.push(i + 1);
    if (resource.resourceType === 'Patient') part.patient = true;
  }
  const orphan = parts.find((p) => !p.patient);
  if (orphan) {
    return {
      ok: false,
      line: orphan.lines[0]!,
      problem: 'resources that no Patient line precedes or follows',
    };
  }
  return {
    ok: true,
    parts: parts.map((p) => ({
      lines: p.lines,
      bundle: {
        resourceType: 'Bundle',
        type: 'transaction',
        entry: p.resources.map((resource) => ({
          resource,
          request: { method: 'POST', url: resource.resourceType },
        })),
      },
    })),
  };
}
