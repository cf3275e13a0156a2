/**
 * Reminders before the procedure: when they go out (the clinic's local times, a clinic setting)
 * and what they say. Pure: the clock and the clinic are arguments. Which reminders a booking gets
 * is decided here once; the server queues them as jobs and checks, when each is due, that the
 * booking still stands.
 */
import type { ClinicRules } from '../clinical/settings.ts';
import { whenClosed } from '../clinical/wording.ts';
import { formatLocal, localDayAt } from '../clinical/zoned-time.ts';

export const reminderKinds = ['day-before', 'morning-of'] as const;
export type ReminderKind = (typeof reminderKinds)[number];

export interface ReminderTime {
  kind: ReminderKind;
  at: Date;
}

/**
 * The reminders a procedure planned at `plannedAt` gets: the evening before and the morning of the
 * day, at the clinic's local times. One whose time has passed (a late booking) or that would come
 * after the procedure itself (an early list) is left out.
 */
export function reminderTimes(
  plannedAt: Date,
  rules: Pick<ClinicRules, 'reminders'>,
  timeZone: string,
  now: Date,
): ReminderTime[] {
  const { dayBeforeAt, morningOfAt } = rules.reminders;
  const times: ReminderTime[] = [
    { kind: 'day-before', at: localDayAt(plannedAt, -1, dayBeforeAt, timeZone) },
    { kind: 'morning-of', at: localDayAt(plannedAt, 0, morningOfAt, timeZone) },
  ];
  return times.filter((t) => t.at > now && t.at < plannedAt);
}

export interface ReminderContext {
  kind: ReminderKind;
  patientName: string;
  plannedAt: Date;
  clinic: {
    name: string;
    timeZone: string;
    contacts: { phone: string; urgentPhone: string; outOfHours: string; address?: string | undefined };
  };
  /** Where: the room of the procedure list. */
  room: string | null;
  /** The patient's preparation as staff see it on the booking (src/domain/clinical/instructions.ts). */
  preparation: string[];
  /** The patient's pages, where the checklist and the rest are. */
  portalUrl: string;
}

/** The reminder's email: when and where, the preparation in full, and whom to call. */
export function reminderMessage(c: ReminderContext): { subject: string; text: string } {
  const when = formatLocal(c.plannedAt, c.clinic.timeZone);
  const time = when.slice(when.lastIndexOf(', ') + 2);
  const where = [c.room, c.clinic.contacts.address?.split('\n').join(', ')].filter(Boolean).join(', ');
  const subject =
    c.kind === 'day-before'
      ? `Reminder: your injection is tomorrow at ${time}`
      : `Your injection is today at ${time}`;
  const lines = [
    `Dear ${c.patientName},`,
    '',
    c.kind === 'day-before'
      ? `This is a reminder from ${c.clinic.name}: your SI joint injection is tomorrow, ${when}.`
      : `This is a reminder from ${c.clinic.name}: your SI joint injection is today, ${when}.`,
    ...(where ? [`Where: ${where}.`] : []),
    '',
    ...(c.preparation.length > 0
      ? [
          c.kind === 'day-before' ? 'Please get ready:' : 'Before you come:',
          ...c.preparation.map((p) => `- ${p}`),
          '',
        ]
      : []),
    `Your checklist and instructions are on your page: ${c.portalUrl}`,
    '',
    `If you are unwell, have an infection, or cannot come, call us on ${c.clinic.contacts.phone}.`,
    `For urgent worries call ${c.clinic.contacts.urgentPhone}. ${whenClosed(c.clinic.contacts.outOfHours)}`,
  ];
  return { subject, text: lines.join('\n') };
}
