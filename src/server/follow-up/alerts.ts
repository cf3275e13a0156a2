/**
 * Alerts: a worrying-symptom report that needs a person raises one on the clinicians' worklist. It
 * stays until a named clinician acknowledges it with a note (audited, versioned). One that nobody
 * acknowledges within the clinic's set time escalates: a second notification goes out (to the
 * clinic's email, or to every clinician when the clinic has none) and it shows on every staff page.
 */
import { and, asc, desc, eq, isNull, sql } from 'drizzle-orm';
import type { Executor, Tx } from '../../db/client.ts';
import { alert, clinic, episode, patient, symptomReport, user } from '../../db/schema.ts';
import type { Actor } from '../../domain/actor.ts';
import type { ClinicSettings } from '../../domain/clinical/index.ts';
import type { AlertRecord, AlertUrgency } from '../../shared/api/follow-up.ts';
import { clinicSettings } from '../clinic/settings.ts';
import { DomainError, notFound } from '../errors.ts';
import { cancelPending, enqueue, type JobHandler } from '../jobs/queue.ts';
import { queueMessage } from '../messages/outbox.ts';
import { assertVersion } from '../records.ts';

type AlertOut = typeof AlertRecord._output;
type Urgency = typeof AlertUrgency._output;

export const ALERT_ESCALATION = 'alert-escalation';
export const escalationKey = (alertId: string) => `alert:${alertId}:escalate`;

/** Raises an alert and queues its escalation for the clinic's set time, in the caller's transaction. */
export async function raiseAlert(
  tx: Executor,
  input: { clinicId: string; episodeId: string; symptomReportId: string; urgency: Urgency; raisedAt: Date },
  settings: ClinicSettings,
): Promise<{ id: string }> {
  const [row] = await tx.insert(alert).values(input).returning({ id: alert.id });
  const minutes = settings.rules.alerts.escalateAfterMinutes;
  await enqueue(tx, {
    kind: ALERT_ESCALATION,
    runAt: new Date(input.raisedAt.getTime() + minutes * 60_000),
    payload: { alertId: row!.id },
    dedupeKey: escalationKey(row!.id),
    clinicId: input.clinicId,
  });
  return row!;
}

const columns = {
  alert,
  patientId: patient.id,
  givenName: patient.givenName,
  familyName: patient.familyName,
  facts: symptomReport.facts,
};
type Row = {
  alert: typeof alert.$inferSelect;
  patientId: string;
  givenName: string;
  familyName: string;
  facts: Record<string, unknown> | null;
};

function present(r: Row): AlertOut {
  const a = r.alert;
  const symptoms = Array.isArray(r.facts?.symptoms) ? (r.facts.symptoms as unknown[]).map(String) : [];
  return {
    id: a.id,
    episodeId: a.episodeId,
    symptomReportId: a.symptomReportId,
    patient: { id: r.patientId, givenName: r.givenName, familyName: r.familyName },
    urgency: a.urgency as Urgency,
    symptoms,
    freeText: typeof r.facts?.freeText === 'string' ? r.facts.freeText : null,
    raisedAt: a.raisedAt.toISOString(),
    escalatedAt: a.escalatedAt?.toISOString() ?? null,
    acknowledgedAt: a.acknowledgedAt?.toISOString() ?? null,
    acknowledgedBy: a.acknowledgedByName,
    note: a.note,
    version: a.version,
  };
}

function alertsQuery(db: Executor) {
  return db
    .select(columns)
    .from(alert)
    .innerJoin(episode, eq(episode.id, alert.episodeId))
    .innerJoin(patient, eq(patient.id, episode.patientId))
    .leftJoin(symptomReport, eq(symptomReport.id, alert.symptomReportId));
}

/**
 * The clinic's open alerts, oldest first (the one waiting longest leads): every one, with no
 * limit. A cut list would hide the newest report and undercount the menu's "Alerts (n open)";
 * each alert waits for a person, and the open ones are few unless nobody is looking.
 */
export async function openAlerts(db: Executor, clinicId: string): Promise<AlertOut[]> {
  const rows = await alertsQuery(db)
    .where(and(eq(alert.clinicId, clinicId), isNull(alert.acknowledgedAt)))
    .orderBy(asc(alert.raisedAt));
  return rows.map(present);
}

/**
 * How many of the clinic's alerts are open, urgent or not triaged, and escalated: counts only. Its
 * stamp is a digest of every open alert's id, version, urgency and escalation, so it changes with
 * any of them (one acknowledged as another comes leaves the counts alike, not the stamp): the
 * Alerts page reads the alerts again, an audited read, only when it differs.
 */
export async function alertSummary(
  db: Executor,
  clinicId: string,
): Promise<{ open: number; urgent: number; escalated: number; stamp: string }> {
  const [row] = await db
    .select({
      open: sql<number>`count(*)::int`,
      urgent: sql<number>`(count(*) filter (where ${alert.urgency} <> 'soon'))::int`,
      escalated: sql<number>`(count(*) filter (where ${alert.escalatedAt} is not null))::int`,
      stamp: sql<string>`md5(coalesce(string_agg(concat_ws(':', ${alert.id}, ${alert.version}, ${alert.urgency},
        extract(epoch from ${alert.escalatedAt})), ',' order by ${alert.id}), ''))`,
    })
    .from(alert)
    .where(and(eq(alert.clinicId, clinicId), isNull(alert.acknowledgedAt)));
  return row!;
}

