/**
 * Reading a referral Bundle (FHIR R4 transaction): Patient, ServiceRequest, Condition and
 * MedicationStatement (Practitioner, PractitionerRole and Organization only to name the referrer),
 * and, from an export of ours, the episode's record after the referral (RECORD_TYPES), which the
 * server reads back (src/fhir/read-record.ts) and replays through the steps.
 * Pure: it says what the Bundle asks for, or lists every problem with the FHIRPath of the element
 * at fault, so that nothing is stored from a Bundle with any problem. The server then creates or
 * updates the patient and opens the episode (src/server/fhir/import.ts).
 */
import type {
  Bundle,
  BundleEntry,
  Coding,
  OperationOutcome,
  OperationOutcomeIssue,
} from '@medplum/fhirtypes';
import { type PatientInput, PatientInput as PatientInputSchema, Referral } from '../shared/api/core.ts';
import { LATERALITY_EXTENSION, SYSTEMS, sideOfLaterality } from './codes.ts';
import {
  MAX_CONDITIONS,
  MAX_MEDICINES,
  type ReferralCondition,
  type ReferralMedicine,
  type ReferralNote,
} from './referral-note.ts';

/** A whole patient's export, every step and diary entry of a few episodes, fits. */
export const MAX_ENTRIES = 1000;

export interface Issue {
  severity: 'error' | 'warning';
  code: OperationOutcomeIssue['code'];
  expression: string;
  text: string;
}

export interface IncomingReferral {
  /** The Bundle entry of the ServiceRequest and of its Patient. */
  entry: number;
  /** The ServiceRequest's id in the Bundle, which the episode's record refers to. */
  requestId: string | undefined;
  patientEntry: number;
  patient: PatientInput;
  referral: Referral;
  note: ReferralNote;
}

export type ReadResult =
  | { ok: true; referrals: IncomingReferral[]; resources: Record<string, unknown>[] }
  | { ok: false; issues: Issue[] };

const SUPPORTED = ['Patient', 'ServiceRequest', 'Condition', 'MedicationStatement'];
const NAMING = ['Practitioner', 'PractitionerRole', 'Organization'];
/** An episode's record as our export writes it, read back and replayed (src/server/fhir/replay.ts). */
export const RECORD_TYPES = [
  'Observation',
  'QuestionnaireResponse',
  'Procedure',
  'MedicationAdministration',
  'Appointment',
  'Schedule',
  'CarePlan',
  'DocumentReference',
  'Task',
  'Provenance',
];
/** How the export notes triage's purpose on the ServiceRequest (export.ts): triage's, not the referrer's. */
const PURPOSE_NOTE = /^Purpose: /;

type Json = Record<string, unknown>;
const obj = (v: unknown): Json | undefined =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : undefined;
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v.trim() : undefined);

const textOf = (concept: unknown): string | undefined => {
  const c = obj(concept);
  if (!c) return undefined;
  const coding = arr(c.coding)
    .map(obj)
    .find((k) => str(k?.display) || str(k?.code));
  return str(c.text) ?? str(coding?.display) ?? str(coding?.code);
};

function nameOf(resource: Json | undefined): string | undefined {
  if (!resource) return undefined;
  if (str(resource.name)) return str(resource.name);
  const n = arr(resource.name).map(obj)[0];
  if (!n) return undefined;
  return (
    str(n.text) ??
    ([...arr(n.prefix), ...arr(n.given), n.family].filter((x) => str(x)).join(' ') || undefined)
  );
}

function addressOf(resource: Json | undefined): string | undefined {
  const a = arr(resource?.address).map(obj)[0];
  if (!a) return undefined;
  return (
    str(a.text) ?? ([...arr(a.line), a.city, a.postalCode].filter((x) => str(x)).join('\n') || undefined)
  );
}

