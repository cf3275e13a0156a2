/**
 * SQL statements per request, counted: a page that starts asking the database once per row (N+1)
 * or one query after another fails here, whatever the machine's speed. Every statement a request
 * sends through any pool client is counted (transaction BEGIN/COMMIT included); the session
 * listener's own connection is not part of any request.
 */
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestApp, type TestApp } from '../../test/support/api.ts';
import { listenerName } from './auth/sessions.ts';
import { screeningFacts } from './demo/payloads.ts';
import { type SyntheticClinic, seedSynthetic } from './demo/synthetic.ts';

let t: TestApp;
let clinic: SyntheticClinic;
let cookie: string;
const statements: string[] = [];

const original = pg.Client.prototype.query;
beforeAll(async () => {
  t = await createTestApp();
  clinic = await seedSynthetic(t.db, { episodes: 400, seed: 3, diaries: true, perDay: 40 });
  cookie = await t.signIn(clinic.users.clinician.email, clinic.password);
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    const params = (this as unknown as { connectionParameters: { application_name?: string } })
      .connectionParameters;
    if (params.application_name !== listenerName) {
      const q = args[0] as string | { text: string };
      statements.push(typeof q === 'string' ? q : q.text);
    }
    return (original as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof original;
}, 120_000);
afterAll(() => {
  pg.Client.prototype.query = original;
});

/** The statements one request sends, and its status. */
async function count(url: string, method: 'GET' | 'POST' = 'GET', payload?: object) {
  statements.length = 0;
  const res = await t.app.inject({ method, url, headers: { cookie }, ...(payload ? { payload } : {}) });
  expect(res.statusCode, res.body.slice(0, 300)).toBeLessThan(300);
  return [...statements];
}

async function idsAt(stage: string, n: number) {
  const { rows } = await t.db.execute<{ id: string; patient_id: string }>(
    sql`select id, patient_id from episode where clinic_id = ${clinic.clinicId} and stage = ${stage} limit ${n}`,
  );
  return rows;
}

describe('statements per request', () => {
  test('the signed-in actor: one statement the first time, none while cached', async () => {
    t.app.sessions.forget(cookie);
    expect(await count('/api/me')).toHaveLength(1);
    expect(await count('/api/me')).toHaveLength(0);
  });

  test('the episode page: one statement that reads it and writes its audit event, however long its history', async () => {
    for (const [stage] of [['referred'], ['scheduled'], ['closed']]) {
      for (const { id } of await idsAt(stage!, 3)) {
        await count(`/api/episodes/${id}`); // the session is cached from here on
        const sent = await count(`/api/episodes/${id}`);
        expect(sent, sent.join('\n---\n')).toHaveLength(1);
        expect(sent[0]).toMatch(/insert into audit_event/i);
      }
    }
    t.app.sessions.forget(cookie);
    const { id } = (await idsAt('closed', 1))[0]!;
    expect(await count(`/api/episodes/${id}`)).toHaveLength(2); // + the session, when not cached
  });

  test('an episode page that changed since it was last read: two statements, the first writing its audit event', async () => {
    const { id } = (await idsAt('scheduled', 1))[0]!;
    await count(`/api/episodes/${id}`);
    await t.db.execute(sql`update patient set phone = '07700 900123'
      where id = (select patient_id from episode where id = ${id})`);
    const sent = await count(`/api/episodes/${id}`);
    expect(sent, sent.join('\n---\n')).toHaveLength(2);
    expect(sent[0]).toMatch(/insert into audit_event/i);
    expect(sent[1]).not.toMatch(/insert into audit_event/i);
    expect(await count(`/api/episodes/${id}`)).toHaveLength(1);
  });

  test('the patient page: one statement, its audit event included', async () => {
    const { patient_id } = (await idsAt('closed', 1))[0]!;
    const sent = await count(`/api/patients/${patient_id}`);
    expect(sent, sent.join('\n---\n')).toHaveLength(1);
    expect(sent[0]).toMatch(/insert into audit_event/i);
  });

  test('the worklist, of a stage and of a busy day: one statement, its audit event included', async () => {
    // The last is what the worklist page asks for a day.
    for (const query of [
      '',
      '?stage=following-up',
      `?date=${clinic.busyDay}`,
      '?q=smith',
      `?stage=open&date=${clinic.busyDay}`,
    ]) {
      const sent = await count(`/api/episodes${query}`);
      expect(sent, `${query}\n${sent.join('\n---\n')}`).toHaveLength(1);
    }
    const day = (
      await t.app.inject({ method: 'GET', url: `/api/episodes?date=${clinic.busyDay}`, headers: { cookie } })
    ).json();
    expect(day.items.length).toBeGreaterThanOrEqual(20);
  });

  test('a day list read again: one statement while it is unchanged, two once a booking on it changed', async () => {
    const url = `/api/episodes?date=${clinic.busyDay}&stage=scheduled`;
    await count(url);
    expect(await count(url)).toHaveLength(1);
    await t.db.execute(sql`update booking set planned_at = planned_at + interval '5 minutes'
      where id = (select b.id from booking b join procedure_list l on l.id = b.procedure_list_id
        where l.clinic_id = ${clinic.clinicId} and l.date = ${clinic.busyDay} and b.status = 'booked' limit 1)`);
    const sent = await count(url);
    expect(sent, sent.join('\n---\n')).toHaveLength(2);
    expect(sent[0]).toMatch(/insert into audit_event/i);
    expect(sent[1]).not.toMatch(/insert into audit_event/i);
    expect(await count(url)).toHaveLength(1);
  });

  test('procedure lists: one read, however many lists', async () => {
    const sent = await count('/api/procedure-lists');
    expect(sent, sent.join('\n---\n')).toHaveLength(1);
  });

  // Begin; the episode locked with its clinic, patient, booking and current steps; the new
  // version with the old one superseded, the episode's version and its timeline event, in one
  // statement; the page it answers with, carrying the audit event; commit.
  test('a screening save: at most 5 statements, the page it answers with included', async () => {
    const { rows } = await t.db.execute<{ id: string; version: number; side: 'left' | 'right' }>(
      sql`select id, version, side from episode where clinic_id = ${clinic.clinicId} and stage = 'scheduled' limit 1`,
    );
    const e = rows[0]!;
    await count('/api/me'); // the signed-in actor cached, as after any earlier request
    const sent = await count(`/api/episodes/${e.id}/screenings`, 'POST', {
      ...screeningFacts(e.side),
      version: e.version,
    });
    expect(sent.length, sent.map((q) => q.replace(/\s+/g, ' ').slice(0, 100)).join('\n')).toBeLessThanOrEqual(
      5,
    );
  });
});