/** An episode's alerts, open and acknowledged, newest first. */
export async function alertsOfEpisode(
  db: Executor,
  clinicId: string,
  episodeId: string,
): Promise<AlertOut[]> {
  const rows = await alertsQuery(db)
    .where(and(eq(alert.clinicId, clinicId), eq(alert.episodeId, episodeId)))
    .orderBy(desc(alert.raisedAt))
    .limit(200);
  return rows.map(present);
}

async function alertById(db: Executor, clinicId: string, id: string, lock = false): Promise<Row> {
  const query = alertsQuery(db).where(and(eq(alert.id, id), eq(alert.clinicId, clinicId)));
  const [row] = lock ? await query.for('update', { of: alert }) : await query;
  if (!row) throw notFound('alert');
  return row;
}

/**
 * A named clinician acknowledges an alert with a note: the alert leaves the worklist, its
 * escalation is cancelled, and who, when and what they did are kept on it.
 */
export async function acknowledgeAlert(
  tx: Tx,
  actor: Actor,
  id: string,
  input: { note: string; version: number },
  now: Date,
): Promise<AlertOut> {
  const current = await alertById(tx, actor.clinicId, id, true);
  assertVersion('alert', current.alert, input.version, present(current));
  if (current.alert.acknowledgedAt) {
    throw new DomainError(
      'version_conflict',
      `This alert was acknowledged already by ${current.alert.acknowledgedByName ?? 'a clinician'}.`,
      { current: present(current) },
    );
  }
  const [updated] = await tx
    .update(alert)
    .set({
      acknowledgedAt: now,
      acknowledgedById: actor.id,
      acknowledgedByName: actor.name,
      note: input.note.trim(),
      version: current.alert.version + 1,
    })
    .where(eq(alert.id, id))
    .returning();
  await cancelPending(tx, escalationKey(id));
  return present({ ...current, alert: updated! });
}

const URGENCY_WORDS: Record<Urgency, string> = {
  urgent: 'an urgent symptom',
  soon: 'a symptom to call back about today',
  untriaged: 'a symptom report the app could not triage',
};

/**
 * The escalation job: once, when the alert is still open after the clinic's set time. The message
 * carries no patient details (email may leave the hospital's network): only where to look.
 */
export function alertEscalationHandler(baseUrl: string): JobHandler {
  return async (claimed, db) => {
    const id = String(claimed.payload.alertId);
    await db.transaction(async (tx) => {
      const [row] = await tx.select().from(alert).where(eq(alert.id, id)).for('update');
      if (!row || row.acknowledgedAt || row.escalatedAt) return;
      const now = new Date();
      await tx.update(alert).set({ escalatedAt: now }).where(eq(alert.id, id));
      const [c] = await tx.select().from(clinic).where(eq(clinic.id, row.clinicId));
      const { settings } = await clinicSettings(tx, row.clinicId);
      const to = c?.contacts.email
        ? [c.contacts.email]
        : (
            await tx
              .select({ email: user.email })
              .from(user)
              .where(
                and(eq(user.clinicId, row.clinicId), eq(user.role, 'clinician'), isNull(user.disabledAt)),
              )
          ).map((u) => u.email);
      const minutes = Math.round((now.getTime() - row.raisedAt.getTime()) / 60_000);
      const link = new URL(`/episodes/${row.episodeId}`, baseUrl).toString();
      for (const address of to) {
        await queueMessage(tx, {
          clinicId: row.clinicId,
          channel: 'email',
          to: address,
          kind: 'alert-escalation',
          episodeId: row.episodeId,
          subject: `Alert not acknowledged after ${minutesText(minutes)}`,
          text: [
            `A patient of ${settings.clinic.name} reported ${URGENCY_WORDS[row.urgency as Urgency] ?? 'a symptom'}, and no clinician has acknowledged the alert after ${minutesText(minutes)} (the clinic's set time is ${minutesText(settings.rules.alerts.escalateAfterMinutes)}).`,
            '',
            `Open it, call the patient and acknowledge it with a note: ${link}`,
          ].join('\n'),
        });
      }
    });
  };
}

/**
 * A report's alert that was acknowledged at the clinic that sent its record (a FHIR import): kept
 * as acknowledged there, by whom, when and with their note, so an answered report does not wait
 * here as new. Nothing changes if the report raised no alert here.
 */
export async function acknowledgedElsewhere(
  tx: Tx,
  symptomReportId: string,
  by: { name: string; at: Date; note: string },
): Promise<void> {
  const updated = await tx
    .update(alert)
    .set({
      acknowledgedAt: by.at,
      acknowledgedById: null,
      acknowledgedByName: by.name,
      note: by.note,
      version: sql`${alert.version} + 1`,
    })
    .where(and(eq(alert.symptomReportId, symptomReportId), isNull(alert.acknowledgedAt)))
    .returning({ id: alert.id });
  for (const { id } of updated) await cancelPending(tx, escalationKey(id));
}

const minutesText = (n: number) => `${n} ${n === 1 ? 'minute' : 'minutes'}`;
