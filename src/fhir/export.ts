/**
 * A patient's record as FHIR R4 resources: pure, from the episode read model
 * (src/server/episodes/read.ts episodeDetail) and the rows that model does not carry yet (the
 * referral note, diary entries, symptom reports, leaflets given). Ids are derived from the app's
 * record ids, so exporting twice gives the same ids; references are relative (`Patient/<id>`).
 *
 * What each resource carries is listed in docs/fhir/README.md ("Export").
 */
import type {
  Appointment,
  Bundle,
  CarePlan,
  CodeableConcept,
  Condition,
  DocumentReference,
  Extension,
  MedicationAdministration,
  MedicationStatement,
  Observation,
  Organization,
  Patient,
  Procedure,
  Provenance,
  Reference,
  Resource,
  Schedule,
  ServiceRequest,
  Task,
} from '@medplum/fhirtypes';
import {
  type Drug,
  INDICATIONS,
  purposeWords,
  type RedFlagReport,
  type Side,
  symptomName,
  URGENT_SYMPTOMS,
} from '../domain/clinical/index.ts';
import type { DiaryEntryFacts } from '../domain/diary.ts';
import type { Stage } from '../domain/stages.ts';
import { listWords } from '../domain/words.ts';
import type { Patient as AppPatient, EpisodeDetail } from '../shared/api/core.ts';
import {
  billingCodings,
  CONFIRMED,
  coding,
  guidanceCoding,
  indicationCodings,
  LATERALITY_EXTENSION,
  LOCAL_DISPLAYS,
  lateralityCode,
  localCoding,
  SYSTEMS,
  ucum,
} from './codes.ts';
import { canonical, type FhirContext, identifierSystems } from './context.ts';
import { questionnaireResponse } from './questionnaires.ts';
import type { ReferralNote } from './referral-note.ts';

export interface DiaryEntryInput {
  id: string;
  at: string;
  /** What the entry answered (DiaryEntryFacts: prompt, pain, activity, PGIC, medicines, glucose, side effects). */
  facts: DiaryEntryFacts;
  enteredByRole: string;
}

export interface SymptomReportInput {
  id: string;
  reportedAt: string;
  facts: RedFlagReport;
  urgency: string | null;
  reportedByRole: string;
  /** A clinician read the alert it raised and said what they did. */
  acknowledgement: Acknowledgement | null;
}

export interface Acknowledgement {
  at: string;
  by: string;
  note: string;
}

export interface LeafletInput {
  id: string;
  leaflet: string;
  leafletVersion: string;
  givenAt: string;
}

export interface EpisodeExportInput {
  detail: EpisodeDetail;
  /** Where the referral came from, for an imported one (episode.sourceSystem / sourceId). */
  source: { system: string; id: string } | null;
  /** What an imported referral brought (its latest note), or null. */
  referral: ReferralNote | null;
  diary: DiaryEntryInput[];
  symptomReports: SymptomReportInput[];
  leaflets: LeafletInput[];
}

export interface PatientExportInput {
  clinic: { id: string; name: string };
  patient: AppPatient;
  episodes: EpisodeExportInput[];
}

/** A reference that fits any target type (medplum's Reference<T> carries an optional resource of T). */
type Ref = Omit<Reference, 'resource'>;
const ref = (type: string, id: string, display?: string): Ref => ({
  reference: `${type}/${id}`,
  ...(display ? { display } : {}),
});
const who = (r: { name: string; role: string }): Ref => ({ display: `${r.name} (${r.role})` });
const cc = (codings: CodeableConcept['coding'], text?: string): CodeableConcept => ({
  coding: codings,
  ...(text ? { text } : {}),
});

const sideWords: Record<Side, string> = { left: 'Left', right: 'Right', both: 'Left and right' };

/** The SI joint, with the side as the mCODE laterality qualifier (sources-addendum §1 modelling note). */
export function siJointSite(side: Side | null | undefined): CodeableConcept {
  return {
    ...(side
      ? {
          extension: [
            { url: LATERALITY_EXTENSION, valueCodeableConcept: cc([coding(lateralityCode[side])]) },
          ],
        }
      : {}),
    coding: [coding(CONFIRMED.siJoint)],
    text: side ? `${sideWords[side]} sacroiliac joint${side === 'both' ? 's' : ''}` : 'Sacroiliac joint',
  };
}

