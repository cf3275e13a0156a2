/**
 * The follow-up's job kinds, for the job runner's handler registry: a diary prompt (dedupe key
 * `diary:<episodeId>:<promptAt ISO>`) and an alert's escalation (`alert:<alertId>:escalate`).
 * Their messages link into the app, so the handlers take the app's public address.
 */
import type { JobHandler } from '../jobs/queue.ts';
import { ALERT_ESCALATION, alertEscalationHandler } from './alerts.ts';
import { DIARY_PROMPT, diaryPromptHandler } from './diary.ts';

export function followUpHandlers(options: { baseUrl: string }): Record<string, JobHandler> {
  return {
    [DIARY_PROMPT]: diaryPromptHandler(options.baseUrl),
    [ALERT_ESCALATION]: alertEscalationHandler(options.baseUrl),
  };
}
