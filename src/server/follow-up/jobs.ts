/**
 * The follow-up's job kinds, for the job runner's handler registry: a diary prompt (dedupe key
 * `diary:<episodeId>:<promptAt ISO>`), an alert's escalation (`alert:<alertId>:escalate`) and a
 * symptom report's safety net (`symptom-report:<reportId>:triage`).
 * Their messages link into the app, so the handlers take the app's public address.
 */
import type { JobHandler } from '../jobs/queue.ts';
import { ALERT_ESCALATION, alertEscalationHandler } from './alerts.ts';
import { DIARY_PROMPT, diaryPromptHandler } from './diary.ts';
import { SYMPTOM_TRIAGE, symptomTriageHandler } from './symptom-reports.ts';

export function followUpHandlers(options: { baseUrl: string }): Record<string, JobHandler> {
  return {
    [DIARY_PROMPT]: diaryPromptHandler(options.baseUrl),
    [ALERT_ESCALATION]: alertEscalationHandler(options.baseUrl),
    [SYMPTOM_TRIAGE]: symptomTriageHandler(),
  };
}
