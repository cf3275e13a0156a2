/**
 * The demo clinic's follow-up: diary entries answering the prompts queued at discharge, as the
 * patient gave them (a few missed, one late), and worrying-symptom reports: one whose alert is
 * still open, one a clinician acknowledged, so the alerts page and the episode's diary have
 * something to show after `npm start`.
 */
import type { Tx } from '../../db/client.ts';
import { type Actor, patientActor } from '../../domain/actor.ts';
import type { Symptom } from '../../domain/clinical/index.ts';
import type { PromptKind } from '../../domain/diary.ts';
import { acknowledgeAlert, alertsOfEpisode } from '../follow-up/alerts.ts';
import { diaryOf, recordDiaryEntry } from '../follow-up/diary.ts';
import { adviseOnReport, storeSymptomReport } from '../follow-up/symptom-reports.ts';

const MINUTE = 60_000;

export interface DemoFollowUp {
  /** The pain the patient scores for a prompt (0–10). */
  pain: (kind: PromptKind, after: number) => number;
  /** Prompts the patient left unanswered (every nth), to show missed prompts. */
  missEvery?: number;
  /**
   * A worrying symptom reported `minutesAgo`, or `hoursAfterInjection`. Its alert stays open,
   * unless a clinician `acknowledged` it `minutesLater`, saying what they did.
   */
  report?: {
    symptoms: Symptom[];
    freeText?: string;
    when: { minutesAgo: number } | { hoursAfterInjection: number };
    acknowledged?: { minutesLater: number; note: string };
  };
}

export async function seedFollowUp(
  tx: Tx,
  who: { clinicId: string; patientId: string; name: string },
  episodeId: string,
  plan: DemoFollowUp,
  at: { now: Date; injected: Date },
  clinician: Actor,
): Promise<void> {
  const { now } = at;
  // The demo's patients have no accounts: their entries are recorded in their own name and role.
  const patient = patientActor(who.clinicId, { id: who.patientId, name: who.name });
  const { prompts } = await diaryOf(tx, patient, episodeId, now);
  const due = prompts.filter((p) => new Date(p.dueAt) < now);
  for (const [i, p] of due.entries()) {
    if (plan.missEvery && i % plan.missEvery === plan.missEvery - 1) continue;
    const dueAt = new Date(p.dueAt);
    // Most answers come within minutes; the second one comes late, the next morning.
    const answeredAt =
      i === 1
        ? new Date(new Date(p.windowEndsAt).getTime() + 30 * MINUTE)
        : new Date(dueAt.getTime() + 12 * MINUTE);
    if (answeredAt > now) continue;
    const pain = plan.pain(p.kind, p.after);
    await recordDiaryEntry(
      tx,
      patient,
      episodeId,
      {
        promptAt: p.dueAt,
        pain,
        ...(p.kind !== 'hour' ? { pgic: pain <= 2 ? 2 : pain <= 4 ? 3 : 4 } : {}),
        opioidDoses: pain >= 5 ? 2 : 0,
        ...(i === 0 ? { sideEffects: 'Sore where the needle went in' } : {}),
      },
      answeredAt,
    );
  }
  if (plan.report) {
    const { when, acknowledged, ...input } = plan.report;
    const reportedAt =
      'minutesAgo' in when
        ? new Date(now.getTime() - when.minutesAgo * MINUTE)
        : new Date(at.injected.getTime() + when.hoursAfterInjection * 60 * MINUTE);
    const stored = await storeSymptomReport(tx, patient, episodeId, input, reportedAt);
    await adviseOnReport(tx, stored);
    if (acknowledged) {
      const [raised] = await alertsOfEpisode(tx, who.clinicId, episodeId);
      await acknowledgeAlert(
        tx,
        clinician,
        raised!.id,
        { note: acknowledged.note, version: raised!.version },
        new Date(reportedAt.getTime() + acknowledged.minutesLater * MINUTE),
      );
    }
  }
}