export function patientResource(p: AppPatient, clinicId: string, ctx: FhirContext): Patient {
  const ids = identifierSystems(ctx.canonicalBase);
  return {
    resourceType: 'Patient',
    id: p.id,
    identifier: [
      ...(p.nhsNumber ? [{ system: SYSTEMS.nhsNumber, value: p.nhsNumber }] : []),
      ...(p.mrn
        ? [
            {
              type: cc([{ system: SYSTEMS.identifierType, code: 'MR', display: 'Medical record number' }]),
              system: ids.mrn,
              value: p.mrn,
            },
          ]
        : []),
    ],
    name: [{ use: 'official', family: p.familyName, given: [p.givenName] }],
    gender: p.sex,
    birthDate: p.birthDate,
    ...(p.email || p.phone
      ? {
          telecom: [
            ...(p.phone ? [{ system: 'phone' as const, value: p.phone }] : []),
            ...(p.email ? [{ system: 'email' as const, value: p.email }] : []),
          ],
        }
      : {}),
    managingOrganization: ref('Organization', clinicId),
  };
}

/** Where the referral stands, from the episode's stage. */
function requestStatus(stage: Stage, withdrawn: boolean): ServiceRequest['status'] {
  if (stage === 'declined') return 'revoked';
  if (stage === 'closed') return withdrawn ? 'revoked' : 'completed';
  if (['performed', 'discharged', 'following-up', 'outcome-reviewed'].includes(stage)) return 'completed';
  return 'active';
}

function observation(
  id: string,
  subject: Ref,
  code: CodeableConcept,
  at: string,
  rest: Partial<Observation>,
): Observation {
  return { resourceType: 'Observation', id, status: 'final', code, subject, effectiveDateTime: at, ...rest };
}

function painObservation(id: string, subject: Ref, at: string, pain: number, extra: Partial<Observation>) {
  return observation(id, subject, cc([coding(CONFIRMED.painNrs)], 'Pain score (0–10)'), at, {
    category: [cc([{ system: SYSTEMS.observationCategory, code: 'survey', display: 'Survey' }])],
    valueQuantity: ucum(pain, '{score}', 'score'),
    ...extra,
  });
}

const testResult = (r: 'positive' | 'negative') =>
  cc([
    {
      system: SYSTEMS.interpretation,
      code: r === 'positive' ? 'POS' : 'NEG',
      display: r === 'positive' ? 'Positive' : 'Negative',
    },
  ]);

function provocationObservations(
  base: string,
  idPrefix: string,
  subject: Ref,
  at: string,
  tests: Partial<Record<string, 'positive' | 'negative' | 'not-done'>>,
  extra: Partial<Observation>,
): Observation[] {
  return Object.entries(tests).flatMap(([test, result]) =>
    result === 'positive' || result === 'negative'
      ? [
          observation(`${idPrefix}-${test}`, subject, cc([localCoding(base, 'provocation-test', test)]), at, {
            category: [cc([{ system: SYSTEMS.observationCategory, code: 'exam', display: 'Exam' }])],
            valueCodeableConcept: testResult(result),
            ...extra,
          }),
        ]
      : [],
  );
}

function drugText(d: Drug): string {
  const c = d.concentration
    ? ` ${d.concentration.value}${d.concentration.unit === '%' ? ' %' : ' mg/mL'}`
    : '';
  return `${d.volumeMl} mL of ${d.agent}${c}${d.doseMg !== undefined ? ` (${d.doseMg} mg)` : ''}`;
}

