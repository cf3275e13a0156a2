/** The messages about signing in: staff set-password links, patients' sign-in links and codes. */
import { whenClosed } from '../../domain/clinical/index.ts';
import type { OutgoingMessage } from '../messages/outbox.ts';

export function setPasswordMessage(
  user: { email: string; name: string; clinicId: string },
  url: string,
): OutgoingMessage {
  return {
    clinicId: user.clinicId,
    channel: 'email',
    to: user.email,
    kind: 'set-password',
    subject: 'Set your SIJ Pathway password',
    text: [
      `Dear ${user.name},`,
      '',
      'An administrator of your clinic has given you an SIJ Pathway account, or asked for your password to be set again.',
      `Open this link within 24 hours to choose your password: ${url}`,
      '',
      'If you did not expect this message, tell your clinic administrator.',
    ].join('\n'),
  };
}

interface PatientAccount {
  name: string;
  email: string;
  clinicId: string;
  clinicName: string;
  contacts: UrgentContacts;
}

interface UrgentContacts {
  urgentPhone: string;
  outOfHours: string;
}

/**
 * In every message that leads a patient to sign in: one who cannot (a link expired, a code that
 * does not come) and has a worrying symptom must still know whom to call.
 */
export const worryLine = (c: UrgentContacts) =>
  `If you have a worrying symptom, do not wait to sign in: call ${c.urgentPhone}. ${whenClosed(c.outOfHours)}`;

/** "60 minutes", "2 hours". */
export function lifetimeWords(minutes: number): string {
  if (minutes % 60 === 0) return minutes === 60 ? '1 hour' : `${minutes / 60} hours`;
  return `${minutes} minutes`;
}

export function signInLinkMessage(p: PatientAccount, url: string, minutes: number): OutgoingMessage {
  return {
    clinicId: p.clinicId,
    channel: 'email',
    to: p.email,
    kind: 'sign-in-link',
    subject: `Your sign-in link for ${p.clinicName}`,
    text: [
      `Dear ${p.name},`,
      '',
      `Open this link to see your care with ${p.clinicName}:`,
      url,
      '',
      `It works once, within ${lifetimeWords(minutes)}.`,
      'If you did not ask for it, you can ignore this message.',
      '',
      worryLine(p.contacts),
    ].join('\n'),
  };
}

export function signInCodeMessage(p: PatientAccount, code: string, minutes: number): OutgoingMessage {
  return {
    clinicId: p.clinicId,
    channel: 'email',
    to: p.email,
    kind: 'sign-in-code',
    subject: `Your sign-in code for ${p.clinicName}: ${code}`,
    text: [
      `Dear ${p.name},`,
      '',
      `Your sign-in code is ${code}`,
      '',
      `Type it on the sign-in page. It works once, within ${lifetimeWords(minutes)}; if you asked for more than one, only the newest code works.`,
      'If you did not ask for it, you can ignore this message.',
      '',
      worryLine(p.contacts),
    ].join('\n'),
  };
}
