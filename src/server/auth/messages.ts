/** The outbox messages about staff accounts (delivered by email once SMTP is configured). */
import type { message } from '../../db/schema.ts';

export function setPasswordMessage(
  user: { email: string; name: string; clinicId: string },
  url: string,
): typeof message.$inferInsert {
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
