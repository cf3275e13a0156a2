/**
 * An injection recorded on another of the patient's episodes here, from its procedure record and
 * its triage's purpose (H-007 (7)): read by the server for the screening, and by the screening
 * form for its live verdict, the same way.
 */

import { PurposeSchema, type RecordedInjection, type Side } from './facts.ts';
import type { Drug } from './procedure.ts';

/** The parts of a procedure record (and its episode's triage) the limits count. */
export interface RecordedRow {
  performedAt: string;
  side: Side;
  drugs: Drug[];
  purpose: string | null;
}

/** A steroid's dose when every steroid given names one; none known when one does not. */
function steroidDoseMg(drugs: readonly Drug[]): number | undefined {
  const steroids = drugs.filter((d) => d.kind === 'steroid');
  if (steroids.some((d) => d.doseMg === undefined)) return undefined;
  return steroids.reduce((sum, d) => sum + (d.doseMg ?? 0), 0);
}

export function recordedInjection(r: RecordedRow): RecordedInjection {
  const dose = steroidDoseMg(r.drugs);
  return {
    at: new Date(r.performedAt).toISOString(),
    // A record with no triage (none is made without one; an import could) counts for both limits.
    purpose: PurposeSchema.catch('both').parse(r.purpose),
    side: r.side,
    ...(dose !== undefined ? { steroidDoseMg: dose } : {}),
  };
}
