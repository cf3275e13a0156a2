/**
 * The discharge summary (patient copy and the letter to the referrer), built from what was
 * recorded — never from what a form might say now — and rendered as a PDF.
 */
import type { z } from 'zod';
import type { Database } from '../../../db/client.ts';
import type { Actor } from '../../../domain/actor.ts';
import { symptomName, URGENT_SYMPTOMS } from '../../../domain/clinical/index.ts';
import type { BlockResultSchema } from '../../../domain/clinical/response.ts';
import { clinicSettings } from '../../clinic/settings.ts';
import { DomainError } from '../../errors.ts';
import { episodeDetail } from '../read.ts';
import { type DischargeSummaryInput, renderDischargeSummary, type SummaryCopy } from './discharge-summary.ts';

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

export async function dischargeSummaryInput(db: Database, actor: Actor, episodeId: string, now: Date) {
  const e = await episodeDetail(db, actor, episodeId);
  const { procedure: done, recovery: rec, triage: tri, booking: booked, discharge } = e.steps;
  if (!done || !rec || !discharge || !tri) {
    throw new DomainError(
      'step_out_of_order',
      'The discharge summary is ready once the patient has been discharged.',
    );
  }
  const { settings, contacts } = await clinicSettings(db, actor.clinicId);
  const person = e.patient;
  const block = rec.assessment.blockResponse as z.infer<typeof BlockResultSchema> | null;
  const numbnessHours = settings.rules.symptoms.expectedNumbnessHours;
  const input: DischargeSummaryInput = {
    clinic: { name: settings.clinic.name, timeZone: settings.clinic.timeZone, contacts },
    patient: {
      givenName: person.givenName,
      familyName: person.familyName,
      birthDate: person.birthDate,
      nhsNumber: person.nhsNumber,
      mrn: person.mrn,
    },
    referrer: e.referrer,
    episode: { referredOn: e.referredOn, reason: e.reason, purpose: tri.purpose },
    procedure: { ...done.record, operator: done.recordedBy.name },
    recovery: {
      baselinePain: rec.facts.baselinePain,
      scores: rec.facts.scores,
      blockResponse: block
        ? {
            classification: block.classification,
            peakReliefPercent: block.first.peakReliefPercent,
            thresholdText:
              `positive at ${block.threshold.comparator} ${block.threshold.percent}% relief (protocol ${rec.protocol?.profile ?? ''} ${rec.protocol?.version ?? ''})`.trim(),
          }
        : null,
      dischargedAt: discharge.recordedAt,
      dischargeOverrideReason: discharge.overrideReason,
      readinessMissing: rec.assessment.discharge.ready
        ? []
        : rec.assessment.discharge.findings.map((f) => f.staffText),
    },
    patientInstructions: booked?.instructions.forPatient ?? [],
    urgentSymptoms: [
      ...URGENT_SYMPTOMS.map((s) => capitalise(symptomName(s))),
      `Leg numbness or weakness that lasts more than ${numbnessHours} hours after the injection`,
    ],
    generatedAt: now.toISOString(),
  };
  return input;
}

export async function dischargeSummaryPdf(
  db: Database,
  actor: Actor,
  episodeId: string,
  copy: SummaryCopy,
  now: Date,
) {
  return renderDischargeSummary(await dischargeSummaryInput(db, actor, episodeId, now), copy);
}
