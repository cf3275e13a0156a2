/**
 * The leaflet of an episode, rendered for its patient from the episode as recorded, and the record
 * of which version they were given and whether it helped. Commands and reads: no HTTP here.
 */
import { and, asc, desc, eq, sql } from 'drizzle-orm';
import { type LeafletEpisode, leafletFacts } from '../../content/facts.ts';
import { leafletProse, readingGrade, TARGET_GRADE } from '../../content/reading-grade.ts';
import { type RenderedLeaflet, renderLeaflet } from '../../content/render.ts';
import type { Executor, Tx } from '../../db/client.ts';
import { episode, leafletIssue } from '../../db/schema.ts';
import type { Actor } from '../../domain/actor.ts';
import { ANAESTHETICS } from '../../domain/clinical/index.ts';
import type { Anaesthetic } from '../../domain/clinical/settings.ts';
import { toLocal } from '../../domain/clinical/zoned-time.ts';
import type { EpisodeDetail } from '../../shared/api/core.ts';
import { type ClinicSettingsInForce, clinicSettings } from '../clinic/settings.ts';
import { episodeDetail } from '../episodes/read.ts';
import { notFound } from '../errors.ts';
import { EPISODE_LEAFLET, leaflet, leaflets } from './load.ts';

const isAnaesthetic = (agent: string): agent is Anaesthetic =>
  (ANAESTHETICS as readonly string[]).includes(agent);

/** The episode as the leaflet reads it: the steps as recorded, never recomputed. */
export function leafletEpisode(e: EpisodeDetail): LeafletEpisode {
  const { screenings, booking, procedure, triage } = e.steps;
  const latest = screenings[0];
  // The booking carries the screening re-run for its time (what staff see as the patient's
  // instructions); a screening recorded after the booking is newer and wins.
  const useBooking = booking !== null && (!latest || booking.recordedAt >= latest.recordedAt);
  const screening = useBooking ? booking.instructions.screening : (latest?.assessment ?? null);
  const drugs = procedure?.record.drugs ?? [];
  const anaesthetic = drugs
    .filter((d) => d.kind === 'local-anaesthetic')
    .map((d) => d.agent.trim().toLowerCase())
    .find(isAnaesthetic);
  return {
    purpose: triage?.purpose ?? null,
    screening: screening ? { verdict: screening.verdict, findings: screening.findings } : null,
    overridden: Boolean(latest?.override),
    notSafeNow: latest?.assessment.verdict === 'not-safe-yet' && !latest.override,
    screeningFacts: latest
      ? {
          patient: { diabetes: latest.facts.patient.diabetes ?? null },
          labs: latest.facts.screening.labs,
          agreedPlans: latest.facts.screening.agreedPlans,
          episode: {
            plannedSteroid: latest.facts.plan.steroid,
            plannedSteroidDoseMg: latest.facts.plan.plannedSteroidDoseMg,
          },
        }
      : null,
    plannedAt: booking?.plannedAt ?? null,
    performed: procedure
      ? {
          at: procedure.record.performedAt,
          steroidGiven: drugs.some((d) => d.kind === 'steroid'),
          ...(anaesthetic ? { anaesthetic } : {}),
        }
      : null,
  };
}

/** The episode's leaflet rendered for its patient, in the clinic's locale with its contacts. */
export async function episodeLeaflet(
  db: Executor,
  actor: Actor,
  episodeId: string,
): Promise<{ leaflet: RenderedLeaflet; patientName: string; clinic: ClinicSettingsInForce }> {
  const detail = await episodeDetail(db, actor, episodeId);
  const clinic = await clinicSettings(db, actor.clinicId);
  const { settings } = clinic;
  const facts = leafletFacts(leafletEpisode(detail), settings);
  const leafletFor = renderLeaflet(leaflet(EPISODE_LEAFLET), facts, {
    name: settings.clinic.name,
    timeZone: settings.clinic.timeZone,
    locale: settings.clinic.locale,
    contacts: settings.clinic.contacts,
  });
  return {
    leaflet: leafletFor,
    patientName: `${detail.patient.givenName} ${detail.patient.familyName}`,
    clinic,
  };
}