/** Every resource of one episode (the Patient and Organization are the caller's). */
export function episodeResources(
  input: EpisodeExportInput,
  patientId: string,
  clinic: { id: string; name: string },
  ctx: FhirContext,
): Resource[] {
  const base = ctx.canonicalBase;
  const e = input.detail;
  const s = e.steps;
  const subject = ref('Patient', patientId);
  const request = ref('ServiceRequest', e.id);
  const out: Resource[] = [];
  const sd = (name: string) => canonical(ctx, 'StructureDefinition', name);
  /** A response's extension for what a person signed beside it: its parts in words, and when. */
  const signedBy = (name: string, at: string, parts: Record<string, string>) => ({
    extension: [
      {
        url: sd(name),
        extension: [
          ...Object.entries(parts).map(([url, valueString]) => ({ url, valueString })),
          { url: 'at', valueDateTime: at },
        ],
      },
    ],
  });

  // ── Conditions: the referrer's, as received; the indications triage recorded ──
  const conditions: Condition[] = [];
  const condition = (id: string, code: CodeableConcept, recordedDate: string, asserter: Ref): Condition => ({
    resourceType: 'Condition',
    id,
    clinicalStatus: cc([{ system: SYSTEMS.conditionClinical, code: 'active', display: 'Active' }]),
    verificationStatus: cc([
      { system: SYSTEMS.conditionVerification, code: 'provisional', display: 'Provisional' },
    ]),
    category: [
      cc([
        { system: SYSTEMS.conditionCategory, code: 'encounter-diagnosis', display: 'Encounter Diagnosis' },
      ]),
    ],
    code,
    subject,
    recordedDate,
    asserter,
  });
  input.referral?.conditions.forEach((c, i) => {
    conditions.push(
      condition(`${e.id}-ref-${i + 1}`, cc(c.codings, c.text), e.referredOn, { display: e.referrer }),
    );
  });
  if (s.triage) {
    for (const indication of s.triage.facts.indications) {
      const words = LOCAL_DISPLAYS.indication[indication]!;
      const id = `${e.id}-ind-${INDICATIONS.indexOf(indication)}`;
      conditions.push({
        ...condition(
          id,
          cc(indicationCodings(base, indication), words),
          s.triage.recordedAt,
          who(s.triage.recordedBy),
        ),
        // Triage's finding, not the referrer's: an import that replays triage leaves it to triage.
        evidence: [{ detail: [ref('QuestionnaireResponse', s.triage.id)] }],
      });
    }
  }
  out.push(...conditions);
  const reasons = conditions.map((c) => ref('Condition', c.id!));

  // ── Medicines: the referral's, and the antithrombotics the latest screening recorded ──
  const medicines: MedicationStatement[] = [];
  const seen = new Set<string>();
  const statement = (
    id: string,
    text: string,
    asserted: string,
    source: Ref,
    extra: Partial<MedicationStatement>,
  ): MedicationStatement => ({
    resourceType: 'MedicationStatement',
    id,
    status: 'active',
    medicationCodeableConcept: { text },
    subject,
    dateAsserted: asserted,
    informationSource: source,
    ...extra,
  });
  input.referral?.medicines.forEach((m, i) => {
    seen.add(m.text.trim().toLowerCase());
    const status = (m.status ?? 'active') as MedicationStatement['status'];
    medicines.push(
      statement(
        `${e.id}-ref-med-${i + 1}`,
        m.text,
        `${e.referredOn}`,
        { display: e.referrer },
        {
          status,
          ...(m.dosage ? { dosage: [{ text: m.dosage }] } : {}),
        },
      ),
    );
  });
  const latest = s.screenings[0];
  latest?.facts.patient.antithrombotics.forEach((a, i) => {
    if (seen.has(a.name.trim().toLowerCase())) return;
    medicines.push(
      statement(`${latest.id}-med-${i + 1}`, a.name, latest.recordedAt, who(latest.recordedBy), {
        category: { text: 'Anticoagulant or antiplatelet' },
        // The screening's, not the referrer's: an import that replays the screening leaves it to it.
        derivedFrom: [ref('QuestionnaireResponse', latest.id)],
        ...(a.regimen ? { dosage: [{ text: `${a.regimen} regimen` }] } : {}),
      }),
    );
  });
  out.push(...medicines);

  // ── The referral ──
  const withdrawn = e.events.some((v) => v.move === 'withdraw');
  const ownId = { system: identifierSystems(base).episode, value: e.id };
  const purpose = s.triage?.purpose;
  const serviceRequest: ServiceRequest = {
    resourceType: 'ServiceRequest',
    id: e.id,
    identifier: input.source ? [{ system: input.source.system, value: input.source.id }, ownId] : [ownId],
    instantiatesCanonical: [canonical(ctx, 'PlanDefinition', 'si-joint-injection-pathway')],
    status: requestStatus(e.stage, withdrawn),
    intent: 'order',
    code: cc([localCoding(base, 'procedure', 'si-joint-injection')], 'Sacroiliac joint injection'),
    subject,
    authoredOn: e.referredOn,
    requester: { reference: '#referrer', display: e.referrer },
    contained: [
      {
        resourceType: 'Practitioner',
        id: 'referrer',
        name: [{ text: e.referrer }],
        ...(e.referrerAddress ? { address: [{ text: e.referrerAddress }] } : {}),
      },
    ],
    performer: [ref('Organization', clinic.id, clinic.name)],
    reasonCode: [{ text: e.reason }],
    ...(reasons.length ? { reasonReference: reasons } : {}),
    ...(medicines.length ? { supportingInfo: medicines.map((m) => ref('MedicationStatement', m.id!)) } : {}),
    bodySite: [siJointSite(e.side)],
    ...(purpose ? { note: [{ text: `Purpose: ${purposeWords[purpose]}` }] } : {}),
  };
  out.push(serviceRequest);

  // ── Triage's examination ──
  if (s.triage) {
    out.push(
      questionnaireResponse(ctx, 'triage', {
        id: s.triage.id,
        subject,
        authored: s.triage.recordedAt,
        author: who(s.triage.recordedBy),
        basedOn: [request],
        facts: s.triage,
      }),
    );
    out.push(
      ...provocationObservations(
        base,
        `${s.triage.id}-prov`,
        subject,
        s.triage.recordedAt,
        s.triage.facts.provocationTests,
        {
          basedOn: [request],
          performer: [who(s.triage.recordedBy)],
        },
      ),
    );
  }

  // ── Screening calls ──
  for (const sc of s.screenings) {
    out.push(
      questionnaireResponse(ctx, 'screening', {
        id: sc.id,
        subject,
        authored: sc.recordedAt,
        author: who(sc.recordedBy),
        source: subject,
        basedOn: [request],
        // A clinician's override of this call's verdict (the version it made): what let a
        // not-safe-yet episode be booked, so an import can book it too.
        ...(sc.override
          ? signedBy(SCREENING_OVERRIDE, sc.override.at, { reason: sc.override.reason, by: sc.override.by })
          : {}),
        facts: sc.facts,
      }),
    );
  }

  // ── Bookings: each a place on a procedure list, newest first (rescheduled ones kept) ──
  for (const b of s.bookings) {
    out.push(procedureListSchedule(b.procedureList));
    out.push(bookingAppointment(b, subject, request, Boolean(s.procedure)));
  }

  // ── The check-in on the day ──
  if (s.checkIn) {
    out.push(
      questionnaireResponse(ctx, 'check-in', {
        id: s.checkIn.id,
        subject,
        authored: s.checkIn.recordedAt,
        author: who(s.checkIn.recordedBy),
        source: subject,
        basedOn: [request],
        facts: s.checkIn,
      }),
    );
  }

  // ── The procedure, its drugs and what was seen ──
  const p = s.procedure;
  let procedureRef: Ref | undefined;
  if (p) {
    const r = p.record;
    procedureRef = ref('Procedure', p.id);
    const start = r.performedAt;
    const end = new Date(new Date(start).getTime() + r.durationMinutes * 60_000).toISOString();
    const performer = { actor: who(p.recordedBy), function: { text: p.recordedBy.role } };
    const extension: Extension[] = [
      {
        url: sd('image-guidance'),
        valueCodeableConcept: cc([guidanceCoding(base, r.guidance, r.side)], `${r.guidance} guidance`),
      },
      {
        url: sd('injection-target'),
        valueCodeableConcept: cc([localCoding(base, 'injection-target', r.target)]),
      },
      ...(purpose ? [{ url: sd('injection-purpose'), valueCode: purpose }] : []),
    ];
    const procedure: Procedure = {
      resourceType: 'Procedure',
      id: p.id,
      extension,
      basedOn: [request],
      instantiatesCanonical: [canonical(ctx, 'ActivityDefinition', 'step-procedure')],
      status: 'completed',
      code: cc(
        [
          localCoding(base, 'procedure', 'si-joint-injection'),
          ...(ctx.billingCodes ? billingCodings(r.guidance, r.target) : []),
        ],
        'Sacroiliac joint injection',
      ),
      subject,
      performedPeriod: { start, end },
      recorder: who(p.recordedBy),
      performer: [performer],
      ...(reasons.length ? { reasonReference: reasons } : {}),
      bodySite: [siJointSite(r.side)],
      ...(r.complications.length
        ? { complication: r.complications.map((c) => cc([localCoding(base, 'complication', c)])) }
        : {}),
      ...(r.notes ? { note: [{ text: r.notes }] } : {}),
    };
    out.push(procedure);
    out.push(
      questionnaireResponse(ctx, 'procedure-checklist', {
        id: `${p.id}-checklist`,
        subject,
        authored: p.recordedAt,
        author: who(p.recordedBy),
        basedOn: [request],
        partOf: [procedureRef],
        facts: p.checklist,
      }),
    );
    r.drugs.forEach((d, i) => {
      const administration: MedicationAdministration = {
        resourceType: 'MedicationAdministration',
        id: `${p.id}-drug-${i + 1}`,
        status: 'completed',
        partOf: [procedureRef!],
        category: cc([localCoding(base, 'drug-kind', d.kind)]),
        medicationCodeableConcept: {
          text: d.concentration
            ? `${d.agent} ${d.concentration.value}${d.concentration.unit === '%' ? ' %' : ' mg/mL'}`
            : d.agent,
        },
        subject,
        effectiveDateTime: start,
        performer: [{ actor: who(p.recordedBy) }],
        dosage: {
          text: drugText(d),
          site: siJointSite(r.side),
          dose: d.doseMg !== undefined ? ucum(d.doseMg, 'mg') : ucum(d.volumeMl, 'mL'),
        },
        ...(d.doseMg !== undefined
          ? { extension: [{ url: sd('administered-volume'), valueQuantity: ucum(d.volumeMl, 'mL') }] }
          : {}),
      };
      out.push(administration);
    });
    const seenDuring = { partOf: [procedureRef], performer: [who(p.recordedBy)] };
    if (r.contrast.used && r.contrast.spread) {
      out.push(
        observation(
          `${p.id}-contrast`,
          subject,
          cc([localCoding(base, 'observation', 'contrast-spread')]),
          start,
          {
            ...seenDuring,
            valueCodeableConcept: cc([localCoding(base, 'contrast-spread', r.contrast.spread)]),
          },
        ),
      );
    }
    if (r.radiationDose) {
      out.push(
        observation(
          `${p.id}-dose`,
          subject,
          cc([localCoding(base, 'observation', 'radiation-dose')]),
          start,
          {
            ...seenDuring,
            valueQuantity: { value: r.radiationDose.value, unit: r.radiationDose.unit },
          },
        ),
      );
    }
    if (r.fluoroscopySeconds !== undefined) {
      out.push(
        observation(
          `${p.id}-fluoro`,
          subject,
          cc([localCoding(base, 'observation', 'fluoroscopy-time')]),
          start,
          {
            ...seenDuring,
            valueQuantity: ucum(r.fluoroscopySeconds, 's'),
          },
        ),
      );
    }
  }

  // ── Recovery: pain scores, the re-test, the block's interpretation ──
  const rec = s.recovery;
  if (rec && p) {
    const during = { partOf: [ref('Procedure', p.id)], performer: [who(rec.recordedBy)] };
    const pains = [
      painObservation(`${rec.id}-pain-0`, subject, p.record.performedAt, rec.facts.baselinePain, {
        ...during,
        note: [{ text: 'Index pain just before the block (baseline)' }],
      }),
      ...rec.facts.scores.map((sc, i) =>
        painObservation(`${rec.id}-pain-${i + 1}`, subject, sc.at, sc.pain, during),
      ),
    ];
    out.push(...pains);
    out.push(
      questionnaireResponse(ctx, 'going-home', {
        id: `${rec.id}-going-home`,
        subject,
        authored: rec.recordedAt,
        author: who(rec.recordedBy),
        basedOn: [request],
        partOf: [ref('Procedure', p.id)],
        facts: rec.facts.discharge,
      }),
    );
    out.push(
      ...provocationObservations(
        base,
        `${rec.id}-retest`,
        subject,
        rec.recordedAt,
        rec.facts.provocationRetest,
        {
          ...during,
          note: [{ text: 'Re-test after the block' }],
        },
      ),
    );
    const block = rec.assessment.blockResponse;
    if (block) {
      const interpretation = { positive: 'POS', negative: 'NEG', indeterminate: 'IND' }[block.classification];
      const t = block.threshold;
      out.push(
        observation(
          `${rec.id}-block`,
          subject,
          cc([localCoding(base, 'observation', 'block-response')]),
          rec.recordedAt,
          {
            ...during,
            valueCodeableConcept: cc([localCoding(base, 'block-classification', block.classification)]),
            interpretation: [
              cc([
                {
                  system: SYSTEMS.interpretation,
                  code: interpretation,
                  display: { POS: 'Positive', NEG: 'Negative', IND: 'Indeterminate' }[interpretation],
                },
              ]),
            ],
            method: {
              text: `Relief ${t.comparator} ${t.percent} % of index pain, protocol ${rec.protocol.profile} ${rec.protocol.version}`,
            },
            derivedFrom: pains.map((o) => ref('Observation', o.id!)),
            component: [
              ...(block.first.peakReliefPercent !== null
                ? [
                    {
                      code: cc([localCoding(base, 'observation', 'peak-relief')]),
                      valueQuantity: ucum(block.first.peakReliefPercent, '%'),
                    },
                  ]
                : []),
              ...(block.first.reliefLastedHours !== null
                ? [
                    {
                      code: cc([localCoding(base, 'observation', 'relief-lasted')]),
                      valueQuantity: ucum(block.first.reliefLastedHours, 'h'),
                    },
                  ]
                : []),
            ],
            note: block.findings.map((f) => ({ text: f.staffText })),
          },
        ),
      );
    }
  }

  // ── Diary and symptom reports ──
  for (const d of input.diary) {
    out.push(
      questionnaireResponse(ctx, 'diary', {
        id: d.id,
        subject,
        authored: d.at,
        author: d.enteredByRole === 'patient' ? subject : { display: d.enteredByRole },
        source: subject,
        basedOn: [ref('CarePlan', e.id)],
        facts: d.facts,
      }),
    );
  }
  for (const r of input.symptomReports) {
    out.push(
      questionnaireResponse(ctx, 'symptom-report', {
        id: r.id,
        subject,
        authored: r.reportedAt,
        author: r.reportedByRole === 'patient' ? subject : { display: r.reportedByRole },
        source: subject,
        basedOn: [ref('CarePlan', e.id)],
        // Who read its alert and what they did: a report already answered here is not raised
        // again, as new, at the clinic that imports it.
        ...(r.acknowledgement
          ? signedBy(REPORT_ACKNOWLEDGED, r.acknowledgement.at, {
              by: r.acknowledgement.by,
              note: r.acknowledgement.note,
            })
          : {}),
        facts: r.facts,
      }),
    );
  }

  // ── Follow-up ──
  const discharge = s.discharge;
  if (discharge) {
    const done = ['outcome-reviewed', 'closed'].includes(e.stage);
    const review = s.outcomeReview;
    const carePlan: CarePlan = {
      resourceType: 'CarePlan',
      id: e.id,
      instantiatesCanonical: [canonical(ctx, 'PlanDefinition', 'si-joint-injection-pathway')],
      basedOn: [request],
      status: done ? 'completed' : 'active',
      intent: 'plan',
      title: 'Follow-up after a sacroiliac joint injection',
      subject,
      period: { start: discharge.recordedAt },
      ...(reasons.length ? { addresses: reasons } : {}),
      // A person may send the patient home although the checks were not all met, with a reason.
      ...(discharge.overrideReason
        ? {
            note: [
              {
                authorString: who(discharge.recordedBy).display,
                time: discharge.recordedAt,
                text: `${DISCHARGE_OVERRIDE_NOTE}${discharge.overrideReason}`,
              },
            ],
          }
        : {}),
      activity: [
        {
          ...(input.diary.length
            ? { outcomeReference: input.diary.map((d) => ref('QuestionnaireResponse', d.id)) }
            : {}),
          detail: {
            kind: 'Task',
            instantiatesCanonical: [canonical(ctx, 'Questionnaire', 'diary')],
            code: cc([localCoding(base, 'follow-up', 'diary')]),
            status: done ? 'completed' : 'in-progress',
            description:
              'Pain scores on the diary’s schedule: hours after a diagnostic block, then days, then weeks.',
          },
        },
        {
          ...(input.symptomReports.length
            ? { outcomeReference: input.symptomReports.map((r) => ref('QuestionnaireResponse', r.id)) }
            : {}),
          detail: {
            kind: 'Task',
            instantiatesCanonical: [canonical(ctx, 'Questionnaire', 'symptom-report')],
            code: cc([localCoding(base, 'follow-up', 'symptom-report')]),
            status: done ? 'completed' : 'in-progress',
            description: `Report worrying symptoms at any time; urgent: ${listWords(URGENT_SYMPTOMS.map(symptomName), 'and')}.`,
          },
        },
        ...(review
          ? [
              {
                detail: {
                  kind: 'ServiceRequest' as const,
                  code: cc([
                    localCoding(base, 'outcome-decision', review.decision),
                    ...(ctx.billingCodes && review.decision === 'refer-rf-denervation'
                      ? [coding(CONFIRMED.cptRf)]
                      : []),
                  ]),
                  status: 'not-started' as const,
                  description: `${LOCAL_DISPLAYS['outcome-decision'][review.decision]}: ${review.reason}`,
                },
                // When the outcome was reviewed and by whom (read-record.ts reads the time back).
                progress: [
                  {
                    authorString: who(review.recordedBy).display,
                    time: review.recordedAt,
                    text: OUTCOME_REVIEWED_NOTE,
                  },
                ],
              },
            ]
          : []),
      ],
    };
    out.push(carePlan);

    const pdf = (copy: 'patient' | 'referrer'): DocumentReference => ({
      resourceType: 'DocumentReference',
      id: `${discharge.id}-${copy}`,
      status: 'current',
      type: cc([
        localCoding(base, 'document-type', copy === 'patient' ? 'discharge-summary' : 'letter-to-referrer'),
      ]),
      subject,
      date: new Date(discharge.recordedAt).toISOString(),
      author: [who(discharge.recordedBy)],
      description:
        copy === 'patient'
          ? 'Discharge summary with the after-care advice (the patient’s copy)'
          : 'Letter to the referrer',
      content: [
        {
          attachment: {
            contentType: 'application/pdf',
            url: `${ctx.appUrl}/api/episodes/${e.id}/discharge-summary.pdf?copy=${copy}`,
            title: copy === 'patient' ? 'Discharge summary' : 'Letter to the referrer',
          },
        },
      ],
      context: { related: [request, ...(procedureRef ? [procedureRef] : [])] },
    });
    out.push(pdf('patient'), pdf('referrer'));
  }
  for (const l of input.leaflets) {
    out.push({
      resourceType: 'DocumentReference',
      id: l.id,
      status: 'current',
      type: cc([localCoding(base, 'document-type', 'leaflet')]),
      subject,
      date: new Date(l.givenAt).toISOString(),
      description: `Patient information leaflet "${l.leaflet}", version ${l.leafletVersion}, given to the patient`,
      content: [{ attachment: { title: `${l.leaflet} (version ${l.leafletVersion})` } }],
      context: { related: [request] },
    });
  }

  // ── The moves no form records (defer, cancel a booking, start follow-up, close, withdraw …) ──
  // A Task each, done, with when, who and why: the import replays them between the steps.
  for (const v of e.events) {
    if (v.event !== 'move' || !v.move) continue;
    out.push({
      resourceType: 'Task',
      id: v.id,
      status: 'completed',
      intent: 'order',
      code: cc([localCoding(base, 'move', v.move)]),
      businessStatus: cc([localCoding(base, 'stage', v.toStage)]),
      ...(v.reason ? { statusReason: { text: v.reason } } : {}),
      basedOn: [request],
      focus: request,
      for: subject,
      authoredOn: v.at,
      executionPeriod: { start: v.at, end: v.at },
      requester: who(v.actor),
    } satisfies Task);
  }

  // ── Who recorded what ──
  const recorders = new Map<string, { name: string; role: string }>();
  for (const v of e.events) recorders.set(`${v.actor.name}|${v.actor.role}`, v.actor);
  const recorded = e.events.reduce((a, v) => (v.at > a ? v.at : a), e.updatedAt);
  out.push({
    resourceType: 'Provenance',
    id: e.id,
    target: out.map((r) => ref(r.resourceType, r.id!)),
    recorded: new Date(recorded).toISOString(),
    agent: [
      {
        type: cc([{ system: SYSTEMS.provenanceParticipant, code: 'assembler', display: 'Assembler' }]),
        who: { display: 'SIJ Pathway (FHIR export)' },
      },
      ...[...recorders.values()].map((r) => ({
        type: cc([{ system: SYSTEMS.provenanceParticipant, code: 'author', display: 'Author' }]),
        who: { display: r.name },
        role: [{ text: r.role }],
      })),
    ],
  } satisfies Provenance);
  return out;
}

