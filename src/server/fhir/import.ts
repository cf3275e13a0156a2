/**
 * Importing referrals read from a FHIR Bundle (src/fhir/import.ts) through the app's own commands:
 * createPatient / updatePatient, referPatient, noteOnEpisode — and, when the Bundle is an export
 * of ours carrying the episode's record, that record replayed through the steps (replay.ts). Run
 * inside one transaction by the caller: a problem with any referral or any step stores nothing.
 * Importing the same Bundle again finds the patient by NHS number or MRN and the episode by the
 * referral's identifier (episode.sourceSystem / sourceId), and changes nothing when nothing differs.
 */
import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Tx } from '../../db/client.ts';
import { episode, episodeEvent, patient } from '../../db/schema.ts';
import type { Actor } from '../../domain/actor.ts';
import { identifierSystems } from '../../fhir/context.ts';
import type { ImportResult as ImportedReferral, IncomingReferral } from '../../fhir/import.ts';
import { type ExportedEpisode, readPatientRecord } from '../../fhir/read-record.ts';
import { decodeReferralNote, encodeReferralNote, sameNote } from '../../fhir/referral-note.ts';
import type { PatientChanges, PatientInput } from '../../shared/api/core.ts';
import { lockEpisode, noteOnEpisode, referPatient } from '../episodes/episodes.ts';
import { DomainError } from '../errors.ts';
import { createPatient, updatePatient } from '../patients/patients.ts';
import { hasRecord, notApplied, openedAt, replayEpisode } from './replay.ts';

export type { ImportResult as ImportedReferral } from '../../fhir/import.ts';

type PatientRow = typeof patient.$inferSelect;
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

async function findByIdentifiers(tx: Tx, clinicId: string, p: PatientInput, entry: number) {
  const at = `Bundle.entry[${entry}].resource.identifier`;
  const [byNhs] = p.nhsNumber
    ? await tx
        .select()
        .from(patient)
        .where(and(eq(patient.clinicId, clinicId), eq(patient.nhsNumber, p.nhsNumber)))
    : [];
  const [byMrn] = p.mrn
    ? await tx
        .select()
        .from(patient)
        .where(and(eq(patient.clinicId, clinicId), sql`lower(${patient.mrn}) = lower(${p.mrn})`))
    : [];
  if (byNhs && byMrn && byNhs.id !== byMrn.id) {
    throw new DomainError(
      'duplicate_identifier',
      'The NHS number and the MRN of this Patient belong to two different patients at this clinic: check the referral.',
      { expression: at },
    );
  }
  return byNhs ?? byMrn;
}

/** Creates the patient, or updates what the referral says differently; never a different date of birth. */
async function upsertPatient(
  tx: Tx,
  clinicId: string,
  p: PatientInput,
  entry: number,
): Promise<{ row: { id: string; version: number }; outcome: ImportedReferral['patient'] }> {
  const match: PatientRow | undefined = await findByIdentifiers(tx, clinicId, p, entry);
  if (!match) {
    const created = await createPatient(tx, clinicId, p);
    return { row: created, outcome: 'created' };
  }
  if (match.birthDate !== p.birthDate) {
    // An identifier that points at someone born on another day is a wrong identifier, not a correction.
    throw new DomainError(
      'validation_failed',
      `This Patient's identifier belongs to a patient at this clinic born on ${match.birthDate}, not ${p.birthDate}: check the referral before importing it.`,
      { expression: `Bundle.entry[${entry}].resource.birthDate` },
    );
  }
  const changes: Partial<PatientInput> = {};
  for (const field of ['givenName', 'familyName', 'sex', 'nhsNumber', 'mrn', 'email', 'phone'] as const) {
    const value = p[field];
    if (value !== null && value !== undefined && value !== match[field]) {
      (changes as Record<string, unknown>)[field] = value;
    }
  }
  if (Object.keys(changes).length === 0) return { row: match, outcome: 'unchanged' };
  const updated = await updatePatient(tx, clinicId, match.id, {
    ...changes,
    version: match.version,
  } as PatientChanges);
  return { row: updated, outcome: 'updated' };
}