/** Reads a referral transaction Bundle. */
export function readReferralBundle(input: unknown, canonicalBase: string): ReadResult {
  const issues: Issue[] = [];
  const fail = (expression: string, text: string, code: Issue['code'] = 'invalid') =>
    issues.push({ severity: 'error', code, expression, text });
  const bundle = obj(input);
  if (bundle?.resourceType !== 'Bundle') {
    fail('Bundle', 'Send a FHIR Bundle (resourceType "Bundle").', 'structure');
    return { ok: false, issues };
  }
  if (bundle.type !== 'transaction') {
    fail(
      'Bundle.type',
      `A referral is imported from a transaction Bundle, not "${String(bundle.type)}": all of it or nothing.`,
      'value',
    );
  }
  const entries = arr(bundle.entry);
  if (entries.length === 0) fail('Bundle.entry', 'The Bundle has no entries.', 'required');
  if (entries.length > MAX_ENTRIES) {
    fail(
      'Bundle.entry',
      `At most ${MAX_ENTRIES} entries in one Bundle; this one has ${entries.length}.`,
      'too-costly',
    );
    return { ok: false, issues };
  }

  // Index the entries by fullUrl and by Type/id, so references resolve either way.
  const byKey = new Map<string, number>();
  const resources = entries.map((e, i) => {
    const entry = obj(e);
    const r = obj(entry?.resource);
    const at = `Bundle.entry[${i}]`;
    if (!r) {
      fail(`${at}.resource`, 'Each entry needs a resource.', 'required');
      return undefined;
    }
    const type = String(r.resourceType);
    if (!SUPPORTED.includes(type) && !NAMING.includes(type) && !RECORD_TYPES.includes(type)) {
      fail(
        `${at}.resource`,
        `${type} is not imported: a referral Bundle holds Patient, ServiceRequest, Condition and MedicationStatement (and Practitioner, PractitionerRole or Organization for the referrer); an export of ours also its record (${RECORD_TYPES.join(', ')}).`,
        'not-supported',
      );
    }
    const request = obj(entry?.request);
    if (request && !['POST', 'PUT'].includes(String(request.method))) {
      fail(
        `${at}.request.method`,
        `Only POST and PUT are imported, not ${String(request.method)}.`,
        'not-supported',
      );
    }
    const fullUrl = str(entry?.fullUrl);
    if (fullUrl) byKey.set(fullUrl, i);
    if (str(r.id)) byKey.set(`${type}/${str(r.id)}`, i);
    return r;
  });

  /** The entry a reference points to: contained (#id), a fullUrl, or Type/id (also as the tail of a URL). */
  const resolve = (from: Json, reference: unknown): { index?: number; resource?: Json } => {
    const r = str(obj(reference)?.reference);
    if (!r) return {};
    if (r.startsWith('#'))
      return {
        resource: arr(from.contained)
          .map(obj)
          .find((c) => c?.id === r.slice(1)),
      };
    const direct = byKey.get(r);
    if (direct !== undefined) return { index: direct, resource: resources[direct] };
    const tail = r.split('/').slice(-2).join('/');
    const index = byKey.get(tail);
    return index === undefined ? {} : { index, resource: resources[index] };
  };

  const ofType = (type: string) =>
    resources.flatMap((r, i) => (r?.resourceType === type ? [{ r: r as Json, i }] : []));

  // Patients.
  const patients = new Map<number, PatientInput>();
  for (const { r, i } of ofType('Patient')) {
    const p = readPatient(r, `Bundle.entry[${i}].resource`, canonicalBase, fail);
    if (p) patients.set(i, p);
  }

  // Conditions and medicines per patient entry.
  const conditionsOf = new Map<number, { i: number; c: ReferralCondition }[]>();
  /**
   * A Condition or MedicationStatement a step recorded (triage's indications, the screening's
   * antithrombotics: export.ts links them to its response) is the step's, when that response is
   * in the Bundle to be replayed — not a second copy in the referral's note.
   */
  const fromRecord = (r: Json, refs: unknown[]) =>
    refs.some((x) => {
      const index = resolve(r, x).index;
      return index !== undefined && resources[index]?.resourceType === 'QuestionnaireResponse';
    });

  for (const { r, i } of ofType('Condition')) {
    if (
      fromRecord(
        r,
        arr(r.evidence).flatMap((e) => arr(obj(e)?.detail)),
      )
    )
      continue;
    const at = `Bundle.entry[${i}].resource`;
    const subject = resolve(r, r.subject);
    if (subject.index === undefined || resources[subject.index]?.resourceType !== 'Patient') {
      fail(`${at}.subject`, 'The Condition must refer to a Patient in the Bundle.', 'required');
      continue;
    }
    const code = obj(r.code);
    const text = textOf(code);
    if (!text) {
      fail(`${at}.code`, 'The Condition needs a code or a text.', 'required');
      continue;
    }
    const codings: Coding[] = arr(code?.coding)
      .map(obj)
      .filter((k): k is Json => Boolean(k && str(k.code)))
      .map((k) => ({
        ...(str(k.system) ? { system: str(k.system)! } : {}),
        code: str(k.code)!,
        ...(str(k.display) ? { display: str(k.display)! } : {}),
      }));
    const list = conditionsOf.get(subject.index) ?? [];
    list.push({ i, c: { codings, text: text.slice(0, 500) } });
    conditionsOf.set(subject.index, list);
  }
  const medicinesOf = new Map<number, ReferralMedicine[]>();
  for (const { r, i } of ofType('MedicationStatement')) {
    if (fromRecord(r, arr(r.derivedFrom))) continue;
    const at = `Bundle.entry[${i}].resource`;
    const subject = resolve(r, r.subject);
    if (subject.index === undefined || resources[subject.index]?.resourceType !== 'Patient') {
      fail(`${at}.subject`, 'The MedicationStatement must refer to a Patient in the Bundle.', 'required');
      continue;
    }
    const status = str(r.status);
    const statuses = [
      'active',
      'completed',
      'entered-in-error',
      'intended',
      'stopped',
      'on-hold',
      'unknown',
      'not-taken',
    ];
    if (!status || !statuses.includes(status)) {
      fail(`${at}.status`, `The status must be one of ${statuses.join(', ')}.`, 'code-invalid');
      continue;
    }
    if (status === 'entered-in-error' || status === 'not-taken') continue;
    const text = textOf(r.medicationCodeableConcept);
    if (!text) {
      fail(
        `${at}.medication`,
        'Name the medicine in medicationCodeableConcept (a text or a coding with a display).',
        'required',
      );
      continue;
    }
    const dosage = arr(r.dosage)
      .map((d) => str(obj(d)?.text))
      .filter(Boolean)
      .join('; ');
    const list = medicinesOf.get(subject.index) ?? [];
    list.push({
      text: text.slice(0, 200),
      ...(dosage ? { dosage: dosage.slice(0, 200) } : {}),
      ...(status !== 'active' ? { status } : {}),
    });
    medicinesOf.set(subject.index, list);
  }

  // The referrals.
  const referrals: IncomingReferral[] = [];
  const requested = new Set<number>();
  const keys = new Set<string>();
  for (const { r, i } of ofType('ServiceRequest')) {
    const at = `Bundle.entry[${i}].resource`;
    const errorsBefore = issues.length;
    const subject = resolve(r, r.subject);
    const patientEntry = subject.index;
    if (patientEntry === undefined || resources[patientEntry]?.resourceType !== 'Patient') {
      fail(`${at}.subject`, 'The ServiceRequest must refer to a Patient in the Bundle.', 'required');
    } else requested.add(patientEntry);
    const identifier = arr(r.identifier).map(obj)[0];
    const source = { system: str(identifier?.system), id: str(identifier?.value) };
    if (!source.system || !source.id) {
      fail(
        `${at}.identifier`,
        'The ServiceRequest needs an identifier with a system and a value: importing the same referral twice must open one episode.',
        'required',
      );
    } else if (keys.has(`${source.system}|${source.id}`)) {
      fail(`${at}.identifier`, 'Two ServiceRequests in the Bundle have the same identifier.', 'duplicate');
    } else keys.add(`${source.system}|${source.id}`);
    if (r.status === 'entered-in-error')
      fail(`${at}.status`, 'A referral entered in error is not imported.', 'business-rule');
    const authored = str(r.authoredOn);
    if (!authored || !/^\d{4}-\d{2}-\d{2}/.test(authored)) {
      fail(`${at}.authoredOn`, 'Give the date of the referral (authoredOn).', 'required');
    }
    const requester = resolve(r, r.requester);
    const referrer = str(obj(r.requester)?.display) ?? nameOf(requester.resource);
    const referrerAddress = addressOf(requester.resource);
    const own = (conditionsOf.get(patientEntry ?? -1) ?? []).filter(({ i: ci }) => {
      const refs = arr(r.reasonReference).map((x) => resolve(r, x).index);
      return refs.length === 0 || refs.includes(ci);
    });
    // With triage's own record in the Bundle, the purpose note is triage's, replayed with it.
    const triaged = ofType('QuestionnaireResponse').some(
      ({ r: q }) =>
        String(q.questionnaire ?? '').includes('/Questionnaire/triage') &&
        arr(q.basedOn).some((b) => resolve(q, b).index === i),
    );
    const notes = arr(r.note)
      .map((n) => str(obj(n)?.text))
      .filter((t) => !(triaged && t && PURPOSE_NOTE.test(t)));
    const reason =
      [...arr(r.reasonCode).map(textOf), ...notes].filter(Boolean).join('; ') ||
      own.map(({ c }) => c.text).join('; ');
    const side = sideOfLaterality(
      arr(r.bodySite)
        .flatMap((b) => arr(obj(b)?.extension))
        .map(obj)
        .filter((x) => x?.url === LATERALITY_EXTENSION)
        .flatMap((x) => arr(obj(x?.valueCodeableConcept)?.coding) as Coding[]),
    );
    const parsed = Referral.safeParse({
      referrer: referrer ?? '',
      referrerAddress: referrerAddress ?? null,
      referredOn: authored?.slice(0, 10) ?? '',
      reason: reason.slice(0, 2000),
      side: side ?? null,
    });
    if (!parsed.success) {
      const where: Record<string, string> = {
        referrer: 'requester',
        referredOn: 'authoredOn',
        reason: 'reasonCode',
        referrerAddress: 'requester',
      };
      for (const problem of parsed.error.issues) {
        const field = String(problem.path[0] ?? '');
        const what =
          field === 'referrer'
            ? 'Name the referrer (requester.display, or a Practitioner or Organization with a name).'
            : field === 'reason'
              ? 'Say why the patient is referred (reasonCode, a note or a Condition).'
              : `${field}: ${problem.message}`;
        if (field === 'referredOn' && issues.length > errorsBefore) continue;
        fail(`${at}.${where[field] ?? field}`, what, 'invalid');
      }
    }
    if (own.length > MAX_CONDITIONS)
      fail(`${at}.reasonReference`, `At most ${MAX_CONDITIONS} conditions per referral.`, 'too-costly');
    const meds = medicinesOf.get(patientEntry ?? -1) ?? [];
    if (meds.length > MAX_MEDICINES)
      fail(`${at}.subject`, `At most ${MAX_MEDICINES} medicines per patient.`, 'too-costly');
    const patient = patientEntry === undefined ? undefined : patients.get(patientEntry);
    if (issues.length > errorsBefore || !parsed.success || !patient || !source.system || !source.id) continue;
    referrals.push({
      entry: i,
      requestId: str(r.id),
      patientEntry: patientEntry!,
      patient,
      referral: parsed.data,
      note: {
        source: { system: source.system, id: source.id },
        conditions: own.map(({ c }) => c),
        medicines: meds,
      },
    });
  }
  for (const { i } of ofType('Patient')) {
    if (!requested.has(i)) {
      fail(
        `Bundle.entry[${i}].resource`,
        'This Patient has no ServiceRequest: a referral Bundle opens an episode for each ServiceRequest.',
        'required',
      );
    }
  }
  if (ofType('ServiceRequest').length === 0)
    fail('Bundle.entry', 'The Bundle has no ServiceRequest (the referral).', 'required');
  return issues.length > 0
    ? { ok: false, issues }
    : { ok: true, referrals, resources: resources.filter((r): r is Json => r !== undefined) };
}

