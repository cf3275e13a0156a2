/**
 * A whole-patient export (`$everything`, or the NDJSON of `sijpath export fhir`) read back into the
 * steps the app records, as far as the export carries them: the reverse of episodeResources in
 * export.ts, for the round trip. Pure; the caller validates what comes back with the steps' own
 * schemas, as the app validates what a user enters.
 *
 * Each episode also lists, by field, what the app requires to record a step that the export does
 * not carry (an old export's triage without its form): a step cannot be replayed through its
 * command without inventing those, so the import must not.
 */
import type {
  Appointment,
  CarePlan,
  Coding,
  Condition,
  DocumentReference,
  Extension,
  MedicationAdministration,
  Observation,
  Procedure,
  QuestionnaireResponse,
  Resource,
  Schedule,
  ServiceRequest,
  Task,
} from '@medplum/fhirtypes';
import {
  COMPLICATIONS,
  type DRUG_KINDS,
  type Drug,
  GUIDANCE,
  INDICATIONS,
  type PROVOCATION_TESTS,
  type Purpose,
  purposeWords,
  type Side,
  type TARGETS,
} from '../domain/clinical/index.ts';
import { type MoveName, moveNames } from '../domain/pathway.ts';
import { OUTCOME_DECISIONS, type OutcomeDecision } from '../domain/step-records.ts';
import {
  CONFIRMED,
  guidanceCoding,
  LOCAL_DISPLAYS,
  type LocalSystem,
  localSystemUrl,
  sideOfLaterality,
} from './codes.ts';
import { canonical, type FhirContext } from './context.ts';
import {
  type Acknowledgement,
  DISCHARGE_OVERRIDE_NOTE,
  OUTCOME_REVIEWED_NOTE,
  REPORT_ACKNOWLEDGED,
  SCREENING_OVERRIDE,
} from './export.ts';
import { formOf, responseFacts } from './questionnaires.ts';

type TestResult = 'positive' | 'negative';
type Tests = Partial<Record<(typeof PROVOCATION_TESTS)[number], TestResult>>;

/** One episode's recorded steps, as the export carries them. */
export interface ExportedEpisode {
  /** The ServiceRequest's id in the export (the source's episode id). */
  requestId: string;
  triage: {
    purpose: Purpose | null;
    indications: (typeof INDICATIONS)[number][];
    provocationTests: Tests;
    /** Triage's own response (decision, reason, prior treatments, conservative care), if exported. */
    form: Record<string, unknown> | null;
    /** When triage was recorded (its response's time). */
    recordedAt: string | null;
  };
  /**
   * Each screening call's facts, in the export's order (newest first, as the app lists them); a
   * call that is a clinician's override of the one before carries the override.
   */
  screenings: {
    id: string;
    recordedAt: string;
    facts: Record<string, unknown>;
    override: { reason: string; by: string; at: string } | null;
  }[];
  /**
   * The booking in force (an Appointment booked, or fulfilled by the procedure): its list (the
   * Schedule's id, the source's list id) and the planned time, an instant; the booking step takes
   * the clinic's local time of day on the list's date, which the caller derives in its time zone.
   */
  booking: { id: string; procedureListId: string; plannedAt: string; list: ListRead | null } | null;
  /** Every booking, the cancelled and rescheduled too, in the order they were made. */
  bookings: {
    id: string;
    /** booked, fulfilled, cancelled (rescheduled or cancelled) or noshow (export.ts). */
    status: Appointment['status'];
    procedureListId: string;
    plannedAt: string;
    recordedAt: string;
    list: ListRead | null;
  }[];
  /** The check-in's facts, and the procedure's safety checklist, as their responses carry them. */
  checkIn: Record<string, unknown> | null;
  checkedInAt: string | null;
  checklist: Record<string, unknown> | null;
  procedure: {
    id: string;
    /** When the procedure was recorded (its checklist's response). */
    recordedAt: string | null;
    record: {
      performedAt: string;
      durationMinutes: number;
      side: Side | undefined;
      guidance: (typeof GUIDANCE)[number] | undefined;
      target: (typeof TARGETS)[number] | undefined;
      contrast: { used: boolean; spread?: string };
      drugs: Drug[];
      radiationDose?: { value: number; unit: string };
      fluoroscopySeconds?: number;
      complications: (typeof COMPLICATIONS)[number][];
      notes: string;
    };
  } | null;
  recovery: {
    baselinePain: number;
    scores: { at: string; pain: number }[];
    provocationRetest: Tests;
    blockClassification: string | null;
    /** The checks before going home. */
    discharge: Record<string, unknown> | null;
    /** When recovery was recorded (its going-home response). */
    recordedAt: string | null;
  } | null;
  /** Each entry's answers as its response carries them, for the diary's schema to check. */
  diary: { id: string; at: string; facts: Record<string, unknown>; enteredByRole: string }[];
  symptomReports: {
    id: string;
    reportedAt: string;
    facts: Record<string, unknown>;
    reportedByRole: string;
    /** The clinician's acknowledgement of the alert it raised, if it has one. */
    acknowledgement: Acknowledgement | null;
  }[];
  /** When the patient went home, and the reason given when the checks were not all met. */
  discharge: { recordedAt: string; overrideReason: string | null } | null;
  outcomeReview: { decision: OutcomeDecision; reason: string; recordedAt: string | null } | null;
  /** The moves no form records (defer, cancel a booking, start follow-up, close, withdraw …), oldest first. */
  moves: { id: string; move: MoveName; at: string; reason: string | null }[];
  leaflets: { leaflet: string; leafletVersion: string; givenAt: string }[];
  /** Fields the app requires to record a step this episode went through, which the export lacks. */
  missing: string[];
}