/** A patient reaches only their own episodes; anyone else's is "not found", not "forbidden". */
export async function assertOwnEpisode(db: Executor, actor: Actor, episodeId: string): Promise<void> {
  if (!actor.patientId) throw notFound('episode');
  const [row] = await db
    .select({ id: episode.id })
    .from(episode)
    .where(
      and(
        eq(episode.id, episodeId),
        eq(episode.clinicId, actor.clinicId),
        eq(episode.patientId, actor.patientId),
      ),
    );
  if (!row) throw notFound('episode');
}

type IssueRow = typeof leafletIssue.$inferSelect;
const presentIssue = (r: IssueRow) => ({
  leaflet: r.leaflet,
  version: r.leafletVersion,
  givenAt: r.givenAt.toISOString(),
  helpful: r.helpful,
  feedbackAt: r.feedbackAt?.toISOString() ?? null,
});
export type LeafletIssue = ReturnType<typeof presentIssue>;

/**
 * Records that the patient was given this version of the leaflet, the first time they are shown
 * it (a new version is a new issue). Two requests at once record it once: the episode's lock.
 */
export async function recordIssue(
  tx: Tx,
  actor: Actor,
  episodeId: string,
  l: Pick<RenderedLeaflet, 'reference' | 'version'>,
  now: Date,
): Promise<LeafletIssue> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`leaflet:${episodeId}`}))`);
  const version = String(l.version);
  const [existing] = await tx
    .select()
    .from(leafletIssue)
    .where(
      and(
        eq(leafletIssue.episodeId, episodeId),
        eq(leafletIssue.leaflet, l.reference),
        eq(leafletIssue.leafletVersion, version),
      ),
    );
  if (existing) return presentIssue(existing);
  const [created] = await tx
    .insert(leafletIssue)
    .values({
      clinicId: actor.clinicId,
      episodeId,
      leaflet: l.reference,
      leafletVersion: version,
      givenAt: now,
    })
    .returning();
  return presentIssue(created!);
}

/** "Was this helpful?": the answer to the version they were given (a later answer replaces it). */
export async function giveFeedback(
  tx: Tx,
  actor: Actor,
  episodeId: string,
  l: Pick<RenderedLeaflet, 'reference' | 'version'>,
  helpful: boolean,
  now: Date,
): Promise<LeafletIssue> {
  const issue = await recordIssue(tx, actor, episodeId, l, now);
  const [updated] = await tx
    .update(leafletIssue)
    .set({ helpful, feedbackAt: now })
    .where(
      and(
        eq(leafletIssue.episodeId, episodeId),
        eq(leafletIssue.leaflet, issue.leaflet),
        eq(leafletIssue.leafletVersion, issue.version),
      ),
    )
    .returning();
  return presentIssue(updated!);
}

/** Every version of every leaflet the episode's patient was given, oldest first. */
export async function issuesOf(db: Executor, actor: Actor, episodeId: string): Promise<LeafletIssue[]> {
  const rows = await db
    .select()
    .from(leafletIssue)
    .where(and(eq(leafletIssue.episodeId, episodeId), eq(leafletIssue.clinicId, actor.clinicId)))
    .orderBy(asc(leafletIssue.givenAt), desc(leafletIssue.leafletVersion));
  return rows.map(presentIssue);
}

/** Document control of every leaflet: a review date that has passed (in the clinic's zone) is flagged. */
export async function documentControl(db: Executor, actor: Actor, now: Date) {
  const { settings } = await clinicSettings(db, actor.clinicId);
  const today = toLocal(now, settings.clinic.timeZone);
  const iso = `${today.year}-${String(today.month).padStart(2, '0')}-${String(today.day).padStart(2, '0')}`;
  return {
    items: leaflets().map((d) => ({
      reference: d.control.reference,
      version: d.control.version,
      title: d.title,
      issued: d.control.issued,
      reviewDate: d.control.reviewDate,
      owner: d.control.owner,
      audience: d.control.audience ?? null,
      sources: d.control.sources,
      pastReview: d.control.reviewDate < iso,
      readingGrade: readingGrade(leafletProse(d, settings.clinic.locale)).grade,
    })),
    targetGrade: TARGET_GRADE,
  };
}