const GENDERS = ['male', 'female', 'other', 'unknown'] as const;

function readPatient(
  r: Json,
  at: string,
  canonicalBase: string,
  fail: (expression: string, text: string, code?: Issue['code']) => void,
): PatientInput | undefined {
  const name =
    arr(r.name)
      .map(obj)
      .find((n) => n && (n.use === 'official' || n.use === undefined)) ?? arr(r.name).map(obj)[0];
  const identifiers = arr(r.identifier).map(obj);
  const nhs = identifiers.find((x) => x?.system === SYSTEMS.nhsNumber);
  const mrn =
    identifiers.find((x) =>
      arr(obj(x?.type)?.coding).some(
        (c) => obj(c)?.code === 'MR' && obj(c)?.system === SYSTEMS.identifierType,
      ),
    ) ?? identifiers.find((x) => x?.system === `${canonicalBase}/sid/mrn`);
  const gender = str(r.gender);
  let ok = true;
  if (!gender || !(GENDERS as readonly string[]).includes(gender)) {
    fail(
      `${at}.gender`,
      `The gender must be one of ${GENDERS.join(', ')}${gender ? `, not "${gender}"` : ''}.`,
      'code-invalid',
    );
    ok = false;
  }
  const telecom = arr(r.telecom).map(obj);
  const candidate = {
    givenName: str(arr(name?.given)[0]) ?? '',
    familyName: str(name?.family) ?? '',
    birthDate: str(r.birthDate) ?? '',
    sex: gender ?? 'unknown',
    nhsNumber: str(nhs?.value) ?? null,
    mrn: str(mrn?.value) ?? null,
    email: str(telecom.find((t) => t?.system === 'email')?.value) ?? null,
    phone: str(telecom.find((t) => t?.system === 'phone')?.value) ?? null,
  };
  const parsed = PatientInputSchema.safeParse(candidate);
  if (!parsed.success) {
    const where: Record<string, string> = {
      givenName: 'name.given',
      familyName: 'name.family',
      birthDate: 'birthDate',
      nhsNumber: 'identifier',
      mrn: 'identifier',
      email: 'telecom',
      phone: 'telecom',
      sex: 'gender',
    };
    for (const problem of parsed.error.issues) {
      const field = String(problem.path[0] ?? '');
      if (field === 'sex') continue;
      const what =
        field === 'nhsNumber' && problem.message.startsWith('Give')
          ? `Give an NHS number (identifier system ${SYSTEMS.nhsNumber}) or a local MRN (identifier type MR).`
          : `${field}: ${problem.message}`;
      fail(
        `${at}.${where[field] ?? field}`,
        what,
        field === 'givenName' || field === 'familyName' ? 'required' : 'value',
      );
    }
    return undefined;
  }
  return ok ? parsed.data : undefined;
}

