/**
 * Real days are not straight lines (issue: "trustworthy at every seam"): a step recorded twice is a
 * new version with the earlier one kept, a wrong side stops at check-in, and every recorded step
 * can be amended with a reason.
 */
import { and, eq, inArray, like, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, test } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/api.ts';
import { clinicDate } from '../../../../test/support/dates.ts';
import { buildPatient } from '../../../../test/support/factories.ts';
import { auditEvent, booking, job, message, procedureList } from '../../../db/schema.ts';
import {
  checkInFacts,
  procedureFacts,
  recoveryFacts,
  screeningFacts,
  triageFacts,
} from '../../demo/payloads.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});

const DAY = 86_400_000;
type Caller = 'nurse' | 'clinician' | 'admin';
type Detail = {
  id: string;
  version: number;
  stage: string;
  steps: Record<string, unknown> & {
    checkIn: { version: number; sideMarked: string; amendReason: string | null } | null;
    earlier: { step: string; version: number; facts: Record<string, unknown>; amendReason: string | null }[];
  };
  events: { event: string; summary: string; reason: string | null }[];
};
type ListRecord = {
  id: string;
  date: string;
  startTime: string;
  operator: string;
  room: string;
  capacity: number;
  booked: number;
  version: number;
  cancelled: { reason: string; by: string } | null;
};
const send = (caller: Caller, method: 'PUT' | 'POST', url: string, payload: object) =>
  t.as(caller, { method, url, payload });

