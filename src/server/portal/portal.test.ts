/**
 * Patient access through the HTTP API: an invitation from staff, sign-in by one-time link or by
 * code (read from the outbox, as an admin would without a mail server), the patient's own episodes
 * only, the checklist, and the limits on asking.
 */
import { eq, sql } from 'drizzle-orm';
import type { InjectOptions } from 'fastify';
import { beforeAll, describe, expect, test } from 'vitest';
import { cookieOf, createTestApp, type TestApp } from '../../../test/support/api.ts';
import { bookedEpisode, type Staff, staffOf } from '../../../test/support/episodes.ts';
import { buildPatient } from '../../../test/support/factories.ts';
import { clinic } from '../../db/schema.ts';

let t: TestApp;
let staff: Staff;
let address = 0;
/** Each test asks from its own client address, so the per-address limits do not mix tests. */
const from = () => `10.0.0.${++address}`;

beforeAll(async () => {
  t = await createTestApp();
  staff = staffOf(t);
});

async function invite(email: string) {
  const p = await buildPatient(t.db, t.clinic.id);
  const res = await t.as('nurse', {
    method: 'POST',
    url: `/api/patients/${p.id}/invitation`,
    payload: { email, version: p.version },
  });
  expect(res.statusCode, res.body).toBe(201);
  return { patient: p, access: res.json() };
}

async function outbox(to: string, kind: string) {
  const res = await t.as('admin', { method: 'GET', url: '/api/messages' });
  expect(res.statusCode).toBe(200);
  return (res.json().items as { to: string; kind: string; text: string; subject: string }[]).filter(
    (m) => m.to === to && m.kind === kind,
  );
}

function asCookie(cookie: string, options: InjectOptions) {
  return t.app.inject({ ...options, headers: { ...options.headers, cookie } });
}

/** Asks for a sign-in code by email (each call from a new address unless one is given). */
const askForCode = (email: string, remoteAddress = from()) =>
  t.app.inject({
    method: 'POST',
    url: '/api/auth/email-otp/send-verification-otp',
    payload: { email },
    remoteAddress,
  });

/** Signs in with an emailed code. */
const enterCode = (email: string, otp: string, remoteAddress = from()) =>
  t.app.inject({
    method: 'POST',
    url: '/api/auth/sign-in/email-otp',
    payload: { email, otp },
    remoteAddress,
  });

async function signInWithCode(email: string, remoteAddress = from()) {
  const sent = await askForCode(email, remoteAddress);
  expect(sent.statusCode, sent.body).toBe(200);
  const [message] = await outbox(email, 'sign-in-code');
  const code = /\b(\d{6})\b/.exec(message!.text)![1]!;
  const res = await enterCode(email, code, remoteAddress);
  expect(res.statusCode, res.body).toBe(200);
  return { cookie: cookieOf(res), code };
}

