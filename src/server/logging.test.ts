/**
 * No patient data in the log. The probe found the error log holding the failed SQL with its
 * parameters (patients' names); a search's query string (`?q=<name>`) was logged with each request.
 */
import { Writable } from 'node:stream';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { signInTo } from '../../test/support/api.ts';
import { createTestDatabase } from '../../test/support/database.ts';
import { buildClinic, buildNhsNumber, buildUser } from '../../test/support/factories.ts';
import { type App, buildApp } from './app.ts';
import { loggerOptions } from './logging.ts';

const lines: string[] = [];
const capture = new Writable({
  write(chunk, _encoding, done) {
    lines.push(...String(chunk).split('\n').filter(Boolean));
    done();
  },
});

let app: App;
let cookie: string;
const name = 'Zebedee';
const nhsNumber = buildNhsNumber();

beforeAll(async () => {
  const { db } = await createTestDatabase();
  const clinic = await buildClinic(db);
  const nurse = await buildUser(db, clinic.id, 'nurse');
  // A constraint that fails on this one name, so the insert fails inside PostgreSQL, with the name
  // in the query's parameters and in PostgreSQL's own detail ("Failing row contains ...").
  await db.execute(
    sql.raw(`alter table patient add constraint provoke_a_failure check (given_name <> '${name}')`),
  );
  app = await buildApp({
    db,
    baseUrl: 'http://localhost:3000',
    authSecret: 'test-secret-test-secret-test-secret!',
    logger: loggerOptions('info', capture),
  });
  cookie = await signInTo(app, nurse.email);
});
afterAll(() => app?.close());

test('a database error is logged by class, code and request id, without the values that caused it', async () => {
  const res = await app.inject({
    method: 'POST',
    url: '/api/patients',
    headers: { cookie },
    payload: { givenName: name, familyName: 'Quayle', birthDate: '1970-05-05', sex: 'male', nhsNumber },
  });
  expect(res.statusCode).toBe(500);
  const errorLine = lines.map((l) => JSON.parse(l)).find((l) => l.msg === 'unhandled error');
  expect(errorLine).toBeDefined();
  expect(errorLine.reqId).toBeTruthy();
  expect(errorLine.error.type).toBeTruthy();
  expect(JSON.stringify(errorLine.error)).toContain('23514'); // check_violation
  expect(JSON.stringify(errorLine.error)).toContain('provoke_a_failure');
  const log = lines.join('\n');
  expect(log).not.toContain(name);
  expect(log).not.toContain('Quayle');
  expect(log).not.toContain(nhsNumber);
  expect(log).not.toContain('1970-05-05');
});

test('a search is logged without its query string', async () => {
  const res = await app.inject({
    method: 'GET',
    url: `/api/patients?q=${name}`,
    headers: { cookie },
  });
  expect(res.statusCode).toBe(200);
  const log = lines.join('\n');
  expect(log).toContain('/api/patients?…');
  expect(log).not.toContain(name);
});
