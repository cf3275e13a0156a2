/**
 * Every kind of job and what runs it, in one place: the worker `sijpath serve` starts runs these.
 * To add a kind, add one line here (its handler lives with its feature).
 */

import { followUpHandlers } from '../follow-up/jobs.ts';
import { DELIVER, deliverMessages, type Transport } from '../messages/outbox.ts';
import { sendReminder } from '../portal/reminder-job.ts';
import { REMINDER } from '../portal/reminders.ts';
import type { JobHandler } from './queue.ts';

/**
 * Kinds that wait on another system (a mail server): they run in a lane of their own, so that a
 * slow or hung one never holds up the clinic's own jobs (an alert's escalation, a diary prompt).
 */
export const OWN_LANE: readonly string[] = [DELIVER];

export interface JobDeps {
  /** How messages leave: SMTP, or the outbox alone. */
  transport: Transport;
  /** The app's public address, for links in messages. */
  baseUrl: string;
}

export function jobHandlers(deps: JobDeps): Record<string, JobHandler> {
  return {
    [DELIVER]: deliverMessages(deps.transport),
    [REMINDER]: sendReminder(deps),
    // Diary prompts and the escalation of alerts nobody acknowledged.
    ...followUpHandlers(deps),
  };
}
