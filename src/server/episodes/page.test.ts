/**
 * The episode page is sent from this process's memory when nothing it shows has changed
 * (read.ts episodePage). Read again after a change — made through the API, or straight in the
 * database as another server process would make it — the page shows the change, every time.
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