/** A procedure list as its Schedule's comment states it (procedureListSchedule in export.ts). */
type ListRead = {
  date: string;
  startTime: string;
  room: string;
  operator: string;
  capacity: number;
  /** Called off at the sending clinic: when, by whom and why, as its comment goes on. */
  cancelled: { at: string; by: string; reason: string } | null;
};

/** The list a Schedule's comment names, and whether it was cancelled (its comment goes on). */
export function listOf(schedule: Schedule | undefined): ListRead | null {
  const m =
    /^Procedure list on (\d{4}-\d{2}-\d{2}) from (\d{2}:\d{2}) in (.*) \((.*)\), (\d+) places(?:$|; cancelled (\S+) by (.*?): ([\s\S]*)$)/.exec(
      schedule?.comment ?? '',
    );
  if (!m) return null;
  const [, date, startTime, room, operator, capacity, at, by, reason] = m as unknown as string[];
  const cancelled = at && !Number.isNaN(Date.parse(at)) ? { at, by: by!, reason: reason! } : null;
  return {
    date: date!,
    startTime: startTime!,
    room: room!,
    operator: operator!,
    capacity: Number(capacity),
    cancelled,
  };
}

const localCode = (base: string, name: LocalSystem, codings: readonly Coding[] | undefined) =>
  codings?.find((c) => c.system === localSystemUrl(base, name))?.code;

/** "Purpose: diagnostic and therapeutic" → both, the inverse of the note export.ts writes. */
const purposes: Record<string, Purpose> = Object.fromEntries(
  Object.entries(purposeWords).map(([purpose, words]) => [`Purpose: ${words}`, purpose as Purpose]),
);

function testsOf(base: string, observations: Observation[]): Tests {
  const out: Tests = {};
  for (const o of observations) {
    const test = localCode(base, 'provocation-test', o.code?.coding) as (typeof PROVOCATION_TESTS)[number];
    const code = o.valueCodeableConcept?.coding?.[0]?.code;
    if (test && (code === 'POS' || code === 'NEG')) out[test] = code === 'POS' ? 'positive' : 'negative';
  }
  return out;
}

/** "bupivacaine 0.5 %" → agent and concentration, as drugText in export.ts wrote them. */
function agentOf(text: string): Pick<Drug, 'agent' | 'concentration'> {
  const m = /^(.*) (\d+(?:\.\d+)?) (%|mg\/mL)$/.exec(text);
  if (!m) return { agent: text };
  return { agent: m[1]!, concentration: { value: Number(m[2]), unit: m[3] as '%' | 'mg/mL' } };
}

function drugOf(base: string, a: MedicationAdministration, volumeUrl: string): Drug {
  const kind = localCode(base, 'drug-kind', a.category?.coding) as (typeof DRUG_KINDS)[number];
  const dose = a.dosage?.dose;
  const volume = a.extension?.find((x) => x.url === volumeUrl)?.valueQuantity?.value;
  const { agent, concentration } = agentOf(a.medicationCodeableConcept?.text ?? '');
  return {
    kind,
    agent,
    ...(concentration ? { concentration } : {}),
    // A dose in mg carries the volume as an extension; a dose in mL is the volume (export.ts).
    // Anything missing stays missing, for the step's schema to refuse.
    ...(dose?.unit === 'mg' ? { volumeMl: volume, doseMg: dose.value } : { volumeMl: dose?.value }),
  } as Drug;
}

