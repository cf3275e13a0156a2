/**
 * Delivery by email through an SMTP server (SMTP_URL), with nodemailer. A failed send throws, and
 * the delivery job tries again later (src/server/jobs/queue.ts). The timeouts keep one send well
 * inside the job's lease (120 s), so a slow server cannot make a second worker send it again.
 */
import nodemailer from 'nodemailer';
import type { Transport } from './outbox.ts';

export interface SmtpOptions {
  /** smtp://user:pass@host:587, or smtps://… for TLS from the start. */
  url: string;
  /** The sender, e.g. "Riverside Pain Service <pain@clinic.example>". */
  from: string;
}

export function smtpTransport({ url, from }: SmtpOptions): Transport & { close(): void } {
  const mailer = nodemailer.createTransport({
    url,
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 30_000,
  });
  return {
    name: 'email',
    async send(m) {
      if (m.channel !== 'email') throw new Error(`Cannot send ${m.channel} by email.`);
      await mailer.sendMail({ from, to: m.to, subject: m.subject, text: m.text });
    },
    close: () => mailer.close(),
  };
}

/** The sender when MAIL_FROM is not set: SIJ Pathway at the app's own host name. */
export function defaultSender(baseUrl: string): string {
  return `SIJ Pathway <no-reply@${new URL(baseUrl).hostname}>`;
}
