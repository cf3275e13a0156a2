/**
 * What a list's booked patients are told when the list changes under them: cancelled (an operator
 * off sick, a theatre closed), or moved to another room. Pure: the clinic and the booking are
 * arguments. Never the staff's reason, which is for the team. A cancelled list's patients hear
 * whether to come, what happens next, and whom to call about a medicine they stopped to get
 * ready: when to take it again is the clinic's call, not this message's.
 */
import { whenClosed } from '../clinical/wording.ts';
import { formatLocal } from '../clinical/zoned-time.ts';

export interface ListMessageContext {
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

export function listCancelledMessage(c: ListMessageContext): { subject: string; text: string } {
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

/** A booked patient's list moved to another room: where to go now; the day and time stand. */
export function listRoomChangedMessage(
  c: ListMessageContext & { room: string; address?: string | undefined },
): { subject: string; text: string } {
  const when = formatLocal(c.plannedAt, c.clinic.timeZone);
  const day = when.slice(0, when.lastIndexOf(', '));
  const where = [c.room, c.address?.split('\n').join(', ')].filter(Boolean).join(', ');
  const lines = [
    `Dear ${c.patientName},`,
    '',
    `Your SI joint injection at ${c.clinic.name} on ${when} is now in a different room: ${where}.`,
    'The day and time have not changed, and nor has how to get ready.',
    '',
    `Your page shows the details: ${c.portalUrl}`,
    '',
    `If you cannot come, call us on ${c.clinic.contacts.phone}.`,
    `For urgent worries call ${c.clinic.contacts.urgentPhone}. ${whenClosed(c.clinic.contacts.outOfHours)}`,
  ];
  return { subject: `Your injection on ${day}: a new room`, text: lines.join('\n') };
}
