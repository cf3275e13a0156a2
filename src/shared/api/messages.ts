/** The outbox as admins read it: every message the clinic sent or is sending, newest first. */
import { z } from 'zod';

export const OutboxMessage = z.object({
  id: z.uuid(),
  createdAt: z.iso.datetime(),
  channel: z.enum(['email', 'sms']),
  to: z.string(),
  subject: z.string(),
  text: z.string(),
  /** What it is for: `invitation`, `sign-in-code`, `reminder-day-before`, … */
  kind: z.string(),
  episodeId: z.uuid().nullable(),
  /** `sent` means handed to the mail server, or (with none configured) kept here for an admin. */
  status: z.enum(['queued', 'sent', 'failed']),
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  sentAt: z.iso.datetime().nullable(),
});

export const Outbox = z.object({
  /** How messages leave: `email` (SMTP_URL is set) or `outbox` (admins pass them on). */
  delivery: z.enum(['email', 'outbox']),
  items: z.array(OutboxMessage),
  nextCursor: z.string().nullable(),
  /** The first page's: the outbox's stamp (below) as it was when these messages were read. */
  stamp: z.string().optional(),
});

/**
 * What the open Outbox page asks every few seconds: a stamp that changes whenever a message is
 * added or its delivery changes, and nothing else (no patient's data, so not audited). The page
 * reads the messages themselves, audited, only when it differs from the one they came with.
 */
export const OutboxStamp = z.object({ stamp: z.string() });

export const OutboxQuery = z.object({
  /** From the previous page. */
  cursor: z.uuid({ message: 'Not a page cursor' }).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
