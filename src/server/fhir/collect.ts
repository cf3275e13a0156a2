/**
 * What the FHIR export maps, read through the app's own read model (episodeDetail: the episode
 * page's one statement) plus the rows it does not carry: where an imported referral came from and
 * its note, the diary entries, symptom reports and leaflets given. No business logic here: the
 * mapping is src/fhir/export.ts.
 */
import { and, asc, desc, eq, inArray, isNotNull } from 'drizzle-orm';
import type { Database, Executor } from '../../db/client.ts';
import {
  alert,
  clinic,
  diaryEntry,
  episode,
  episodeEvent,
  leafletIssue,
  patient,
  symptomReport,
} from '../../db/schema.ts';
import type { Actor } from '../../domain/actor.ts';
import type { RedFlagReport } from '../../domain/clinical/index.ts';
import type { DiaryEntryFacts } from '../../domain/diary.ts';
import type { EpisodeExportInput, PatientExportInput } from '../../fhir/export.ts';
import { decodeReferralNote, type ReferralNote } from '../../fhir/referral-note.ts';
import { presentEpisode } from '../episodes/episodes.ts';
import { episodeDetail } from '../episodes/read.ts';
import { notFound } from '../errors.ts';
import { presentPatient } from '../patients/patients.ts';

const iso = (d: Date) => d.toISOString();

async function findPatient(db: Executor, clinicId: string, id: string) {
  const row = await db.query.patient.findFirst({
    where: and(eq(patient.id, id), eq(patient.clinicId, clinicId)),
  });
  if (!row) throw notFound('patient');
  return presentPatient(row);
}

async function episodesOfPatient(db: Executor, clinicId: string, patientId: string) {
  const rows = await db
    .select()
    .from(episode)
    .where(and(eq(episode.patientId, patientId), eq(episode.clinicId, clinicId)))
    .orderBy(desc(episode.referredOn), desc(episode.createdAt));
  return rows.map(presentEpisode);
}

/** A patient's record for the FHIR export; another clinic's patient is not found. */
export async function patientExport(
  db: Executor,
  actor: Actor,
  patientId: string,
): Promise<PatientExportInput> {
  const found = await findPatient(db, actor.clinicId, patientId);
  const [site] = await db
    .select({ id: clinic.id, name: clinic.name })
    .from(clinic)
    .where(eq(clinic.id, actor.clinicId));
  if (!site) throw notFound('clinic');
  const list = await episodesOfPatient(db, actor.clinicId, patientId);
  const ids = list.map((e) => e.id);
  if (ids.length === 0) return { clinic: site, patient: found, episodes: [] };
  const scoped = <T extends { clinicId: unknown; episodeId: unknown }>(t: T) =>
    and(
      eq(t.clinicId as typeof episode.clinicId, actor.clinicId),
      inArray(t.episodeId as typeof episode.id, ids),
    );
  // One after another, not side by side: `db` may be a transaction (the demo's transferred
  // patient is exported inside the seed's), whose one connection runs one query at a time.
  const sources = await db
    .select({ id: episode.id, system: episode.sourceSystem, sourceId: episode.sourceId })
    .from(episode)
    .where(and(eq(episode.clinicId, actor.clinicId), inArray(episode.id, ids)));
  const notes = await db
    .select({ episodeId: episodeEvent.episodeId, details: episodeEvent.details })
    .from(episodeEvent)
    .where(and(scoped(episodeEvent), inArray(episodeEvent.event, ['refer', 'referral.updated'])))
    .orderBy(asc(episodeEvent.at), asc(episodeEvent.id));
  const diary = await db.select().from(diaryEntry).where(scoped(diaryEntry)).orderBy(asc(diaryEntry.at));
  // Each report with its alert's acknowledgement, where a clinician has made one.
  const reports = await db
    .select({
      report: symptomReport,
      acknowledgedAt: alert.acknowledgedAt,
      acknowledgedBy: alert.acknowledgedByName,
      note: alert.note,
    })
    .from(symptomReport)
    .leftJoin(alert, and(eq(alert.symptomReportId, symptomReport.id), isNotNull(alert.acknowledgedAt)))
    .where(scoped(symptomReport))
    .orderBy(asc(symptomReport.reportedAt));
  const leaflets = await db
    .select()
    .from(leafletIssue)
    .where(scoped(leafletIssue))
    .orderBy(asc(leafletIssue.givenAt));
  const latestNote = new Map<string, ReferralNote>();
  for (const n of notes) {
    const note = decodeReferralNote(n.details);
    if (note) latestNote.set(n.episodeId, note);
  }
  const episodes: EpisodeExportInput[] = [];
  for (const e of list) {
    const source = sources.find((s) => s.id === e.id);
    episodes.push({
      detail: await episodeDetail(db, actor, e.id),
      source: source?.system && source.sourceId ? { system: source.system, id: source.sourceId } : null,
      referral: latestNote.get(e.id) ?? null,
      diary: diary
        .filter((d) => d.episodeId === e.id)
        .map((d) => ({
          id: d.id,
          at: iso(d.at),
          // The row keeps pain, PGIC, opioids and the prompt in columns, the rest in its facts.
          facts: {
            ...(d.facts as Omit<DiaryEntryFacts, 'pain'>),
            ...(d.promptAt ? { promptAt: iso(d.promptAt) } : {}),
            pain: d.pain,
            ...(d.pgic !== null ? { pgic: d.pgic } : {}),
            ...(d.opioidDoses !== null ? { opioidDoses: d.opioidDoses } : {}),
          },
          enteredByRole: d.enteredByRole,
        })),
      symptomReports: reports
        .filter(({ report: r }) => r.episodeId === e.id)
        .map(({ report: r, acknowledgedAt, acknowledgedBy, note }) => ({
          id: r.id,
          reportedAt: iso(r.reportedAt),
          facts: r.facts as RedFlagReport,
          urgency: r.urgency,
          reportedByRole: r.reportedByRole,
          acknowledgement: acknowledgedAt
            ? { at: iso(acknowledgedAt), by: acknowledgedBy ?? '', note: note ?? '' }
            : null,
        })),
      leaflets: leaflets
        .filter((l) => l.episodeId === e.id)
        .map((l) => ({
          id: l.id,
          leaflet: l.leaflet,
          leafletVersion: l.leafletVersion,
          givenAt: iso(l.givenAt),
        })),
    });
  }
  // Oldest referral first, so an export reads in the order care happened.
  episodes.reverse();
  return { clinic: site, patient: found, episodes };
}

/** Every patient of a clinic, for the bulk export. */
export async function clinicPatientIds(db: Database, clinicId: string): Promise<string[]> {
  const rows = await db
    .select({ id: patient.id })
    .from(patient)
    .where(eq(patient.clinicId, clinicId))
    .orderBy(asc(patient.familyName), asc(patient.givenName), asc(patient.id));
  return rows.map((r) => r.id);
}
