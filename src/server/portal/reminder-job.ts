/**
 * The reminder job (queued by reminders.ts when a procedure is booked). When it is due it checks
 * that the booking it was queued for still stands and the episode is still waiting for it; if the
 * episode moved (rescheduled, deferred, cancelled, withdrawn) nothing is sent. The message takes
 * the job's id as its own, so a job run twice (a worker that lost its lease) writes one message.
 */
import { eq, sql } from 'drizzle-orm';
import { booking, episode, patient } from '../../db/schema.ts';
import type { Actor } from '../../domain/actor.ts';
import { beforeProcedure } from '../../domain/portal/patient-stage.ts';
import { type ReminderKind, reminderKinds, reminderMessage } from '../../domain/portal/reminders.ts';
import { PATIENT_HOME } from '../auth/auth.ts';
import { clinicSettings } from '../clinic/settings.ts';
import { episodeDetail } from '../episodes/read.ts';
import type { JobHandler } from '../jobs/queue.ts';
import { queueMessage } from '../messages/outbox.ts';
import { emailOf } from '../patients/patients.ts';
import { preparationOf } from './view.ts';

export function sendReminder({ baseUrl }: { baseUrl: string }): JobHandler {
  return async (job, db) => {
    const { episodeId, bookingId, reminder } = job.payload as {
      episodeId: string;
      bookingId: string;
      reminder: ReminderKind;
    };
    if (!reminderKinds.includes(reminder)) throw new Error('unknown reminder kind');
    await db.transaction(async (tx) => {
      // Lock the episode: a move in flight finishes first, and this job then sees its result.
      const [e] = await tx.select().from(episode).where(eq(episode.id, episodeId)).for('update');
      const [b] = await tx.select().from(booking).where(eq(booking.id, bookingId));
      if (!e || !b || b.status !== 'booked' || b.episodeId !== e.id || !beforeProcedure.includes(e.stage)) {
        return;
      }
      const [p] = await tx
        .select({
          givenName: patient.givenName,
          familyName: patient.familyName,
          to: emailOf(sql`${patient}`),
        })
        .from(patient)
        .where(eq(patient.id, e.patientId));
      const to = p?.to;
      if (!p || !to) return;
      const reader: Actor = {
        id: 'reminders',
        name: 'Reminders',
        email: '',
        role: 'patient',
        clinicId: e.clinicId,
        patientId: e.patientId,
      };
      const detail = await episodeDetail(tx, reader, e.id);
      const { settings, contacts } = await clinicSettings(tx, e.clinicId);
      const text = reminderMessage({
        kind: reminder,
        patientName: `${p.givenName} ${p.familyName}`,
        plannedAt: b.plannedAt,
        clinic: {
          name: settings.clinic.name,
          timeZone: settings.clinic.timeZone,
          contacts: { ...settings.clinic.contacts, address: contacts.address },
        },
        room: detail.steps.booking?.procedureList.room ?? null,
        preparation: preparationOf(detail).map((i) => i.text),
        portalUrl: new URL(PATIENT_HOME, baseUrl).toString(),
      });
      await queueMessage(tx, {
        id: job.id,
        clinicId: e.clinicId,
        channel: 'email',
        to,
        kind: `reminder-${reminder}`,
        episodeId: e.id,
        ...text,
      });
    });
  };
}
