/**
 * The episode page and a day's worklist are sent from this process's memory when nothing they
 * show has changed (read.ts episodePage, worklist; ADR 0006). Read again after a change — made
 * through the API, or straight in the database as another server process would make it — they
 * show the change, every time.
 */
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, test } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/api.ts';
import { bookedEpisode, staffOf } from '../../../test/support/episodes.ts';
import { buildPatient } from '../../../test/support/factories.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});

interface Page {
  version: number;
  reason: string;
  patient: { familyName: string };
  events: { summary: string; reason: string | null }[];
  allowedMoves: { move: string }[];
  steps: {
    booking: { procedureList: { room: string; booked: number } } | null;
    screenings: { amendReason: string | null }[];
  };
}

async function page(id: string, caller: 'nurse' | 'clinician' = 'nurse'): Promise<Page> {
  const res = await t.as(caller, { method: 'GET', url: `/api/episodes/${id}` });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

async function booked() {
  const patient = await buildPatient(t.db, t.clinic.id, { familyName: 'Before' });
  return bookedEpisode(t.db, staffOf(t), patient.id);
}

describe('an episode page read again', () => {
  test('is the same page when nothing changed, with the moves of whoever reads it', async () => {
    const patient = await buildPatient(t.db, t.clinic.id);
    const referred = await t.as('nurse', {
      method: 'POST',
      url: `/api/patients/${patient.id}/episodes`,
      payload: { referrer: 'Dr GP', referredOn: '2026-11-02', reason: 'Buttock pain', side: 'left' },
    });
    const { id } = referred.json() as { id: string };
    const first = await page(id);
    expect(await page(id)).toEqual(first);
    // Read next by a clinician, who alone may accept or decline a referral at triage.
    const clinician = await page(id, 'clinician');
    const moves = (p: Page) => p.allowedMoves.map((m) => m.move);
    expect(moves(first)).toEqual(['withdraw']);
    expect(moves(clinician)).toEqual(['accept', 'decline', 'withdraw']);
    expect({ ...clinician, allowedMoves: [] }).toEqual({ ...first, allowedMoves: [] });
  });

  test("shows the patient's new name and the referral's corrected reason, changed by another process", async () => {
    const { id } = await booked();
    expect((await page(id)).patient.familyName).toBe('Before');
    await t.db.execute(sql`update patient set family_name = 'After'
      where id = (select patient_id from episode where id = ${id})`);
    expect((await page(id)).patient.familyName).toBe('After');
    await t.db.execute(sql`update episode set reason = 'Right buttock pain' where id = ${id}`);
    expect((await page(id)).reason).toBe('Right buttock pain');
  });

  test("shows the list's new room, and a booking another episode made on the same list", async () => {
    const { id, listId } = await booked();
    const before = (await page(id)).steps.booking!.procedureList;
    expect(before).toMatchObject({ room: 'Theatre 1', booked: 1 });

    await t.db.execute(sql`update procedure_list set room = 'Theatre 2' where id = ${listId}`);
    expect((await page(id)).steps.booking!.procedureList.room).toBe('Theatre 2');

    // Another patient's booking moved onto this list: this page's list count goes up.
    const other = await booked();
    await t.db.execute(sql`update booking set procedure_list_id = ${listId} where episode_id = ${other.id}`);
    expect((await page(id)).steps.booking!.procedureList.booked).toBe(2);
  });

  test('shows a step record changed in the database, and a step saved through the API', async () => {
    const { id } = await booked();
    expect((await page(id)).steps.screenings[0]!.amendReason).toBeNull();
    await t.db.execute(sql`update step_record set amend_reason = 'Typo in the weight'
      where episode_id = ${id} and step = 'screening'`);
    expect((await page(id)).steps.screenings[0]!.amendReason).toBe('Typo in the weight');

    const before = await page(id);
    const deferred = await t.as('nurse', {
      method: 'POST',
      url: `/api/episodes/${id}/moves`,
      payload: { move: 'defer', reason: 'Patient unwell', version: before.version },
    });
    expect(deferred.statusCode, deferred.body).toBe(200);
    const after = await page(id);
    expect(after.version).toBe(before.version + 1);
    expect(after.events.length).toBe(before.events.length + 1);
  });

  test('shows a timeline line another process added, and then corrected', async () => {
    const { id } = await booked();
    const before = await page(id);
    await t.db.execute(sql`insert into episode_event
        (clinic_id, episode_id, event, to_stage, actor_id, actor_name, actor_role, reason)
      select clinic_id, id, 'note', stage, 'x', 'Other Process', 'nurse', 'Phoned the patient'
      from episode where id = ${id}`);
    expect((await page(id)).events.length).toBe(before.events.length + 1);
    await t.db.execute(sql`update episode_event set reason = 'Phoned twice'
      where episode_id = ${id} and reason = 'Phoned the patient'`);
    expect((await page(id)).events.map((e) => e.reason)).toContain('Phoned twice');
  });
});

interface DayList {
  items: { id: string; stage: string; plannedAt: string; patient: { familyName: string } }[];
  countsByStage: Record<string, number>;
}

describe("a day's worklist read again", () => {
  const DAY = 86_400_000;
  // Each test books on its own day, so that it reads only its own list.
  async function bookedOn(daysAhead: number, familyName = 'Daylist') {
    const patient = await buildPatient(t.db, t.clinic.id, { familyName });
    const { id, listId } = await bookedEpisode(t.db, staffOf(t), patient.id, daysAhead);
    return { id, listId, date: new Date(Date.now() + daysAhead * DAY).toISOString().slice(0, 10) };
  }
  async function list(date: string, q?: string): Promise<DayList> {
    const res = await t.as('nurse', {
      method: 'GET',
      url: `/api/episodes?date=${date}${q ? `&q=${encodeURIComponent(q)}` : ''}`,
    });
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  }

  test('is the same list when nothing changed, and shows a new name, changed by another process', async () => {
    const { id, date } = await bookedOn(30);
    const first = await list(date);
    expect(first.items.map((i) => i.id)).toEqual([id]);
    expect(await list(date)).toEqual(first);
    await t.db.execute(sql`update patient set family_name = 'Renamed'
      where id = (select patient_id from episode where id = ${id})`);
    expect((await list(date)).items[0]!.patient.familyName).toBe('Renamed');
    // A search is a list of its own, and sees the new name too.
    expect((await list(date, 'Renamed')).items.map((i) => i.id)).toEqual([id]);
  });

  test('shows a new time, loses a booking cancelled and gains one moved onto the day, counts too', async () => {
    const { id, listId, date } = await bookedOn(31);
    const other = await bookedOn(32);
    expect((await list(date)).countsByStage.scheduled).toBe(1);
    const at = async () => new Date((await list(date)).items[0]!.plannedAt).getTime();
    const before = await at();
    await t.db.execute(
      sql`update booking set planned_at = planned_at + interval '1 hour' where episode_id = ${id}`,
    );
    expect((await at()) - before).toBe(3_600_000);

    await t.db.execute(sql`update booking set procedure_list_id = ${listId} where episode_id = ${other.id}`);
    const two = await list(date);
    expect(two.items.map((i) => i.id).sort()).toEqual([id, other.id].sort());
    expect(two.countsByStage.scheduled).toBe(2);

    await t.db.execute(sql`update booking set status = 'cancelled' where episode_id = ${id}`);
    const one = await list(date);
    expect(one.items.map((i) => i.id)).toEqual([other.id]);
    expect(one.countsByStage.scheduled).toBe(1);
  });

  test("shows an episode's new stage in its row and the counts, and loses a list moved to another day", async () => {
    const { id, listId, date } = await bookedOn(33);
    expect((await list(date)).items[0]!.stage).toBe('scheduled');
    await t.db.execute(sql`update episode set stage = 'checked-in' where id = ${id}`);
    const moved = await list(date);
    expect(moved.items[0]!.stage).toBe('checked-in');
    expect(moved.countsByStage).toMatchObject({ scheduled: 0, 'checked-in': 1 });

    await t.db.execute(sql`update procedure_list set date = date + 1 where id = ${listId}`);
    expect((await list(date)).items).toEqual([]);
  });
});