/** The episode an incoming referral is, if it has been imported (or exported by us) before. */
async function findEpisode(
  tx: Tx,
  clinicId: string,
  canonicalBase: string,
  source: { system: string; id: string },
) {
  const [bySource] = await tx
    .select()
    .from(episode)
    .where(
      and(
        eq(episode.clinicId, clinicId),
        eq(episode.sourceSystem, source.system),
        eq(episode.sourceId, source.id),
      ),
    );
  if (bySource) return bySource;
  // Our own export names the episode by its id: coming back, it is the same episode.
  if (source.system === identifierSystems(canonicalBase).episode && uuid.test(source.id)) {
    const [own] = await tx
      .select()
      .from(episode)
      .where(and(eq(episode.clinicId, clinicId), eq(episode.id, source.id)));
    return own;
  }
  return undefined;
}

async function latestNote(tx: Tx, episodeId: string) {
  const [row] = await tx
    .select({ details: episodeEvent.details })
    .from(episodeEvent)
    .where(
      and(eq(episodeEvent.episodeId, episodeId), inArray(episodeEvent.event, ['refer', 'referral.updated'])),
    )
    .orderBy(desc(episodeEvent.at), desc(episodeEvent.id))
    .limit(1);
  return decodeReferralNote(row?.details ?? null);
}

export async function importReferrals(
  tx: Tx,
  actor: Actor,
  incoming: IncomingReferral[],
  canonicalBase: string,
  now: Date = new Date(),
  resources: readonly Record<string, unknown>[] = [],
): Promise<ImportedReferral[]> {
  const records = readRecords(resources, canonicalBase);
  const patients = new Map<
    number,
    { row: { id: string; version: number }; outcome: ImportedReferral['patient'] }
  >();
  const results: ImportedReferral[] = [];
  // Several referrals of one patient update the patient once; order by entry so retries lock alike.
  for (const r of [...incoming].sort((a, b) => a.entry - b.entry)) {
    let p = patients.get(r.patientEntry);
    if (!p) {
      p = await upsertPatient(tx, actor.clinicId, r.patient, r.patientEntry);
      patients.set(r.patientEntry, p);
    }
    const found = records.find((x) => x.requestId === r.requestId);
    const record = found && hasRecord(found) ? found : undefined;
    const person = { id: p.row.id, name: `${r.patient.givenName} ${r.patient.familyName}` };
    const existing = await findEpisode(tx, actor.clinicId, canonicalBase, r.note.source);
    if (!existing) {
      // A referral with its record starts when it was referred, and its steps follow at their times.
      const opened = record ? await openedAt(tx, actor, r.referral.referredOn, record, person) : now;
      const created = await referPatient(tx, actor, p.row.id, r.referral, opened, {
        source: r.note.source,
        details: encodeReferralNote(r.note),
      });
      if (record) {
        await replayEpisode(tx, actor, created.id, record, person).catch((error) => {
          if (error instanceof DomainError && error.extra.expression === undefined) {
            // Name the entry at fault: the step's own resource, or else the episode's referral.
            const at = resources.findIndex((x) => `${x.resourceType}/${x.id}` === error.extra.resource);
            throw new DomainError(error.code, error.detail, {
              ...error.extra,
              expression: `Bundle.entry[${at >= 0 ? at : r.entry}].resource`,
            });
          }
          throw error;
        });
      }
      results.push({ ...ids(r, p), episodeId: created.id, episode: 'created' });
      continue;
    }
    if (existing.patientId !== p.row.id) {
      throw new DomainError(
        'duplicate_identifier',
        'This referral was imported before for another patient: check the ServiceRequest identifier and the Patient.',
        { expression: `Bundle.entry[${r.entry}].resource.identifier` },
      );
    }
    const before = await latestNote(tx, existing.id);
    const ownExport = existing.sourceSystem === null;
    const warning =
      record && !ownExport ? await recordNotApplied(tx, actor, existing.id, record, person) : undefined;
    if (sameNote(before, r.note) || (ownExport && r.note.conditions.length + r.note.medicines.length === 0)) {
      results.push({ ...ids(r, p), episodeId: existing.id, episode: 'unchanged', ...warning });
      continue;
    }
    const current = await lockEpisode(tx, actor, existing.id);
    await noteOnEpisode(tx, actor, current, {
      event: 'referral.updated',
      details: encodeReferralNote(r.note),
      at: now,
    });
    results.push({ ...ids(r, p), episodeId: existing.id, episode: 'updated', ...warning });
  }
  return results;
}

