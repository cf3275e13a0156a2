/**
 * Worrying symptoms. The report is saved before any advice is shown: its row is committed first,
 * then the clinical core's red-flag triage runs, then the assessment is stored with the alert it
 * raises. If anything after the first commit fails, the report is still kept, an alert for a person
 * to read it is raised if it can be, and the patient is told to call the clinic's urgent line.
 * If the server dies between the two, the report's safety net (a job queued with it, cancelled
 * by its triage) triages it a minute later, so its alert is raised all the same.
 */
import { and, desc, eq, isNull } from 'drizzle-orm';
import type { Executor, Tx } from '../../db/client.ts';
import { alert, symptomReport } from '../../db/schema.ts';
import type { Actor } from '../../domain/actor.ts';
import {
  type ClinicSettings,
  type Finding,
  type RedFlagReport,
  triageRedFlagReport,
  type Urgency,
} from '../../domain/clinical/index.ts';
import type {
  SymptomReportInput,
  SymptomReportRecord,
  SymptomReportResult,
} from '../../shared/api/follow-up.ts';
import { clinicSettings } from '../clinic/settings.ts';
import { cancelPending, enqueue, type JobHandler } from '../jobs/queue.ts';
import { alertsOfEpisode, raiseAlert } from './alerts.ts';
import { followUpEpisode, followUpSteps } from './episode.ts';

type ReportInput = typeof SymptomReportInput._output;
type ResultOut = typeof SymptomReportResult._output;

export interface StoredReport {
  id: string;
  clinicId: string;
  episodeId: string;
  reportedAt: Date;
  facts: RedFlagReport;
}

/** First, and alone in its transaction: the report as the patient (or staff for them) gave it. */
export async function storeSymptomReport(
  tx: Tx,
  actor: Actor,
  episodeId: string,
  input: ReportInput,
  now: Date,
): Promise<StoredReport> {
  const row = await followUpEpisode(tx, actor, episodeId);
  const facts: RedFlagReport = { reportedAt: now.toISOString(), ...input };
  const [inserted] = await tx
    .insert(symptomReport)
    .values({
      clinicId: row.clinicId,
      episodeId,
      reportedAt: now,
      facts,
      reportedById: actor.id,
      reportedByName: actor.name,
      reportedByRole: actor.role,
    })
    .returning({ id: symptomReport.id });
  const id = inserted!.id;
  await enqueue(tx, {
    kind: SYMPTOM_TRIAGE,
    runAt: new Date(now.getTime() + SAFETY_NET_MS),
    payload: { reportId: id },
    dedupeKey: safetyNetKey(id),
    clinicId: row.clinicId,
  });
  return { id, clinicId: row.clinicId, episodeId, reportedAt: now, facts };
}

/** The job that triages a report whose triage never ran (the server died after saving it). */
export const SYMPTOM_TRIAGE = 'symptom-report-triage';
const safetyNetKey = (reportId: string) => `symptom-report:${reportId}:triage`;
/**
 * How long after a report its safety net runs: long past the moment its own triage takes
 * (milliseconds), short enough that a person reads it within the clinic's escalation time.
 */
const SAFETY_NET_MS = 60_000;

export function symptomTriageHandler(): JobHandler {
  return async (claimed, db) => {
    const reportId = String(claimed.payload.reportId);
    const [row] = await db
      .select()
      .from(symptomReport)
      .where(and(eq(symptomReport.id, reportId), isNull(symptomReport.assessment)));
    if (!row) return; // triaged already
    const [raised] = await db.select({ id: alert.id }).from(alert).where(eq(alert.symptomReportId, reportId));
    if (raised) return; // a person has it (an untriaged alert)
    const result = await adviseOnReport(db, {
      id: row.id,
      clinicId: row.clinicId,
      episodeId: row.episodeId,
      reportedAt: row.reportedAt,
      facts: row.facts as RedFlagReport,
    });
    // Neither triaged nor in front of a person: the job is tried again later.
    if (!result.triaged && !result.alertRaised) throw new Error('the report could not be triaged or alerted');
  };
}