/** The text of the progress note that dates the outcome review on the care plan. */
export const OUTCOME_REVIEWED_NOTE = 'Outcome reviewed';

/** The extension on a screening call's response that carries a clinician's override of its verdict. */
export const SCREENING_OVERRIDE = 'screening-override';

/** The extension on a symptom report's response that carries a clinician's acknowledgement of its alert. */
export const REPORT_ACKNOWLEDGED = 'symptom-report-acknowledged';

/** How the care plan's note on a discharge against the checks begins (read-record.ts reads it back). */
export const DISCHARGE_OVERRIDE_NOTE = 'Sent home although the discharge checks were not all met: ';

type BookingRecord = EpisodeExportInput['detail']['steps']['bookings'][number];

/**
 * A procedure list as a Schedule: the resource FHIR gives for the time a clinic sets aside. Its id
 * is the list's, so every booking on it points at the same Schedule; the comment carries what
 * identifies the list to a person (date, start, room, operator, places) and, for a list called
 * off, when, by whom and why (the Schedule no longer active; each booking says it was cancelled).
 */
export function procedureListSchedule(l: BookingRecord['procedureList']): Schedule {
  const c = l.cancelled;
  const cancelled = c ? `; cancelled ${c.at} by ${c.by}: ${c.reason}` : '';
  return {
    resourceType: 'Schedule',
    id: l.id,
    active: c === null,
    actor: [
      { type: 'Location', display: l.room },
      { type: 'Practitioner', display: l.operator },
    ],
    planningHorizon: { start: l.date, end: l.date },
    comment: `Procedure list on ${l.date} from ${l.startTime} in ${l.room} (${l.operator}), ${l.capacity} places${cancelled}`,
  };
}