/**
 * A record is replayed only when its referral is first imported. Sent again for an episode here,
 * it is not replayed onto it: the episode has its own timeline since then, and steps slipped in
 * before it would misstate the order of events. What it carries beyond what is here is not
 * applied, and the sender is told (a warning on the referral's entry, a line from
 * `sijpath import fhir`), so that nothing sent is dropped unsaid — whether the referral came alone
 * before, or with a shorter record.
 */
async function recordNotApplied(
  tx: Tx,
  actor: Actor,
  episodeId: string,
  record: ExportedEpisode,
  patient: { id: string; name: string },
): Promise<{ warning: string } | undefined> {
  const left = await notApplied(tx, actor, episodeId, record, patient);
  if (left.length === 0) return undefined;
  // Replayed once, a record marks every line of its episode's timeline imported.
  const [replayed] = await tx
    .select({ id: episodeEvent.id })
    .from(episodeEvent)
    .where(and(eq(episodeEvent.episodeId, episodeId), sql`${episodeEvent.details} ? 'imported'`))
    .limit(1);
  if (!replayed) {
    return {
      warning:
        'This referral was imported before without its record, and the record sent now (its triage, screening, procedure and follow-up) was not applied: a record is replayed only when its referral is first imported, and this episode began here with the referral alone. Ask the sending clinic for a letter, or record the steps here.',
    };
  }
  const shown = left.slice(0, 5).join('; ');
  const more = left.length > 5 ? `; and ${left.length - 5} more` : '';
  return {
    warning: `The record sent now carries ${left.length === 1 ? 'an entry' : `${left.length} entries`} the record imported before did not, and ${left.length === 1 ? 'it was' : 'they were'} not applied: ${shown}${more}. A record is replayed only when its referral is first imported, and this episode has its own timeline here since. Ask the sending clinic for a letter, or record ${left.length === 1 ? 'it' : 'them'} here.`,
  };
}

const ids = (
  r: IncomingReferral,
  p: { row: { id: string; version: number }; outcome: ImportedReferral['patient'] },
) => ({
  entry: r.entry,
  patientEntry: r.patientEntry,
  patientId: p.row.id,
  patientVersion: p.row.version,
  patient: p.outcome,
});

/**
 * The episodes' records the Bundle carries (an export of ours), read back. The reading trusts the
 * export's shape, so a hand-made Bundle that breaks it is refused as unreadable, not a crash.
 */
function readRecords(
  resources: readonly Record<string, unknown>[],
  canonicalBase: string,
): ExportedEpisode[] {
  if (!resources.some((r) => r.resourceType !== 'Patient' && r.resourceType !== 'ServiceRequest')) return [];
  try {
    return readPatientRecord(resources as unknown as Parameters<typeof readPatientRecord>[0], {
      canonicalBase,
    });
  } catch (error) {
    throw new DomainError(
      'validation_failed',
      `The episode's record in this Bundle could not be read (${error instanceof Error ? error.message : String(error)}): send it as our export writes it, or send the referral alone.`,
      { expression: 'Bundle.entry' },
    );
  }
}
