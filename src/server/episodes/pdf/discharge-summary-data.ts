/**
 * The discharge summary (patient copy and the letter to the referrer), built from what was
 * recorded — never from what a form might say now — and rendered as a PDF.
 */
import type { z } from 'zod';
import type { Database } from '../../../db/client.ts';
import type { Actor } from '../../../domain/actor.ts';
import {
  ANAESTHETICS,
  afterCare,
  type ClinicSettings,
  comparatorWords,
  type Instruction,
} from '../../../domain/clinical/index.ts';
import type { BlockResultSchema } from '../../../domain/clinical/response.ts';
import { recordedElsewhere } from '../../../domain/step-records.ts';
import type { EpisodeDetail } from '../../../shared/api/core.ts';
import { clinicSettings } from '../../clinic/settings.ts';
import { DomainError } from '../../errors.ts';
import { episodeDetail } from '../read.ts';
import type { DischargeSummaryInput, SummaryCopy } from './discharge-summary.ts';
import { correctedSince, signerOf } from './letter-parts.ts';

type Anaesthetic = (typeof ANAESTHETICS)[number];
const isAnaesthetic = (agent: string): agent is Anaesthetic =>
  (ANAESTHETICS as readonly string[]).includes(agent);

/**
 * The patient's after-care for the procedure as done (never the preparation they were given before
 * it), from the episode as recorded; null before the procedure is recorded. The discharge summary
 * and the patient's own pages (src/server/portal/) both say this.
 */
export function afterCareOf(e: EpisodeDetail, settings: ClinicSettings): Instruction[] | null {
  const done = e.steps.procedure;
  if (!done) return null;
  const screened = e.steps.screenings[0]?.facts;
  const anaesthetic = done.record.drugs
    .filter((d) => d.kind === 'local-anaesthetic')
    .map((d) => d.agent.trim().toLowerCase())
    .find(isAnaesthetic);
  return afterCare(
    {
      procedureAt: done.record.performedAt,
      ...(anaesthetic ? { anaesthetic } : {}),
      steroidGiven: done.record.drugs.some((d) => d.kind === 'steroid'),
      patient: { diabetes: screened?.patient.diabetes ?? null },
      labs: screened?.screening.labs ?? {},
      agreedPlans: screened?.screening.agreedPlans ?? [],
    },
    settings,
  );
}

export async function dischargeSummaryInput(db: Database, actor: Actor, episodeId: string, now: Date) {
  const e = await episodeDetail(db, actor, episodeId);
  const { procedure: done, recovery: rec, triage: tri, discharge } = e.steps;
  if (!done || !rec || !discharge || !tri) {
    throw new DomainError(
      'step_out_of_order',
      'The discharge summary is ready once the patient has been discharged.',
    );
  }
  if (recordedElsewhere.dischargeSummary(e.steps)) {
    throw new DomainError(
      'recorded_elsewhere',
      "This procedure and discharge were recorded at another clinic and imported: the discharge summary is that clinic's, signed by whoever performed it.",
    );
  }
  const { settings, contacts } = await clinicSettings(db, actor.clinicId);
  const person = e.patient;
  const block = rec.assessment.blockResponse as z.infer<typeof BlockResultSchema> | null;
  const care = afterCareOf(e, settings)!;
  const input: DischargeSummaryInput = {
    clinic: { name: settings.clinic.name, timeZone: settings.clinic.timeZone, contacts },
    patient: {
      givenName: person.givenName,
      familyName: person.familyName,
      birthDate: person.birthDate,
      nhsNumber: person.nhsNumber,
      mrn: person.mrn,
    },
    referrer: { name: e.referrer, address: e.referrerAddress },
    // The letter is signed by the clinician who performed (and recorded) the procedure.
    signedBy: signerOf(done.recordedBy),
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
              `positive with ${comparatorWords(block.threshold.comparator)} ${block.threshold.percent}% relief (protocol ${rec.protocol?.profile ?? ''} ${rec.protocol?.version ?? ''})`.trim(),
            reasons: block.findings.map((f) => f.staffText),
          }
        : null,
      dischargedAt: discharge.recordedAt,
      dischargeOverrideReason: discharge.overrideReason,
      readinessMissing: rec.assessment.discharge.ready
        ? []
        : rec.assessment.discharge.findings.map((f) => f.staffText),
    },
    patientInstructions: care.filter((i) => !i.urgent).map((i) => i.text),
    // The clinic's urgent line and out-of-hours advice follow these in the summary itself.
    urgentSymptoms: care.filter((i) => i.urgent && i.code !== 'urgent_call').map((i) => i.text),
    corrections: correctedSince(e, ['triage', 'procedure', 'recovery'], discharge.recordedAt),
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
  // The layout (pdfkit, fontkit and the fonts) loads on the first PDF, not when the server starts.
  const { renderDischargeSummary } = await import('./discharge-summary.ts');
  return renderDischargeSummary(await dischargeSummaryInput(db, actor, episodeId, now), copy);
}