const APPOINTMENT_STATUS: Record<BookingRecord['status'], Appointment['status']> = {
  booked: 'booked',
  rescheduled: 'cancelled',
  cancelled: 'cancelled',
  'did-not-attend': 'noshow',
};

/**
 * A booking as an Appointment for the referral, on its list (supportingInformation → the list's
 * Schedule; a Slot would need a length the app does not book). The app books a start time only,
 * but FHIR requires a booked appointment to have an end (invariant app-3): the end is the start,
 * and the comment says so rather than inventing a length.
 */
export function bookingAppointment(
  b: BookingRecord,
  subject: Ref,
  request: Ref,
  performed: boolean,
): Appointment {
  const status = b.status === 'booked' && performed ? 'fulfilled' : APPOINTMENT_STATUS[b.status];
  return {
    resourceType: 'Appointment',
    id: b.id,
    status,
    ...(status === 'cancelled'
      ? {
          cancelationReason: {
            text: b.statusReason ?? (b.status === 'rescheduled' ? 'Rescheduled' : 'Cancelled'),
          },
        }
      : {}),
    start: b.plannedAt,
    end: b.plannedAt,
    created: b.recordedAt,
    comment: 'Booked for a start time on the procedure list; the app books no length.',
    basedOn: [request],
    supportingInformation: [ref('Schedule', b.procedureList.id)],
    participant: [{ actor: subject, status: 'accepted' }],
  };
}