/** Urgent and same-day symptoms need a person; routine ones are advice only. */
const needsAPerson = (urgency: Urgency) => urgency !== 'routine';

/**
 * Then the advice: triage, stored with the alert it raises, in a transaction of its own. Never
 * throws: a failure anywhere is `triaged: false` (the patient is told to call), reported to
 * `onError` for the log, and still raises an alert for a person to read the report when it can.
 */
export async function adviseOnReport(
  db: Executor,
  report: StoredReport,
  onError: (error: unknown) => void = () => {},
): Promise<ResultOut> {
  const base = { id: report.id, reportedAt: report.reportedAt.toISOString() };
  let settings: ClinicSettings | undefined;
  try {
    settings = (await clinicSettings(db, report.clinicId)).settings;
    const steps = await followUpSteps(db, report.episodeId);
    const record = steps.procedure?.facts.record;
    const performedAt = record?.performedAt;
    const triage = triageRedFlagReport(
      report.facts,
      performedAt ? new Date(performedAt) : undefined,
      settings,
      record ? record.drugs.some((d) => d.kind === 'steroid') : undefined,
    );
    const alerted = await db.transaction(async (tx) => {
      // Once: the safety net and the request's own triage may meet (a triage slower than a minute).
      const updated = await tx
        .update(symptomReport)
        .set({ assessment: { redFlag: triage }, urgency: triage.urgency })
        .where(and(eq(symptomReport.id, report.id), isNull(symptomReport.assessment)))
        .returning({ id: symptomReport.id });
      await cancelPending(tx, safetyNetKey(report.id));
      if (!needsAPerson(triage.urgency)) return false;
      if (updated.length === 0) return true; // the other triage raised it
      await raiseAlert(tx, { ...alertOf(report), urgency: triage.urgency as 'urgent' | 'soon' }, settings!);
      return true;
    });
    const advice = triage.findings.map((f) => f.patientText).filter((t): t is string => Boolean(t));
    return {
      ...base,
      triaged: true,
      urgency: triage.urgency,
      advice: [...new Set(advice)],
      alertRaised: alerted,
    };
  } catch (error) {
    onError(error);
    let alertRaised = false;
    try {
      settings ??= (await clinicSettings(db, report.clinicId)).settings;
      await raiseAlert(db, { ...alertOf(report), urgency: 'untriaged' }, settings);
      alertRaised = true;
    } catch (again) {
      onError(again);
    }
    return { ...base, triaged: false, urgency: null, advice: [], alertRaised };
  }
}

const alertOf = (r: StoredReport) => ({
  clinicId: r.clinicId,
  episodeId: r.episodeId,
  symptomReportId: r.id,
  raisedAt: r.reportedAt,
});

/** An episode's reports for the clinician, newest first, each with its triage and alert. */
export async function symptomReportsOf(
  db: Executor,
  actor: Actor,
  episodeId: string,
): Promise<(typeof SymptomReportRecord._output)[]> {
  const row = await followUpEpisode(db, actor, episodeId);
  const [reports, alerts] = await Promise.all([
    db
      .select({ report: symptomReport, name: symptomReport.reportedByName })
      .from(symptomReport)
      .where(and(eq(symptomReport.episodeId, episodeId), eq(symptomReport.clinicId, row.clinicId)))
      .orderBy(desc(symptomReport.reportedAt))
      .limit(200),
    alertsOfEpisode(db, row.clinicId, episodeId),
  ]);
  return reports.map(({ report: r, name }) => {
    const facts = r.facts as Partial<RedFlagReport>;
    const triage = (r.assessment as { redFlag?: { findings: Finding[] } } | null)?.redFlag;
    return {
      id: r.id,
      reportedAt: r.reportedAt.toISOString(),
      symptoms: facts.symptoms ?? [],
      freeText: facts.freeText ?? null,
      urgency: (r.urgency as Urgency | null) ?? null,
      findings: triage?.findings ?? [],
      reportedBy: { role: r.reportedByRole, name },
      imported: r.imported,
      alert: alerts.find((a) => a.symptomReportId === r.id) ?? null,
    };
  });
}
