/**
 * The discharge summary (patient copy and the letter to the referrer), built from what was
 * recorded — never from what a form might say now — and rendered as a PDF.
 */
import { and, eq } from 'drizzle-orm';
import type { z } from 'zod';
import type { Database } from '../../../db/client.ts';
import { episode, patient, site } from '../../../db/schema.ts';
import { symptomName, URGENT_SYMPTOMS } from '../../../domain/clinical/index.ts';
import type { BlockResultSchema } from '../../../domain/clinical/response.ts';
import { clinicSettings } from '../../clinic/settings.ts';
import { ApiError } from '../../errors.ts';
import type { Actor } from '../../plugins/access.ts';
import { notFound } from '../../records.ts';
import { episodeSteps } from '../steps/steps.ts';
import { type DischargeSummaryInput, renderDischargeSummary, type SummaryCopy } from './discharge-summary.ts';

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

export async function dischargeSummaryInput(db: Database, actor: Actor, episodeId: string, now: Date) {
  const row = await db.query.episode.findFirst({
    where: and(eq(episode.id, episodeId), eq(episode.siteId, actor.siteId)),
  });
  if (!row) throw notFound('episode');
  const steps = await episodeSteps(db, episodeId);
  const { procedure: done, recovery: rec, triage: tri, booking: booked } = steps;
  if (!done || !rec?.dischargedAt || !tri) {
    throw new ApiError(
      'step_out_of_order',
      'The discharge summary is ready once the patient has been discharged.',
    );
  }
  const [person, clinic, settings] = await Promise.all([
    db.query.patient.findFirst({ where: eq(patient.id, row.patientId) }),
    db.query.site.findFirst({ where: eq(site.id, actor.siteId) }),
    clinicSettings(db, actor.siteId),
  ]);
  const block = rec.assessment.blockResponse as z.infer<typeof BlockResultSchema> | null;
  const numbnessHours = settings.site.symptoms.expectedNumbnessHours;
  const input: DischargeSummaryInput = {
    clinic: { name: clinic!.name, timeZone: clinic!.timeZone, contacts: clinic!.contacts },
    patient: {
      givenName: person!.givenName,
      familyName: person!.familyName,
      birthDate: person!.birthDate,
      nhsNumber: person!.nhsNumber,
      mrn: person!.mrn,
    },
    referrer: row.referrer,
    episode: { referredOn: row.referredOn, reason: row.reason, purpose: tri.purpose },
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
      dischargedAt: rec.dischargedAt,
      dischargeOverrideReason: rec.dischargeOverrideReason,
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
