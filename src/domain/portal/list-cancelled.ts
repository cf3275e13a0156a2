/**
 * What a patient is told when the procedure list they were booked on is cancelled (an operator off
 * sick, a theatre closed). Pure: the clinic and the booking are arguments. Not the staff's reason,
 * which is for the team; whether to come, what happens next, and whom to call about a medicine
 * they stopped to get ready: when to take it again is the clinic's call, not this message's.
 */
import { whenClosed } from '../clinical/wording.ts';
import { formatLocal } from '../clinical/zoned-time.ts';

export interface ListCancelledContext {
  patientName: string;
  plannedAt: Date;
  clinic: {
    name: string;
    timeZone: string;
    contacts: { phone: string; urgentPhone: string; outOfHours: string };
  };
  /** The patient's pages, where their injection shows as waiting for a new date. */
  portalUrl: string;
}

export function listCancelledMessage(c: ListCancelledContext): { subject: string; text: string } {
  const when = formatLocal(c.plannedAt, c.clinic.timeZone);
  const day = when.slice(0, when.lastIndexOf(', '));
  const lines = [
    `Dear ${c.patientName},`,
    '',
    `We are sorry: ${c.clinic.name} has had to cancel your SI joint injection on ${when}. Please do not come in for it.`,
    '',
    'We will contact you to arrange a new date.',
    `Your page shows where things stand: ${c.portalUrl}`,
    '',
    `If you stopped or changed a medicine to get ready for the injection, call us on ${c.clinic.contacts.phone} to ask when to take it again.`,
    `For urgent worries call ${c.clinic.contacts.urgentPhone}. ${whenClosed(c.clinic.contacts.outOfHours)}`,
  ];
  return { subject: `Your injection on ${day} is cancelled`, text: lines.join('\n') };
}