describe('an invitation', () => {
  test('puts a one-time link in the outbox that signs the patient in once; used again it says so', async () => {
    const email = 'ann.link@example.test';
    const { access } = await invite(email);
    expect(access).toMatchObject({ email, signedIn: false });
    const [message] = await outbox(email, 'invitation');
    const link = /http:\/\/localhost:3000(\/api\/auth\/magic-link\/verify\S+)/.exec(message!.text)![1]!;
    const remoteAddress = from();
    const first = await t.app.inject({ method: 'GET', url: link, remoteAddress });
    expect(first.statusCode).toBe(302);
    expect(String(first.headers.location)).toMatch(/\/my$/);
    const cookie = cookieOf(first);
    const mine = await asCookie(cookie, { method: 'GET', url: '/api/my/episodes' });
    expect(mine.statusCode).toBe(200);
    expect(mine.json()).toEqual({ items: [] });

    const again = await t.app.inject({ method: 'GET', url: link, remoteAddress });
    expect(again.statusCode).toBe(302);
    expect(String(again.headers.location)).toContain('/my/sign-in?error=');
    expect(cookieOf(again)).toBe('');
  });

  // A patient who cannot sign in (a link expired, no signal for the code) and has a worrying
  // symptom must still reach a person: the invitation they keep, and every code or link they
  // ask for, says whom to call.
  test('gives the clinic’s urgent and out-of-hours numbers, to call without signing in, as every code and link does', async () => {
    const email = 'una.urgent@example.test';
    await invite(email);
    const asked = await askForCode(email);
    expect(asked.statusCode, asked.body).toBe(200);
    const link = await t.app.inject({
      method: 'POST',
      url: '/api/auth/sign-in/magic-link',
      payload: { email },
      remoteAddress: from(),
    });
    expect(link.statusCode, link.body).toBe(200);
    const [c] = await t.db
      .select({ contacts: clinic.contacts })
      .from(clinic)
      .where(eq(clinic.id, t.clinic.id));
    for (const kind of ['invitation', 'sign-in-code', 'sign-in-link']) {
      const [message] = await outbox(email, kind);
      expect(message?.text, kind).toContain(
        // The test clinic's out-of-hours advice is "Call 111", said as a sentence of its own.
        `If you have a worrying symptom, do not wait to sign in: call ${c!.contacts.urgentPhone}. When we are closed: call 111.`,
      );
    }
  });

  test('an expired link is refused and sends the patient to ask for a new one', async () => {
    const email = 'bob.expired@example.test';
    await invite(email);
    const [message] = await outbox(email, 'invitation');
    const link = /http:\/\/localhost:3000(\/api\/auth\/magic-link\/verify\S+)/.exec(message!.text)![1]!;
    await t.db.execute(sql`update verification set expires_at = now() - interval '1 minute'`);
    const res = await t.app.inject({ method: 'GET', url: link, remoteAddress: from() });
    expect(res.statusCode).toBe(302);
    expect(String(res.headers.location)).toContain('/my/sign-in?error=');
    expect(cookieOf(res)).toBe('');
  });

  test('the outbox’s stamp, which an open Outbox asks for every 10 s: counts only, not audited, the first page’s own, and changed by a new message', async () => {
    const stamp = async () => {
      const res = await t.as('admin', { method: 'GET', url: '/api/messages/stamp' });
      expect(res.statusCode).toBe(200);
      return res.json().stamp as string;
    };
    const reads = async () =>
      (await t.db.execute<{ n: number }>(sql`select count(*)::int as n from audit_event`)).rows[0]!.n;
    const before = await reads();
    const first = await stamp();
    expect(first).not.toMatch(/@|[A-Za-z]{3}/);
    expect(await reads()).toBe(before);
    const page = (await t.as('admin', { method: 'GET', url: '/api/messages' })).json();
    expect(page.stamp).toBe(first);
    await invite('stamp.changes@example.test');
    expect(await stamp()).not.toBe(first);
  });

  test('an email another account uses is refused', async () => {
    const p = await buildPatient(t.db, t.clinic.id);
    const res = await t.as('nurse', {
      method: 'POST',
      url: `/api/patients/${p.id}/invitation`,
      payload: { email: t.users.clinician.email, version: p.version },
    });
    expect(res.statusCode).toBe(409);
  });
});