async function ok(caller: Caller, method: 'PUT' | 'POST', url: string, payload: object): Promise<Detail> {
  const res = await send(caller, method, url, payload);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

/** A referred, triaged and screened episode, ready to book. */
async function readyToBook(
  side: 'left' | 'right' = 'left',
  details: Parameters<typeof buildPatient>[2] = {},
) {
  const patient = await buildPatient(t.db, t.clinic.id, details);
  const referred = (
    await send('nurse', 'POST', `/api/patients/${patient.id}/episodes`, {
      referrer: 'Dr A Referrer',
      referredOn: new Date(Date.now() - 20 * DAY).toISOString().slice(0, 10),
      reason: 'Buttock pain',
      side,
    })
  ).json() as { id: string; version: number };
  const url = `/api/episodes/${referred.id}`;
  let e = await ok('clinician', 'PUT', `${url}/triage`, { ...triageFacts(), version: referred.version });
  e = await ok('nurse', 'POST', `${url}/screenings`, { ...screeningFacts(side), version: e.version });
  return { e, url };
}

/** A new list, today in the clinic's zone unless told (check-in is on the booked day). */
async function newList(days = 0, capacity = 6) {
  const res = await send('nurse', 'POST', '/api/procedure-lists', {
    date: clinicDate(days),
    startTime: '08:30',
    operator: 'Dr Test',
    room: 'Theatre 1',
    capacity,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as ListRecord;
}

/**
 * A second patient's booking on a list, in a transaction as booking.ts runs it: the list locked
 * and a place taken, held open until `commit`.
 */
async function holdABooking(listId: string) {
  const { url } = await readyToBook();
  const [first] = await t.db.select().from(booking).where(eq(booking.procedureListId, listId));
  const { id: _, ...copy } = first!;
  let commit!: () => void;
  let holding!: () => void;
  const held = new Promise<void>((resolve) => {
    holding = resolve;
  });
  const done = t.db.transaction(async (tx) => {
    await tx.select().from(procedureList).where(eq(procedureList.id, listId)).for('update');
    await tx.insert(booking).values({ ...copy, episodeId: url.split('/').at(-1)! });
    holding();
    await new Promise<void>((resolve) => {
      commit = resolve;
    });
  });
  await held;
  return {
    commit: () => {
      commit();
      return done;
    },
  };
}

/** Until one statement of this database waits on a lock (the one the test sent behind a held one). */
const untilOneWaitsOnALock = () =>
  expect
    .poll(async () => {
      const { rows } = await t.db.execute<{ n: number }>(sql`select count(*)::int as n from pg_stat_activity
        where datname = current_database() and wait_event_type = 'Lock'`);
      return rows[0]!.n;
    })
    .toBe(1);

/** A list as its page reads it now. */
const listOf = async (id: string) =>
  ((await t.as('nurse', { method: 'GET', url: `/api/procedure-lists/${id}` })).json() as { list: ListRecord })
    .list;

async function bookedEpisode(
  side: 'left' | 'right' = 'left',
  listId?: string,
  details: Parameters<typeof buildPatient>[2] = {},
) {
  const { e: ready, url } = await readyToBook(side, details);
  const list = listId ?? (await newList()).id;
  const e = await ok('nurse', 'PUT', `${url}/booking`, {
    procedureListId: list,
    time: '09:30',
    version: ready.version,
  });
  return { e, url, listId: list };
}

describe('a step recorded twice in one episode’s life', () => {
  test('check in, defer, screen again, book, check in again: a second version, the first kept as superseded', async () => {
    const { e: booked, url, listId } = await bookedEpisode();
    let e = await ok('nurse', 'PUT', `${url}/check-in`, { ...checkInFacts('left'), version: booked.version });
    expect(e.stage).toBe('checked-in');
    const deferred = await send('nurse', 'POST', `${url}/moves`, {
      move: 'defer',
      reason: 'Feverish on arrival',
      version: e.version,
    });
    expect(deferred.statusCode, deferred.body).toBe(200);
    e = (await t.as('nurse', { method: 'GET', url })).json();
    expect(e.stage).toBe('not-safe-yet');
    e = await ok('nurse', 'POST', `${url}/screenings`, { ...screeningFacts('left'), version: e.version });
    expect(e.stage).toBe('screened');
    e = await ok('nurse', 'PUT', `${url}/booking`, {
      procedureListId: listId,
      time: '10:30',
      version: e.version,
    });
    expect(e.stage).toBe('scheduled');

    const again = await send('nurse', 'PUT', `${url}/check-in`, {
      ...checkInFacts('left'),
      version: e.version,
    });
    expect(again.statusCode, again.body).toBe(200);
    e = again.json();
    expect(e.stage).toBe('checked-in');
    expect(e.steps.checkIn).toMatchObject({ version: 2, amendReason: null });
    expect(e.steps.earlier).toEqual([
      expect.objectContaining({
        step: 'check-in',
        version: 1,
        facts: expect.objectContaining({ sideMarked: 'left' }),
      }),
    ]);
  });
});

describe('the side marked at check-in', () => {
  test('a side that differs from the planned side stops the check-in, and nothing is saved', async () => {
    const { e, url } = await bookedEpisode('left');
    const res = await send('nurse', 'PUT', `${url}/check-in`, {
      ...checkInFacts('right'),
      version: e.version,
    });
    expect(res.statusCode, res.body).toBe(422);
    expect(res.json().code).toBe('side_mismatch');
    expect(res.json().errors).toEqual([{ field: 'sideMarked', message: expect.stringMatching(/side/i) }]);
    const now = (await t.as('nurse', { method: 'GET', url })).json() as Detail;
    expect(now).toMatchObject({ stage: 'scheduled', version: e.version });
    expect(now.steps.checkIn).toBeNull();
  });
});

describe('amending a recorded step', () => {
  test('a check-in can be amended with a reason by the care team; the earlier version is kept, audited and on the timeline', async () => {
    const { e: booked, url } = await bookedEpisode('left');
    const e = await ok('nurse', 'PUT', `${url}/check-in`, {
      ...checkInFacts('left', { fastingAsInstructed: true }),
      version: booked.version,
    });
    // Without a reason, an amendment is refused.
    const bare = await send('nurse', 'PUT', `${url}/check-in`, {
      ...checkInFacts('left'),
      version: e.version,
    });
    expect(bare.statusCode).toBe(422);
    expect(bare.json().code).toBe('reason_required');
    // An admin may not record it at all.
    const admin = await send('admin', 'PUT', `${url}/check-in`, {
      ...checkInFacts('left'),
      version: e.version,
      amendReason: 'typo',
    });
    expect(admin.statusCode).toBe(403);

    const glucose = { value: 6.1, unit: 'mmol/L' as const };
    const amended = await ok('nurse', 'PUT', `${url}/check-in`, {
      ...checkInFacts('left', { glucose }),
      version: e.version,
      amendReason: 'Glucose was measured on arrival but not entered',
    });
    expect(amended.stage).toBe('checked-in');
    expect(amended.steps.checkIn).toMatchObject({
      version: 2,
      amendReason: 'Glucose was measured on arrival but not entered',
    });
    expect(amended.steps.earlier.map((v) => [v.step, v.version])).toEqual([['check-in', 1]]);
    const last = amended.events.at(-1)!;
    expect(last).toMatchObject({
      event: 'check-in.amended',
      summary: 'Check-in amended (version 2)',
      reason: 'Glucose was measured on arrival but not entered',
    });
    const audit = (await t.as('admin', { method: 'GET', url: '/api/audit?limit=5' })).json();
    expect(audit.items.map((i: { action: string }) => i.action)).toContain('episode.check-in');
  });

  test('a procedure record can be amended only by a clinician, with a reason, after it was recorded', async () => {
    const { e: booked, url } = await bookedEpisode('left');
    let e = await ok('nurse', 'PUT', `${url}/check-in`, { ...checkInFacts('left'), version: booked.version });
    e = await ok('clinician', 'PUT', `${url}/procedure`, { ...procedureFacts('left'), version: e.version });
    expect(e.stage).toBe('performed');
    const nurse = await send('nurse', 'PUT', `${url}/procedure`, {
      ...procedureFacts('left', new Date(), { durationMinutes: 20 }),
      version: e.version,
      amendReason: 'Duration',
    });
    expect(nurse.statusCode).toBe(403);
    const fixed = await ok('clinician', 'PUT', `${url}/procedure`, {
      ...procedureFacts('left', new Date(), { durationMinutes: 20 }),
      version: e.version,
      amendReason: 'The list ran late: it took 20 minutes',
    });
    expect(fixed.stage).toBe('performed');
    expect(fixed.steps.earlier).toEqual([expect.objectContaining({ step: 'procedure', version: 1 })]);
  });
});

describe('the life of a booking', () => {
  test('rescheduling keeps the old booking as rescheduled, and the new one holds the only place', async () => {
    const { e, url } = await bookedEpisode();
    const other = (
      await send('nurse', 'POST', '/api/procedure-lists', {
        date: new Date(Date.now() + 21 * DAY).toISOString().slice(0, 10),
        startTime: '13:00',
        operator: 'Dr Test',
        room: 'Theatre 2',
        capacity: 1,
      })
    ).json() as { id: string };
    const moved = await ok('nurse', 'PUT', `${url}/booking`, {
      procedureListId: other.id,
      time: '13:30',
      version: e.version,
    });
    const bookings = moved.steps.bookings as {
      status: string;
      procedureList: { id: string; booked: number };
    }[];
    expect(bookings.map((b) => b.status)).toEqual(['booked', 'rescheduled']);
    expect(bookings[0]!.procedureList).toMatchObject({ id: other.id, booked: 1 });
    expect(moved.events.at(-1)!.summary).toMatch(/^Rescheduled to /);
  });

  test('a cancelled booking needs a reason; the place is freed and the episode waits for a new date', async () => {
    const { e, url, listId } = await bookedEpisode();
    const bare = await send('nurse', 'POST', `${url}/moves`, { move: 'cancel-booking', version: e.version });
    expect(bare.statusCode).toBe(422);
    const cancelled = await send('nurse', 'POST', `${url}/moves`, {
      move: 'cancel-booking',
      reason: 'Patient is on holiday that week',
      version: e.version,
    });
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    const now = (await t.as('nurse', { method: 'GET', url })).json() as Detail;
    expect(now.stage).toBe('screened');
    expect(now.steps.booking).toBeNull();
    expect(now.steps.bookings).toEqual([
      expect.objectContaining({ status: 'cancelled', statusReason: 'Patient is on holiday that week' }),
    ]);
    const lists = (await t.as('nurse', { method: 'GET', url: '/api/procedure-lists' })).json();
    expect(lists.items.find((l: { id: string }) => l.id === listId).booked).toBe(0);
  });

  test('a patient who did not attend: the booking ends as such, and the episode can be booked again', async () => {
    const { e, url, listId } = await bookedEpisode();
    const dna = await send('nurse', 'POST', `${url}/moves`, { move: 'did-not-attend', version: e.version });
    expect(dna.statusCode, dna.body).toBe(200);
    let now = (await t.as('nurse', { method: 'GET', url })).json() as Detail;
    expect(now.stage).toBe('screened');
    expect(now.steps.bookings).toEqual([expect.objectContaining({ status: 'did-not-attend' })]);
    now = await ok('nurse', 'PUT', `${url}/booking`, {
      procedureListId: listId,
      time: '11:00',
      version: now.version,
    });
    expect(now.stage).toBe('scheduled');
  });
});

describe('a day recorded late', () => {
  test('treated but not recorded on the day: checked in the next day with why it is late, then the procedure for that day', async () => {
    const list = await newList(0);
    const { e, url } = await bookedEpisode('left', list.id, { givenName: 'Eli' });
    // The next day: the list and the booking a day back, as the clock would move forward.
    await t.db.execute(sql`update procedure_list set date = date - 1 where id = ${list.id}`);
    await t.db.execute(
      sql`update booking set planned_at = planned_at - interval '1 day' where procedure_list_id = ${list.id}`,
    );

    const unsaid = await send('nurse', 'PUT', `${url}/check-in`, {
      ...checkInFacts('left'),
      version: e.version,
    });
    expect(unsaid.statusCode).toBe(409);
    expect(unsaid.json().detail).toMatch(
      /^Check-in was for the booked day, .+; today is .+\. If the patient was checked in that day, record it with why it is recorded late; if they are here today instead, reschedule the booking\.$/,
    );
    const checkedIn = await ok('nurse', 'PUT', `${url}/check-in`, {
      ...checkInFacts('left'),
      lateReason: 'Written on the paper list on the day',
      version: e.version,
    });
    expect(checkedIn.stage).toBe('checked-in');
    expect(checkedIn.steps.checkIn).toMatchObject({ lateReason: 'Written on the paper list on the day' });

    // The procedure is recorded for the booked day, as it happened.
    const [{ plannedAt }] = (
      await t.db.execute<{ plannedAt: Date }>(
        sql`select planned_at as "plannedAt" from booking where procedure_list_id = ${list.id}`,
      )
    ).rows as [{ plannedAt: Date }];
    const performedAt = new Date(new Date(plannedAt).getTime() + 30 * 60_000);
    const treated = await ok('clinician', 'PUT', `${url}/procedure`, {
      ...procedureFacts('left', performedAt),
      version: checkedIn.version,
    });
    expect(treated.stage).toBe('performed');
    const open = await t.as('nurse', { method: 'GET', url: '/api/episodes/left-open' });
    expect(open.json().items.map((i: { episodeId: string }) => i.episodeId)).not.toContain(treated.id);

    // Her recovery and discharge as they were that day; then her follow-up begins, as on time.
    const recovered = await ok('nurse', 'PUT', `${url}/recovery`, {
      ...recoveryFacts(performedAt),
      version: treated.version,
    });
    const home = await ok('nurse', 'POST', `${url}/discharge`, { version: recovered.version });
    expect(home.stage).toBe('discharged');
    const following = await ok('nurse', 'POST', `${url}/moves`, {
      move: 'start-follow-up',
      version: home.version,
    });
    expect(following.stage).toBe('following-up');
  });

  test('a reason for lateness on the booked day itself is refused', async () => {
    const { e, url } = await bookedEpisode('left');
    const res = await send('nurse', 'PUT', `${url}/check-in`, {
      ...checkInFacts('left'),
      lateReason: 'Typed by mistake',
      version: e.version,
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toEqual([
      { field: 'lateReason', message: 'Only a check-in recorded after the booked day is late' },
    ]);
  });
});

describe('did not attend, before the day', () => {
  test('is refused for a booking next week, with what to do instead; nothing changes', async () => {
    const { e, url } = await bookedEpisode('left', (await newList(7)).id);
    const early = await send('nurse', 'POST', `${url}/moves`, { move: 'did-not-attend', version: e.version });
    expect(early.statusCode, early.body).toBe(409);
    expect(early.json()).toMatchObject({ code: 'outside_booked_day' });
    expect(early.json().detail).toMatch(
      /^The patient is booked for .+, 09:30: "did not attend" is recorded from that day\. If they will not come, cancel the booking with the reason\.$/,
    );
    const page = (await t.as('nurse', { method: 'GET', url })).json() as Detail;
    expect(page.stage).toBe('scheduled');
    expect(page.version).toBe(e.version);
  });
});

describe('the preparation letter', () => {
  test('once booked, a PDF with the appointment and how to prepare, on the clinic letterhead', async () => {
    const { PDFParse } = await import('pdf-parse');
    const { url } = await bookedEpisode();
    const res = await t.as('nurse', { method: 'GET', url: `${url}/instructions.pdf` });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['cache-control']).toBe('no-store');
    const parser = new PDFParse({ data: new Uint8Array(res.rawPayload) });
    const text = (await parser.getText()).text.replace(/\s+/g, ' ');
    await parser.destroy();
    expect(text).toContain('Your SI joint injection: how to prepare');
    expect(text).toContain('Your appointment');
    expect(text).toContain('Test Pain Clinic');
    expect(text).toContain('Do not stop any medicine on your own');
  });

  test('before a booking there is no letter to send', async () => {
    const patient = await buildPatient(t.db, t.clinic.id);
    const referred = (
      await send('nurse', 'POST', `/api/patients/${patient.id}/episodes`, {
        referrer: 'Dr A Referrer',
        referredOn: '2026-11-01',
        reason: 'Buttock pain',
      })
    ).json() as { id: string };
    const res = await t.as('nurse', { method: 'GET', url: `/api/episodes/${referred.id}/instructions.pdf` });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('step_out_of_order');
  });
});

describe('a procedure list corrected after patients are booked on it', () => {
  const change = (caller: Caller | 'otherClinic', list: ListRecord, fields: Partial<ListRecord>) => {
    const { id, booked: _, cancelled: __, ...sent } = { ...list, ...fields };
    return t.as(caller, { method: 'PATCH', url: `/api/procedure-lists/${id}`, payload: sent });
  };

  test('its operator, room, start and places are corrected; the booked patient’s page shows the list as it is now', async () => {
    const { url, listId } = await bookedEpisode();
    const before = (await t.as('nurse', { method: 'GET', url })).json();
    expect(before.steps.booking.procedureList.room).toBe('Theatre 1');
    const list = await listOf(listId);
    const res = await change('clinician', list, {
      operator: 'Dr Shah',
      room: 'Theatre 3',
      startTime: '09:15',
      capacity: 2,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      room: 'Theatre 3',
      startTime: '09:15',
      capacity: 2,
      booked: 1,
      version: list.version + 1,
    });
    // The episode page read before is not served again as it was (its list changed under it).
    const after = (await t.as('nurse', { method: 'GET', url })).json();
    expect(after.steps.booking.procedureList).toMatchObject({
      room: 'Theatre 3',
      operator: 'Dr Shah',
      startTime: '09:15',
    });
    const audited = await t.db.execute<{ n: number }>(
      sql`select count(*)::int as n from audit_event where action = 'procedure-list.update' and record_id = ${listId}`,
    );
    expect(audited.rows[0]!.n).toBe(1);
  });

  test('not below the places taken, nor to another day once anyone was booked on it; nothing changes', async () => {
    const { listId } = await bookedEpisode();
    await bookedEpisode('left', listId);
    const list = await listOf(listId);
    expect(list.booked).toBe(2);
    const refused = await change('nurse', list, { capacity: 1, date: clinicDate(1), room: 'Theatre 9' });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().errors).toEqual([
      {
        field: 'date',
        message: 'Patients have been booked on this list: book each on another list instead of moving it',
      },
      {
        field: 'capacity',
        message: '2 patients are booked on this list: book some on another list before making it smaller',
      },
    ]);
    expect(await listOf(listId)).toEqual(list);
  });

  test('a new room is emailed to each booked patient with an address; a new operator is not', async () => {
    const { listId, url } = await bookedEpisode('left', undefined, {
      givenName: 'Ada',
      email: 'ada.room@example.test',
    });
    await bookedEpisode('left', listId, { givenName: 'Bo' });
    const sent = () =>
      t.db
        .select()
        .from(message)
        .where(and(eq(message.kind, 'list-room-changed'), eq(message.episodeId, url.split('/').at(-1)!)));
    // The list's page says who can be written to, as the edit dialog names the rest to phone.
    const page = await t.as('nurse', { method: 'GET', url: `/api/procedure-lists/${listId}` });
    expect(
      (page.json().entries as { patient: { name: string }; hasEmail: boolean }[])
        .map((e) => [e.patient.name, e.hasEmail])
        .sort(), // both are booked at 09:30
    ).toEqual([
      ['Ada Testpatient', true],
      ['Bo Testpatient', false],
    ]);
    const list = await listOf(listId);
    expect((await change('nurse', list, { operator: 'Dr Shah' })).statusCode).toBe(200);
    expect(await sent()).toEqual([]);
    const moved = await change('nurse', await listOf(listId), { room: 'Theatre 7' });
    expect(moved.statusCode, moved.body).toBe(200);
    const [mail] = await sent();
    expect(mail).toMatchObject({
      to: 'ada.room@example.test',
      subject: expect.stringMatching(/: a new room$/),
    });
    expect(mail!.text).toContain('is now in a different room: Theatre 7');
    const all = await t.db.select().from(message).where(eq(message.kind, 'list-room-changed'));
    expect(all.filter((m) => m.text.includes('Bo Testpatient'))).toEqual([]);
  });

  test('its start not moved past a booked patient’s time, nor a patient booked before it starts', async () => {
    const { listId } = await bookedEpisode(); // at 09:30 on an 08:30 list
    const list = await listOf(listId);
    const later = await change('nurse', list, { startTime: '13:00' });
    expect(later.statusCode).toBe(400);
    expect(later.json().errors).toEqual([
      {
        field: 'startTime',
        message: 'A patient is booked at 09:30: start the list by then, or book them later first',
      },
    ]);
    expect(await listOf(listId)).toEqual(list);
    // As far as the first booked time; an earlier start is only more room.
    expect((await change('nurse', list, { startTime: '09:30' })).statusCode).toBe(200);
    const { e, url } = await readyToBook();
    const early = await send('nurse', 'PUT', `${url}/booking`, {
      procedureListId: listId,
      time: '08:00',
      version: e.version,
    });
    expect(early.statusCode).toBe(400);
    expect(early.json().errors).toEqual([
      { field: 'time', message: 'The list starts at 09:30: book a time from then' },
    ]);
  });

  test('a list nobody was booked on moves to another day, but not into the past; a stale form is refused', async () => {
    const list = await newList(3);
    const moved = await change('nurse', list, { date: clinicDate(4) });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json().date).toBe(clinicDate(4));
    const past = await change('nurse', moved.json(), { date: clinicDate(-1) });
    expect(past.statusCode).toBe(400);
    expect(past.json().errors).toEqual([{ field: 'date', message: 'A list cannot move into the past' }]);
    // The form read before the move: refused with the list as it is now.
    const stale = await change('nurse', list, { room: 'Theatre 2' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().current).toMatchObject({ date: clinicDate(4), version: list.version + 1 });
    // Another clinic's staff cannot find it.
    expect((await change('otherClinic', moved.json(), { room: 'Theatre 2' })).statusCode).toBe(404);
  });

  test('a list whose day has gone is not edited: it is what its patients were booked on', async () => {
    const [past] = await t.db
      .insert(procedureList)
      .values({
        clinicId: t.clinic.id,
        date: clinicDate(-2),
        startTime: '08:30',
        operator: 'Dr Test',
        room: 'Theatre 1',
        capacity: 4,
      })
      .returning();
    const list = await listOf(past!.id);
    const res = await change('clinician', list, { room: 'Theatre 2' });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toEqual([
      { field: 'date', message: 'This list’s day has passed: it stays as its patients’ records show it' },
    ]);
    expect(await listOf(past!.id)).toEqual(list);
  });

  test('shrunk while a booking holds the list: the correction waits for it, then finds the place taken', async () => {
    const { listId } = await bookedEpisode();
    const list = await listOf(listId);
    const held = await holdABooking(listId);
    const shrinking = change('clinician', list, { capacity: 1 });
    // Until the correction waits on the list (it counts nothing before it holds the list).
    await untilOneWaitsOnALock();
    await held.commit();
    const shrunk = await shrinking;
    expect(shrunk.statusCode, shrunk.body).toBe(400);
    expect(shrunk.json().errors[0].field).toBe('capacity');
    expect(await listOf(listId)).toMatchObject({ capacity: 6, booked: 2 });
  });
});

describe('a procedure list cancelled (the operator off sick)', () => {
  type Cancelled = { list: ListRecord } & Record<'told' | 'notTold', { episodeId: string; name: string }[]>;
  /** Cancelled from the list's page as it is now, unless the fields say what an older page showed. */
  const cancel = async (list: ListRecord, fields: object = {}, caller: Caller | 'otherClinic' = 'nurse') => {
    const page = await t.as('nurse', { method: 'GET', url: `/api/procedure-lists/${list.id}` });
    const episodes = (page.json().entries as { episodeId: string }[]).map((e) => e.episodeId);
    return t.as(caller, {
      method: 'POST',
      url: `/api/procedure-lists/${list.id}/cancel`,
      payload: { reason: 'Dr Test is off sick', version: list.version, episodes, ...fields },
    });
  };
  const episodeId = (url: string) => url.split('/').at(-1)!;

  test('every booking ends with the reason and the patient waits for a date; each is emailed or named to phone; booked no more', async () => {
    const { id } = await newList(7);
    const ana = await bookedEpisode('left', id, { givenName: 'Ana', email: 'ana.cancel@example.test' });
    const ben = await bookedEpisode('right', id, { givenName: 'Ben' });
    const reminders = () =>
      t.db
        .select({ status: job.status })
        .from(job)
        .where(like(job.dedupeKey, `reminder:${episodeId(ana.url)}:%`));
    expect((await reminders()).map((j) => j.status)).toEqual(['pending', 'pending']);
    const list = await listOf(id);
    expect(list).toMatchObject({ booked: 2, cancelled: null });

    const res = await cancel(list);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json() as Cancelled;
    expect(body.list).toMatchObject({
      booked: 0,
      version: list.version + 1,
      cancelled: { reason: 'Dr Test is off sick', by: expect.any(String) },
    });
    expect(body.told).toEqual([{ episodeId: episodeId(ana.url), name: 'Ana Testpatient' }]);
    expect(body.notTold).toEqual([{ episodeId: episodeId(ben.url), name: 'Ben Testpatient' }]);

    for (const { url } of [ana, ben]) {
      const page = (await t.as('nurse', { method: 'GET', url })).json();
      expect(page.stage).toBe('screened');
      expect(page.steps.booking).toBeNull();
      expect(page.steps.bookings).toEqual([
        expect.objectContaining({
          status: 'cancelled',
          statusReason: 'The list was cancelled: Dr Test is off sick',
          procedureList: expect.objectContaining({
            cancelled: expect.objectContaining({ by: expect.any(String) }),
          }),
        }),
      ]);
    }
    expect((await reminders()).map((j) => j.status)).toEqual(['cancelled', 'cancelled']);
    // Ana is told not to come, and whom to call about a medicine she stopped; not the team's reason.
    const [sent] = await t.db
      .select()
      .from(message)
      .where(and(eq(message.kind, 'list-cancelled'), eq(message.episodeId, episodeId(ana.url))));
    expect(sent).toMatchObject({ to: 'ana.cancel@example.test', channel: 'email' });
    expect(sent!.subject).toMatch(/^Your injection on .+ is cancelled$/);
    expect(sent!.text).toContain('Please do not come in for it.');
    expect(sent!.text).toContain('If you stopped or changed a medicine');
    expect(sent!.text).not.toContain('off sick');
    const audited = await t.db
      .select({ action: auditEvent.action, recordId: auditEvent.recordId })
      .from(auditEvent)
      .where(inArray(auditEvent.recordId, [id, episodeId(ana.url), episodeId(ben.url)]));
    expect(audited.filter((a) => a.action.endsWith('cancel') || a.action.endsWith('cancel-booking'))).toEqual(
      [
        { action: 'procedure-list.cancel', recordId: id },
        { action: 'episode.cancel-booking', recordId: episodeId(ana.url) },
        { action: 'episode.cancel-booking', recordId: episodeId(ben.url) },
      ],
    );

    // The list is kept, marked, and not booked, edited or cancelled again; another list is booked.
    const after = await listOf(id);
    expect(after.cancelled).toMatchObject({ reason: 'Dr Test is off sick' });
    const again = (await t.as('nurse', { method: 'GET', url: ana.url })).json();
    const rebook = await send('nurse', 'PUT', `${ana.url}/booking`, {
      procedureListId: id,
      time: '10:00',
      version: again.version,
    });
    expect(rebook.statusCode).toBe(409);
    expect(rebook.json().code).toBe('list_cancelled');
    const { booked: _, cancelled: __, ...fields } = after;
    const edit = await t.as('nurse', {
      method: 'PATCH',
      url: `/api/procedure-lists/${id}`,
      payload: { ...fields, room: 'Theatre 2' },
    });
    expect(edit.statusCode).toBe(400);
    expect((await cancel(after)).json().errors).toEqual([
      { field: 'list', message: 'This list is already cancelled' },
    ]);
    const elsewhere = await send('nurse', 'PUT', `${ana.url}/booking`, {
      procedureListId: (await newList(8)).id,
      time: '10:00',
      version: again.version,
    });
    expect(elsewhere.statusCode, elsewhere.body).toBe(200);
  });

  test('refused with nothing changed: no reason, a patient checked in, a booking made since the page was read, a stale form, another clinic', async () => {
    const waiting = await bookedEpisode('left');
    const arrived = await bookedEpisode('left', waiting.listId, { givenName: 'Cy' });
    const page = (await t.as('nurse', { method: 'GET', url: arrived.url })).json();
    await ok('nurse', 'PUT', `${arrived.url}/check-in`, { ...checkInFacts('left'), version: page.version });
    const list = await listOf(waiting.listId);
    const unchanged = async () => {
      expect(await listOf(list.id)).toEqual(list);
      expect((await t.as('nurse', { method: 'GET', url: waiting.url })).json().stage).toBe('scheduled');
    };

    const bare = await cancel(list, { reason: '  ' });
    expect(bare.statusCode).toBe(400);
    const checkedIn = await cancel(list);
    expect(checkedIn.statusCode).toBe(400);
    expect(checkedIn.json().errors).toEqual([
      {
        field: 'list',
        message:
          'Cy Testpatient is checked in: record their procedure, or defer them on their page, before cancelling the list',
      },
    ]);
    await unchanged();

    const quiet = await newList(5);
    await bookedEpisode('left', quiet.id);
    // The page said nobody was booked: the booking made since is not cancelled unseen.
    const unseen = await cancel(quiet, { episodes: [] });
    expect(unseen.statusCode).toBe(409);
    expect(unseen.json().current).toMatchObject({ booked: 1, cancelled: null });
    const stale = await cancel({ ...quiet, version: quiet.version + 5 });
    expect(stale.statusCode).toBe(409);
    expect((await cancel(quiet, {}, 'otherClinic')).statusCode).toBe(404);
    expect((await listOf(quiet.id)).cancelled).toBeNull();
    await unchanged();
  });

  test('cancelled while a booking holds the list: the cancelling waits for it, then refuses to end a booking nobody saw', async () => {
    const { listId } = await bookedEpisode();
    const list = await listOf(listId);
    const held = await holdABooking(listId);
    const cancelling = cancel(list);
    await untilOneWaitsOnALock();
    await held.commit();
    const refused = await cancelling;
    expect(refused.statusCode, refused.body).toBe(409);
    expect(refused.json().detail).toBe(
      '2 patients are booked on this list now, not 1: look at the list again before cancelling it.',
    );
    expect(await listOf(listId)).toMatchObject({ booked: 2, cancelled: null });
  });

  test('one booking ended and another made since the page was read: the count is the same, but the cancelling is refused', async () => {
    const ana = await bookedEpisode('left', undefined, { givenName: 'Ana' });
    const ben = await bookedEpisode('left', ana.listId, { givenName: 'Ben' });
    const list = await listOf(ana.listId);
    const shown = [ana, ben].map((b) => b.url.split('/').at(-1)!);
    // Meanwhile a colleague cancels Ben's booking and books Cy in the place it gave back.
    const page = (await t.as('nurse', { method: 'GET', url: ben.url })).json();
    await ok('nurse', 'POST', `${ben.url}/moves`, {
      move: 'cancel-booking',
      reason: 'Patient is on holiday that week',
      version: page.version,
    });
    const cy = await bookedEpisode('left', ana.listId, { givenName: 'Cy' });

    const refused = await cancel(list, { episodes: shown });
    expect(refused.statusCode, refused.body).toBe(409);
    expect(refused.json().detail).toBe(
      'Its bookings changed since the page was read: look at the list again before cancelling it.',
    );
    expect(await listOf(ana.listId)).toMatchObject({ booked: 2, cancelled: null });
    expect((await t.as('nurse', { method: 'GET', url: cy.url })).json().stage).toBe('scheduled');
  });

  test('a list made by mistake, with nobody on it, is cancelled and leaves the day’s lists as such', async () => {
    const mistake = await newList(9);
    const res = await cancel(mistake, { reason: 'Made twice by mistake' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ told: [], notTold: [] });
    const day = await t.as('nurse', {
      method: 'GET',
      url: `/api/procedure-lists?from=${clinicDate(9)}&to=${clinicDate(9)}`,
    });
    expect(day.json().items).toEqual([
      expect.objectContaining({
        id: mistake.id,
        cancelled: expect.objectContaining({ reason: 'Made twice by mistake' }),
      }),
    ]);
  });
});

describe('a referral amended', () => {
  type Page = Detail & {
    referrer: string;
    referrerAddress: string | null;
    referredOn: string;
    reason: string;
    side: string | null;
  };
  const referred = async () => {
    const patient = await buildPatient(t.db, t.clinic.id);
    const res = await send('nurse', 'POST', `/api/patients/${patient.id}/episodes`, {
      referrer: 'Dr A Referrer',
      referredOn: clinicDate(-20),
      reason: 'Buttock pain',
      side: 'left',
    });
    return res.json() as Page;
  };
  const details = (e: Page) => ({
    referrer: e.referrer,
    referrerAddress: e.referrerAddress,
    referredOn: e.referredOn,
    reason: e.reason,
    side: e.side,
  });
  const correct = (
    caller: Caller,
    e: Page,
    changes: Partial<Page>,
    amendReason = 'Typed from the wrong letter',
  ) =>
    t.as(caller, {
      method: 'PUT',
      url: `/api/episodes/${e.id}/referral`,
      payload: { ...details(e), ...changes, version: e.version, amendReason },
    });

  test('the referrer, their address and the side, with a reason: the page says the new, the timeline the old and why', async () => {
    const e = await referred();
    const res = await correct('admin', e, {
      referrer: 'Dr B Moss, Hill Surgery',
      referrerAddress: 'Hill Surgery\n1 Hill Road\nLeeds LS1 1AA',
      side: 'right',
    });
    expect(res.statusCode, res.body).toBe(200);
    const page = res.json() as Page;
    expect(details(page)).toEqual({
      referrer: 'Dr B Moss, Hill Surgery',
      referrerAddress: 'Hill Surgery\n1 Hill Road\nLeeds LS1 1AA',
      referredOn: e.referredOn,
      reason: 'Buttock pain',
      side: 'right',
    });
    expect(page.version).toBe(e.version + 1);
    expect(page.stage).toBe('referred');
    expect(page.events.at(-1)).toMatchObject({
      event: 'referral.amended',
      summary: 'Referral amended: referrer (was Dr A Referrer), referrer’s address, side (was left)',
      reason: 'Typed from the wrong letter',
    });
    const audited = await t.db.execute<{ n: number }>(
      sql`select count(*)::int as n from audit_event where action = 'episode.referral.amend' and record_id = ${e.id}`,
    );
    expect(audited.rows[0]!.n).toBe(1);
  });

  test('refused with nothing changed: without a reason, with nothing to correct, dated after today', async () => {
    const e = await referred();
    expect((await correct('nurse', e, { referrer: 'Dr C' }, ' ')).statusCode).toBe(400);
    const same = await correct('nurse', e, {});
    expect(same.statusCode).toBe(400);
    expect(same.json().detail).toBe('Nothing to amend: the referral already says this.');
    const future = await correct('nurse', e, { referredOn: clinicDate(2) });
    expect(future.statusCode).toBe(400);
    expect(future.json().errors).toEqual([
      { field: 'referredOn', message: 'The referral date cannot be in the future' },
    ]);
    const now = (await t.as('nurse', { method: 'GET', url: `/api/episodes/${e.id}` })).json() as Page;
    expect(details(now)).toEqual(details(e));
    expect(now.version).toBe(e.version);
  });

  test('once screened, the side is the screening’s to change; the rest still corrects; a stale form gets the page as it is, audited', async () => {
    const { e: booked } = await bookedEpisode();
    const e = (await t.as('nurse', { method: 'GET', url: `/api/episodes/${booked.id}` })).json() as Page;
    const side = await correct('clinician', e, { side: 'right' });
    expect(side.statusCode).toBe(400);
    expect(side.json().errors.map((x: { field: string }) => x.field)).toEqual(['side']);
    const ok = await correct('clinician', e, { referredOn: clinicDate(-25) });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().stage).toBe('scheduled');
    const stale = await correct('nurse', e, { reason: 'Buttock and groin pain' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().current).toMatchObject({
      id: e.id,
      referredOn: clinicDate(-25),
      version: e.version + 1,
    });
    const read = await t.db.execute<{ n: number }>(
      sql`select count(*)::int as n from audit_event where action = 'episode.read' and status = 409 and record_id = ${e.id}`,
    );
    expect(read.rows[0]!.n).toBe(1);
  });
});

describe('bookings left open after their day', () => {
  test('a patient neither recorded as treated nor as not attending is named the next day, oldest first, until closed', async () => {
    const list = await newList(0);
    const ana = await bookedEpisode('left', list.id, { givenName: 'Ana' });
    const ben = await bookedEpisode('left', list.id, { givenName: 'Ben' });
    const cy = await bookedEpisode('left', list.id, { givenName: 'Cy' });
    await ok('nurse', 'PUT', `${ben.url}/check-in`, { ...checkInFacts('left'), version: ben.e.version });
    await ok('nurse', 'POST', `${cy.url}/moves`, { move: 'did-not-attend', version: cy.e.version });
    const leftOpen = async (caller: Caller | 'otherClinic' = 'nurse') => {
      const res = await t.as(caller, { method: 'GET', url: '/api/episodes/left-open' });
      expect(res.statusCode, res.body).toBe(200);
      return res.json() as { items: { episodeId: string; name: string; stage: string }[]; total: number };
    };
    const listed = async () =>
      (await t.db.select().from(auditEvent).where(eq(auditEvent.action, 'episode.list'))).length;
    // On the day itself nothing is left open: the list is still running. (Nobody named, nothing audited.)
    const before = await listed();
    expect(await leftOpen()).toEqual({ items: [], total: 0 });
    expect(await listed()).toBe(before);

    // The next day (the list and its bookings moved a day back, as the clock would move forward).
    await t.db.execute(sql`update procedure_list set date = date - 1 where id = ${list.id}`);
    await t.db.execute(
      sql`update booking set planned_at = planned_at - interval '1 day' where procedure_list_id = ${list.id}`,
    );
    await t.db.execute(
      sql`update booking set planned_at = planned_at - interval '1 minute' where episode_id = ${ben.url.split('/').at(-1)!}`,
    );
    const tomorrow = await bookedEpisode('left', (await newList(1)).id, { givenName: 'Dee' });
    const found = await leftOpen();
    expect(found.total).toBe(2);
    expect(found.items.map((i) => [i.name.split(' ')[0], i.stage])).toEqual([
      ['Ben', 'checked-in'],
      ['Ana', 'scheduled'],
    ]);
    expect(found.items.map((i) => i.episodeId)).not.toContain(tomorrow.url.split('/').at(-1));
    expect(await listed()).toBe(before + 1);
    expect(await leftOpen('otherClinic')).toEqual({ items: [], total: 0 });

    // Closed on its page (Ana did not come): named no more.
    const page = (await t.as('nurse', { method: 'GET', url: ana.url })).json() as Detail;
    await ok('nurse', 'POST', `${ana.url}/moves`, { move: 'did-not-attend', version: page.version });
    expect((await leftOpen()).items.map((i) => i.name.split(' ')[0])).toEqual(['Ben']);
  });
});