/** The problems as an OperationOutcome. */
export function operationOutcome(issues: Issue[]): OperationOutcome {
  return {
    resourceType: 'OperationOutcome',
    issue: issues.map((i) => ({
      severity: i.severity,
      code: i.code,
      details: { text: i.text },
      expression: [i.expression],
    })),
  };
}

/** An OperationOutcome for one problem (not found, forbidden …). */
export function outcomeOf(
  code: OperationOutcomeIssue['code'],
  text: string,
  severity: OperationOutcomeIssue['severity'] = 'error',
): OperationOutcome {
  return { resourceType: 'OperationOutcome', issue: [{ severity, code, details: { text } }] };
}

export interface ImportResult {
  entry: number;
  patientEntry: number;
  patientId: string;
  patientVersion: number;
  patient: 'created' | 'updated' | 'unchanged';
  episodeId: string;
  episode: 'created' | 'updated' | 'unchanged';
  /** What was sent but not applied, in words for the sender (e.g. a record for an episode opened before). */
  warning?: string;
}

/**
 * The transaction-response: one entry per entry sent, in order. The episode answers for its
 * ServiceRequest (ServiceRequest/<episode id>); Conditions and MedicationStatements are kept as
 * the referral's note and say so.
 */
export function transactionResponse(sent: unknown, results: ImportResult[]): Bundle {
  const entries = arr(obj(sent)?.entry);
  const status = (o: 'created' | 'updated' | 'unchanged') => (o === 'created' ? '201 Created' : '200 OK');
  return {
    resourceType: 'Bundle',
    type: 'transaction-response',
    entry: entries.map((e, i): BundleEntry => {
      const type = String(obj(obj(e)?.resource)?.resourceType);
      const asPatient = results.find((r) => r.patientEntry === i);
      if (type === 'Patient' && asPatient) {
        return {
          response: {
            status: status(asPatient.patient),
            location: `Patient/${asPatient.patientId}/_history/${asPatient.patientVersion}`,
          },
        };
      }
      const asRequest = results.find((r) => r.entry === i);
      if (type === 'ServiceRequest' && asRequest) {
        return {
          response: {
            status: status(asRequest.episode),
            location: `ServiceRequest/${asRequest.episodeId}`,
            outcome: asRequest.warning
              ? outcomeOf('business-rule', asRequest.warning, 'warning')
              : outcomeOf(
                  'informational',
                  asRequest.episode === 'unchanged'
                    ? 'This referral was imported before; nothing changed.'
                    : asRequest.episode === 'created'
                      ? 'The referral opened an episode.'
                      : 'The referral was imported before; its conditions or medicines changed and are noted on the episode.',
                  'information',
                ),
          },
        };
      }
      return {
        response: {
          status: '200 OK',
          outcome: outcomeOf(
            'informational',
            type === 'Condition' || type === 'MedicationStatement'
              ? 'Kept as received, as the note of the referral (its ServiceRequest).'
              : 'Read for the referrer’s name and address.',
            'information',
          ),
        },
      };
    }),
  };
}
