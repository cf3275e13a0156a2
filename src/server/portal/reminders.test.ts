/**
 * Reminders before the procedure, end to end through the job queue: each sent exactly once with
 * two workers on two connections, none for a booking that was rescheduled or cancelled, and a
 * delivery that fails is tried again.
 */
import { and, eq, like } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/api.ts';
import { bookedEpisode, type Staff, staffOf } from '../../../test/support/episodes.ts';
import { buildPatient } from '../../../test/support/factories.ts';
import { connect, type Database } from '../../db/client.ts';
import { booking, job, message, patient } from '../../db/schema.ts';
import { jobHandlers } from '../jobs/handlers.ts';
import { runDueJobs } from '../jobs/queue.ts';
import type { Transport } from '../messages/outbox.ts';

let t: TestApp;
let staff: Staff;
let other: Database;
const DAY = 86_400_000;
/** After every reminder of a booking a week ahead is due. */
const later = () => new Date(Date.now() + 9 * DAY);

beforeAll(async () => {
  t = await createTestApp();
  other = connect(t.url, 5);
  staff = staffOf(t);
});
afterAll(() => other.$client.end());

async function patientWithEmail(email: string) {
  const p = await buildPatient(t.db, t.clinic.id);
  await t.db.update(patient).set({ email }).where(eq(patient.id, p.id));
  return p;
}

function recording(): Transport & { sent: { to: string; subject: string }[] } {
  const sent: { to: string; subject: string }[] = [];
  return { name: 'test', sent, send: async (m) => void sent.push({ to: m.to, subject: m.subject }) };
}

/** Two workers, each on its own connection pool, run everything due until nothing is left. */
async function drain(transport: Transport, now = later()) {
  const handlers = jobHandlers({ transport, baseUrl: 'http://localhost:3000' });
  const run = async (db: Database) => {
    while ((await runDueJobs(db, { handlers, batch: 3, now: () => now })) > 0);
  };
  await Promise.all([run(t.db), run(other), run(t.db), run(other)]);
}

const remindersOf = (episodeId: string) =>
  t.db
    .select()
    .from(message)
    .where(and(eq(message.episodeId, episodeId), like(message.kind, 'reminder-%')));

describe('reminders before the procedure', () => {
  test('a booking gets the evening-before and morning-of reminders, each sent exactly once by two workers', async () => {
    const p = await patientWithEmail('rita.reminders@example.test');
    const e = await bookedEpisode(t.db, staff, p.id, 7);
    const transport = recording();
    await drain(transport);
    await drain(transport); // running again finds nothing more to send
    const sent = await remindersOf(e.id);
    expect(sent.map((m) => m.kind).sort()).toEqual(['reminder-day-before', 'reminder-morning-of']);
    expect(sent.every((m) => m.status === 'sent')).toBe(true);
    const mine = transport.sent.filter((m) => m.to === 'rita.reminders@example.test');
    expect(mine.map((m) => m.subject).sort()).toEqual([
      'Reminder: your injection is tomorrow at 09:30',
      'Your injection is today at 09:30',
    ]);
  });

  test('a rescheduled booking: only the new date’s reminders go out', async () => {
    const p = await patientWithEmail('sam.rescheduled@example.test');
    const e = await bookedEpisode(t.db, staff, p.id, 7);
    const list = await t.as('nurse', {
      method: 'POST',
      url: '/api/procedure-lists',
      payload: {
        date: new Date(Date.now() + 8 * DAY).toISOString().slice(0, 10),
        startTime: '08:30',
        operator: 'Dr B',
        room: 'Theatre 9',
        capacity: 4,
      },
    });
    const { version } = (await t.as('nurse', { method: 'GET', url: `/api/episodes/${e.id}` })).json();
    const moved = await t.as('nurse', {
      method: 'PUT',
      url: `/api/episodes/${e.id}/booking`,
      payload: { procedureListId: list.json().id, time: '11:00', version },
    });
    expect(moved.statusCode, moved.body).toBe(200);
    await drain(recording());
    const sent = await remindersOf(e.id);
    expect(sent).toHaveLength(2);
    expect(sent.every((m) => m.text.includes('11:00') && !m.text.includes('09:30'))).toBe(true);
    expect(sent.every((m) => m.text.includes('Theatre 9'))).toBe(true);
  });

  test('a cancelled booking sends nothing, even when its jobs were already queued', async () => {
    const p = await patientWithEmail('tia.cancelled@example.test');
    const e = await bookedEpisode(t.db, staff, p.id, 7);
    const { version } = (await t.as('nurse', { method: 'GET', url: `/api/episodes/${e.id}` })).json();
    const res = await t.as('nurse', {
      method: 'POST',
      url: `/api/episodes/${e.id}/moves`,
      payload: { move: 'cancel-booking', reason: 'Patient asked to cancel', version },
    });
    expect(res.statusCode, res.body).toBe(200);
    const cancelled = await t.db
      .select()
      .from(job)
      .where(like(job.dedupeKey, `reminder:${e.id}:%`));
    expect(cancelled.map((j) => j.status)).toEqual(['cancelled', 'cancelled']);

    // A race: the booking ends while its reminder is already pending. The job checks when due.
    const q = await patientWithEmail('uma.race@example.test');
    const raced = await bookedEpisode(t.db, staff, q.id, 7);
    await t.db.update(booking).set({ status: 'cancelled' }).where(eq(booking.episodeId, raced.id));
    await drain(recording());
    expect(await remindersOf(e.id)).toEqual([]);
    expect(await remindersOf(raced.id)).toEqual([]);
  });

  test('a delivery that fails is tried again later and then sent', async () => {
    const p = await patientWithEmail('vic.retry@example.test');
    const e = await bookedEpisode(t.db, staff, p.id, 7);
    let failures = 0;
    const flaky: Transport = {
      name: 'flaky',
      send: async () => {
        failures++;
        throw new Error('mail server down');
      },
    };
    await drain(flaky);
    expect(failures).toBeGreaterThan(0);
    const waiting = await remindersOf(e.id);
    expect(waiting.every((m) => m.status === 'queued' && m.lastError === 'Error')).toBe(true);
    const transport = recording();
    await drain(transport, new Date(later().getTime() + DAY));
    expect((await remindersOf(e.id)).every((m) => m.status === 'sent')).toBe(true);
    expect(transport.sent.filter((m) => m.to === 'vic.retry@example.test')).toHaveLength(2);
  });
});