describe('a patient signed in with a code', () => {
  test('sees their own episode, ticks their checklist, and finds nobody else’s', async () => {
    const email = 'cara.code@example.test';
    const { patient } = await invite(email);
    const own = await bookedEpisode(t.db, staff, patient.id);
    const stranger = await buildPatient(t.db, t.clinic.id);
    const theirs = await bookedEpisode(t.db, staff, stranger.id);
    const { cookie, code } = await signInWithCode(email);

    const list = await asCookie(cookie, { method: 'GET', url: '/api/my/episodes' });
    expect(list.json().items.map((e: { id: string }) => e.id)).toEqual([own.id]);
    const page = await asCookie(cookie, { method: 'GET', url: `/api/my/episodes/${own.id}` });
    expect(page.statusCode).toBe(200);
    const episode = page.json();
    expect(episode.status.title).toBe('Booked');
    expect(episode.booking.room).toBe('Theatre 1');
    const keys = episode.checklist.items.map((i: { key: string }) => i.key);
    expect(keys).toContain('escort');

    const tick = await asCookie(cookie, {
      method: 'PUT',
      url: `/api/my/episodes/${own.id}/checklist`,
      payload: { item: 'escort', checked: true },
    });
    expect(tick.statusCode, tick.body).toBe(200);
    expect(tick.json().items.find((i: { key: string }) => i.key === 'escort').checked).toBe(true);
    // Staff see the tick on the episode.
    const seen = await t.as('nurse', { method: 'GET', url: `/api/episodes/${own.id}/patient-checklist` });
    expect(seen.json().items.find((i: { key: string }) => i.key === 'escort').checked).toBe(true);

    // Another patient's episode is not there at all.
    for (const options of [
      { method: 'GET', url: `/api/my/episodes/${theirs.id}` },
      {
        method: 'PUT',
        url: `/api/my/episodes/${theirs.id}/checklist`,
        payload: { item: 'escort', checked: true },
      },
    ] as InjectOptions[]) {
      expect((await asCookie(cookie, options)).statusCode).toBe(404);
    }
    // Staff routes stay closed to a patient.
    expect((await asCookie(cookie, { method: 'GET', url: `/api/episodes/${theirs.id}` })).statusCode).toBe(
      403,
    );

    // The code worked once.
    const reused = await enterCode(email, code);
    expect(reused.statusCode).toBeGreaterThanOrEqual(400);
    expect(cookieOf(reused)).toBe('');
    const access = await t.as('nurse', { method: 'GET', url: `/api/patients/${patient.id}/portal` });
    expect(access.json().signedIn).toBe(true);
  });

  test('a booked day passed with nothing recorded: no "get ready" for it, and to call the clinic', async () => {
    const email = 'dora.dayafter@example.test';
    const { patient } = await invite(email);
    const own = await bookedEpisode(t.db, staff, patient.id);
    const { cookie } = await signInWithCode(email);
    const read = async () =>
      (await asCookie(cookie, { method: 'GET', url: `/api/my/episodes/${own.id}` })).json();
    const booked = await read();
    expect(booked.status.title).toBe('Booked');
    expect(booked.preparation.length).toBeGreaterThan(0);

    // Two days after the booked time, and nobody recorded the procedure or that she did not come.
    await t.db.execute(
      sql`update booking set planned_at = now() - interval '2 days' where episode_id = ${own.id}`,
    );
    const passed = await read();
    expect(passed.status).toEqual({
      title: 'The booked day has passed',
      next: 'If you did not have your injection, please call the clinic to arrange a new date, and ask them about any medicine you stopped to get ready.',
    });
    expect(passed.preparation).toEqual([]);
    expect(passed.checklist.items).toEqual([]);
    expect(passed.booking.room).toBe('Theatre 1');
    const list = await asCookie(cookie, { method: 'GET', url: '/api/my/episodes' });
    expect(list.json().items[0].status.title).toBe('The booked day has passed');
  });

  test('three wrong codes end the code: the right one no longer works', async () => {
    const email = 'dan.wrong@example.test';
    await invite(email);
    const remoteAddress = from();
    await askForCode(email, remoteAddress);
    const [message] = await outbox(email, 'sign-in-code');
    const code = /\b(\d{6})\b/.exec(message!.text)![1]!;
    const wrong = code === '000000' ? '111111' : '000000';
    for (let i = 0; i < 3; i++) {
      const res = await enterCode(email, wrong);
      expect(res.statusCode).toBeGreaterThanOrEqual(400);
    }
    const right = await enterCode(email, code);
    expect(right.statusCode).toBeGreaterThanOrEqual(400);
    expect(cookieOf(right)).toBe('');
  });

  test('asked for twice, only the newest code works, and the e-mail says so', async () => {
    // A patient whose first e-mail is slow asks again, then types the first code to arrive.
    const email = 'eve.twice@example.test';
    await invite(email);
    const remoteAddress = from();
    await askForCode(email, remoteAddress);
    await askForCode(email, remoteAddress);
    const [newest, first] = await outbox(email, 'sign-in-code');
    expect(newest!.text).toContain('only the newest code works');
    const [older, latest] = [first!, newest!].map((m) => /\b(\d{6})\b/.exec(m.text)![1]!);
    if (older !== latest) {
      const refused = await enterCode(email, older!, remoteAddress);
      expect(refused.statusCode).toBeGreaterThanOrEqual(400);
      expect(cookieOf(refused)).toBe('');
    }
    expect((await enterCode(email, latest!, remoteAddress)).statusCode).toBe(200);
  });
});

describe('nobody else signs in without a password', () => {
  test('staff and unknown addresses get the same answer, and nothing is sent', async () => {
    for (const email of [t.users.clinician.email, 'nobody@example.test']) {
      const res = await askForCode(email);
      expect(res.statusCode).toBe(200);
      expect(await outbox(email, 'sign-in-code')).toEqual([]);
    }
  });

  test('asking for codes from one address is limited', async () => {
    const remoteAddress = from();
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await askForCode(`someone${i}@example.test`, remoteAddress);
      statuses.push(res.statusCode);
    }
    expect(statuses.slice(0, 3)).toEqual([200, 200, 200]);
    expect(statuses.at(-1)).toBe(429);
  });
});