export function organizationResource(clinic: { id: string; name: string }): Organization {
  return { resourceType: 'Organization', id: clinic.id, name: clinic.name };
}

/** Every resource of one patient: Organization, Patient, then each episode's. */
export function patientResources(input: PatientExportInput, ctx: FhirContext): Resource[] {
  return [
    organizationResource(input.clinic),
    patientResource(input.patient, input.clinic.id, ctx),
    ...input.episodes.flatMap((e) => episodeResources(e, input.patient.id, input.clinic, ctx)),
  ].filter(onceEach());
}

/**
 * Once per type and id: two of a patient's episodes booked on the same list share its Schedule.
 * A fresh filter per call (it remembers what it has seen).
 */
function onceEach() {
  const seen = new Set<string>();
  return (r: Resource) => {
    const key = `${r.resourceType}/${r.id}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  };
}

/** A searchset Bundle, as `$everything` answers. */
export function searchsetBundle(resources: Resource[], ctx: FhirContext): Bundle {
  return {
    resourceType: 'Bundle',
    type: 'searchset',
    total: resources.length,
    entry: resources.map((resource) => ({
      fullUrl: `${ctx.serverBase}/${resource.resourceType}/${resource.id}`,
      resource,
      search: { mode: 'match' as const },
    })),
  };
}

/**
 * An export as a transaction another clinic can send to `POST /fhir`: each resource POSTed under
 * the full URL it was exported with (so that the references between them resolve), the whole
 * record or only resources of these types.
 */
export function asTransaction(exported: Bundle, only: readonly string[] | null = null): Bundle {
  return {
    resourceType: 'Bundle',
    type: 'transaction',
    entry: (exported.entry ?? [])
      .filter((e) => only === null || only.includes(e.resource!.resourceType))
      .map((e) => ({
        ...(e.fullUrl ? { fullUrl: e.fullUrl } : {}),
        resource: e.resource!,
        request: { method: 'POST' as const, url: e.resource!.resourceType },
      })),
  };
}

/** Types in the order the NDJSON export groups them. */
export const EXPORT_TYPES = [
  'Organization',
  'Patient',
  'Condition',
  'MedicationStatement',
  'ServiceRequest',
  'Schedule',
  'Appointment',
  'Procedure',
  'MedicationAdministration',
  'Observation',
  'QuestionnaireResponse',
  'CarePlan',
  'DocumentReference',
  'Provenance',
] as const;