/** The order the export numbered things in (`…-drug-2`, `…-pain-10`). */
const bySuffix = (a: { id?: string }, b: { id?: string }) =>
  Number(a.id?.split('-').at(-1)) - Number(b.id?.split('-').at(-1));

/** Every episode a patient's export carries, oldest referral first (the export's order). */
export function readPatientRecord(resources: readonly Resource[], ctx: Pick<FhirContext, 'canonicalBase'>) {
  const base = ctx.canonicalBase;
  const sd = (name: string) => canonical(ctx, 'StructureDefinition', name);
  const of = <T extends Resource>(type: T['resourceType']) =>
    resources.filter((r): r is T => r.resourceType === type);
  const observations = of<Observation>('Observation');
  const administrations = of<MedicationAdministration>('MedicationAdministration');
  const responses = of<QuestionnaireResponse>('QuestionnaireResponse');
  const conditions = new Map(of<Condition>('Condition').map((c) => [`Condition/${c.id}`, c]));

  return of<ServiceRequest>('ServiceRequest').map((sr): ExportedEpisode => {
    const id = sr.id!;
    const request = `ServiceRequest/${id}`;
    const based = (r: { basedOn?: { reference?: string }[] }, ref = request) =>
      r.basedOn?.some((b) => b.reference === ref) ?? false;
    const procedure = of<Procedure>('Procedure').find((p) => based(p));
    const procRef = procedure ? `Procedure/${procedure.id}` : undefined;
    const partOfProcedure = (r: { partOf?: { reference?: string }[] }) =>
      procRef !== undefined && (r.partOf?.some((p) => p.reference === procRef) ?? false);
    const carePlan = of<CarePlan>('CarePlan').find((c) => c.id === id && based(c));
    const missing: string[] = [];

    // ── Triage ──
    const indications = (sr.reasonReference ?? [])
      .map((r) => localCode(base, 'indication', conditions.get(r.reference ?? '')?.code?.coding))
      .filter((c): c is (typeof INDICATIONS)[number] => (INDICATIONS as readonly string[]).includes(c ?? ''));
    const note = sr.note?.map((n) => purposes[n.text ?? '']).find(Boolean);
    const purpose =
      note ??
      (procedure?.extension?.find((x) => x.url === sd('injection-purpose'))?.valueCode as
        | Purpose
        | undefined) ??
      null;
    const triageTests = testsOf(
      base,
      observations.filter((o) => based(o) && localCode(base, 'provocation-test', o.code?.coding)),
    );
    const triageResponse = responses.find((r) => formOf(ctx, r) === 'triage' && based(r));
    // An export made before triage had its form carries its findings but not its decision.
    if (purpose && !triageResponse) {
      missing.push('triage.decision', 'triage.facts.priorTreatments', 'triage.facts.conservativeCareWeeks');
    }

    // ── Screening calls ──
    const screenings = responses
      .filter((r) => formOf(ctx, r) === 'screening' && based(r))
      .map((r) => ({
        id: r.id!,
        recordedAt: r.authored!,
        facts: responseFacts(ctx, 'screening', r),
        override: signed(
          r.extension?.find((x) => x.url === sd(SCREENING_OVERRIDE)),
          'reason',
        ),
      }));

    // ── Bookings: the one in force, and every one in the order they were made ──
    /** The list an Appointment takes a place on: its Schedule, as the export names it. */
    const placeOf = (a: Appointment) => {
      const ref = a.supportingInformation?.find((r) => r.reference?.startsWith('Schedule/'))?.reference;
      if (!ref) return null;
      const list = listOf(of<Schedule>('Schedule').find((x) => `Schedule/${x.id}` === ref));
      return { procedureListId: ref.slice('Schedule/'.length), list };
    };
    const appointment = of<Appointment>('Appointment').find(
      (a) => based(a) && (a.status === 'booked' || a.status === 'fulfilled'),
    );
    const place = appointment ? placeOf(appointment) : null;
    const booking =
      appointment && place ? { id: appointment.id!, ...place, plannedAt: appointment.start! } : null;
    if (appointment && !place) missing.push('booking.procedureListId');
    const bookings = of<Appointment>('Appointment')
      .filter((a) => based(a))
      .flatMap((a) => {
        const where = placeOf(a);
        if (!where || !a.start || !a.created) return [];
        return [{ id: a.id!, status: a.status, ...where, plannedAt: a.start, recordedAt: a.created }];
      })
      .sort((a, b) => Date.parse(a.recordedAt) - Date.parse(b.recordedAt));

    // ── The day: check-in, and the forms recorded with the procedure and recovery ──
    const checkIn = responses.find((r) => formOf(ctx, r) === 'check-in' && based(r));
    const responseOf = (form: 'procedure-checklist' | 'going-home') =>
      responses.find((x) => formOf(ctx, x) === form && partOfProcedure(x));
    const ofProcedure = (form: 'procedure-checklist' | 'going-home') => {
      const r = responseOf(form);
      return r ? responseFacts(ctx, form, r) : null;
    };

    // ── The procedure ──
    let proc: ExportedEpisode['procedure'] = null;
    if (procedure) {
      const period = procedure.performedPeriod!;
      const seen = observations.filter(partOfProcedure);
      const observed = (code: string) =>
        seen.find((o) => localCode(base, 'observation', o.code?.coding) === code);
      const side = sideOfLaterality(procedure.bodySite?.[0]?.extension?.[0]?.valueCodeableConcept?.coding);
      const guidanceCodings = procedure.extension?.find((x) => x.url === sd('image-guidance'))
        ?.valueCodeableConcept?.coding;
      const guidance = GUIDANCE.find((g) =>
        guidanceCodings?.some((c) => {
          const ours = guidanceCoding(base, g, side);
          return c.system === ours.system && c.code === ours.code;
        }),
      );
      const spread = localCode(
        base,
        'contrast-spread',
        observed('contrast-spread')?.valueCodeableConcept?.coding,
      );
      const dose = observed('radiation-dose')?.valueQuantity;
      const fluoro = observed('fluoroscopy-time')?.valueQuantity?.value;
      proc = {
        id: procedure.id!,
        recordedAt: responseOf('procedure-checklist')?.authored ?? null,
        record: {
          performedAt: period.start!,
          durationMinutes: Math.round((Date.parse(period.end!) - Date.parse(period.start!)) / 60_000),
          side,
          guidance,
          target: localCode(
            base,
            'injection-target',
            procedure.extension?.find((x) => x.url === sd('injection-target'))?.valueCodeableConcept?.coding,
          ) as (typeof TARGETS)[number] | undefined,
          contrast: spread ? { used: true, spread } : { used: false },
          drugs: administrations
            .filter(partOfProcedure)
            .sort(bySuffix)
            .map((a) => drugOf(base, a, sd('administered-volume'))),
          ...(dose ? { radiationDose: { value: dose.value!, unit: dose.unit! } } : {}),
          ...(fluoro !== undefined ? { fluoroscopySeconds: fluoro } : {}),
          complications: (procedure.complication ?? [])
            .map((c) => localCode(base, 'complication', c.coding))
            .filter((c): c is (typeof COMPLICATIONS)[number] =>
              (COMPLICATIONS as readonly string[]).includes(c ?? ''),
            ),
          notes: procedure.note?.[0]?.text ?? '',
        },
      };
    }

    // ── Recovery ──
    let recovery: ExportedEpisode['recovery'] = null;
    const pains = observations
      .filter((o) => partOfProcedure(o) && o.code?.coding?.some((c) => c.code === CONFIRMED.painNrs.code))
      .sort(bySuffix);
    const baseline = pains.find((o) => o.note?.length);
    if (baseline) {
      const block = observations.find(
        (o) => partOfProcedure(o) && localCode(base, 'observation', o.code?.coding) === 'block-response',
      );
      recovery = {
        baselinePain: baseline.valueQuantity!.value!,
        scores: pains
          .filter((o) => o !== baseline)
          .map((o) => ({ at: o.effectiveDateTime!, pain: o.valueQuantity!.value! })),
        provocationRetest: testsOf(
          base,
          observations.filter(
            (o) => partOfProcedure(o) && localCode(base, 'provocation-test', o.code?.coding),
          ),
        ),
        blockClassification:
          localCode(base, 'block-classification', block?.valueCodeableConcept?.coding) ?? null,
        discharge: ofProcedure('going-home'),
        recordedAt: responseOf('going-home')?.authored ?? null,
      };
    }

    // ── Follow-up: diary, symptom reports, discharge, the outcome review ──
    const roleOf = (r: QuestionnaireResponse) =>
      r.author?.reference?.startsWith('Patient/') ? 'patient' : (r.author?.display ?? 'unknown');
    const followUp = (form: 'diary' | 'symptom-report') =>
      responses.filter((r) => formOf(ctx, r) === form && based(r, `CarePlan/${id}`));
    const diary = followUp('diary').map((r) => ({
      id: r.id!,
      at: r.authored!,
      facts: responseFacts(ctx, 'diary', r),
      enteredByRole: roleOf(r),
    }));
    const symptomReports = followUp('symptom-report').map((r) => ({
      id: r.id!,
      reportedAt: r.authored!,
      facts: { ...responseFacts(ctx, 'symptom-report', r), reportedAt: r.authored! },
      reportedByRole: roleOf(r),
      acknowledgement: signed(
        r.extension?.find((x) => x.url === sd(REPORT_ACKNOWLEDGED)),
        'note',
      ),
    }));
    const reviewActivity = carePlan?.activity?.find((a) =>
      localCode(base, 'outcome-decision', a.detail?.code?.coding),
    );
    const decisionActivity = reviewActivity?.detail;
    const decision = localCode(base, 'outcome-decision', decisionActivity?.code?.coding) as
      | OutcomeDecision
      | undefined;
    const prefix = decision ? `${LOCAL_DISPLAYS['outcome-decision'][decision]}: ` : '';
    const outcomeReview =
      decision && OUTCOME_DECISIONS.includes(decision) && decisionActivity?.description?.startsWith(prefix)
        ? {
            decision,
            reason: decisionActivity.description.slice(prefix.length),
            recordedAt: reviewActivity?.progress?.find((n) => n.text === OUTCOME_REVIEWED_NOTE)?.time ?? null,
          }
        : null;
    const moves = of<Task>('Task')
      .filter((t) => based(t) && t.status === 'completed')
      .flatMap((t) => {
        const move = localCode(base, 'move', t.code?.coding) as MoveName | undefined;
        const at = t.executionPeriod?.start ?? t.authoredOn;
        return move && moveNames.includes(move) && at
          ? [{ id: t.id!, move, at, reason: t.statusReason?.text ?? null }]
          : [];
      })
      .sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
    const override = carePlan?.note?.find((n) => n.text?.startsWith(DISCHARGE_OVERRIDE_NOTE))?.text;

    const leaflets = of<DocumentReference>('DocumentReference')
      .filter(
        (d) =>
          localCode(base, 'document-type', d.type?.coding) === 'leaflet' &&
          d.context?.related?.some((r) => r.reference === request),
      )
      .flatMap((d) => {
        const m = /^(.*) \(version (.*)\)$/.exec(d.content?.[0]?.attachment?.title ?? '');
        return m ? [{ leaflet: m[1]!, leafletVersion: m[2]!, givenAt: d.date! }] : [];
      });

    return {
      requestId: id,
      triage: {
        purpose,
        indications,
        provocationTests: triageTests,
        form: triageResponse ? responseFacts(ctx, 'triage', triageResponse) : null,
        recordedAt: triageResponse?.authored ?? null,
      },
      screenings,
      booking,
      checkIn: checkIn ? responseFacts(ctx, 'check-in', checkIn) : null,
      checkedInAt: checkIn?.authored ?? null,
      bookings,
      checklist: ofProcedure('procedure-checklist'),
      procedure: proc,
      recovery,
      diary,
      symptomReports,
      discharge: carePlan?.period?.start
        ? {
            recordedAt: carePlan.period.start,
            overrideReason: override ? override.slice(DISCHARGE_OVERRIDE_NOTE.length) : null,
          }
        : null,
      outcomeReview,
      moves,
      leaflets,
      missing,
    };
  });
}

/**
 * What a person signed beside a response, as export.ts writes it (`signedBy`): its words (`what`,
 * trimmed), who and when; none unless it has its words and its time.
 */
function signed<K extends string>(
  x: Extension | undefined,
  what: K,
): (Record<K, string> & { by: string; at: string }) | null {
  const part = (url: string) => x?.extension?.find((p) => p.url === url);
  const words = part(what)?.valueString?.trim();
  const at = part('at')?.valueDateTime;
  if (!words || !at) return null;
  return { [what]: words, by: part('by')?.valueString ?? '', at } as Record<K, string> & {
    by: string;
    at: string;
  };
}
