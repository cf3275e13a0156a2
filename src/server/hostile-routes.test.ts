/**
 * Every route, driven with generated hostile input (fast-check): bodies of any shape, query
 * strings, and path ids (NUL, lone surrogates, year 0000, huge numbers, SQL, traversal), by every
 * kind of caller. Never a 5xx; a write with such input is refused (4xx); and the database's
 * records are unchanged afterwards (row count and checksum of every table but the audit trail,
 * which records reads by design, and the sign-in bookkeeping). The routes are the app's own
 * (its route table), so a new route is fuzzed without anyone listing it. better-auth's routes are
 * left out: each try hashes a password (slow) and they have their own tests.
 */
import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { beforeAll, expect, test } from 'vitest';
import { type Caller, createTestApp, type TestApp } from '../../test/support/api.ts';

let t: TestApp;
beforeAll(async () => {
  // Thousands of calls as one patient: the patients' rate limit would stop them reaching the routes.
  t = await createTestApp({ patientApiLimits: { windowSeconds: 60, perPatient: 1e9, perAddress: 1e9 } });
}, 120_000);

const runs = Number(process.env.FUZZ_RUNS ?? 2000);
/** Records the fuzzing must not change; these change by design when anything is read or tried. */
const bookkeeping = new Set([
  'audit_event',
  'audit_pending',
  'audit_seal',
  'audit_head',
  'session',
  'rate_limit',
  'user',
]);

async function snapshot(): Promise<Record<string, string>> {
  const tables = await t.db.execute<{ name: string }>(
    sql`select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`,
  );
  const out: Record<string, string> = {};
  for (const { name } of tables.rows) {
    if (bookkeeping.has(name)) continue;
    const [row] = (
      await t.db.execute<{ n: string; sum: string | null }>(
        sql.raw(
          `select count(*)::text as n, md5(string_agg(x::text, '|' order by x::text)) as sum from "${name}" x`,
        ),
      )
    ).rows;
    out[name] = `${row?.n}:${row?.sum ?? ''}`;
  }
  return out;
}

const hostileText = fc.oneof(
  fc.constantFrom(
    '\u0000',
    'a\u0000b',
    '\ud800',
    'x\udfff',
    '0000-01-01',
    '9999-12-31T23:59:59Z',
    '99999999999999999999999',
    '-1',
    '1e309',
    'NaN',
    "' or 1=1 --",
    '../../etc/passwd',
    '%00',
    'null',
    '',
    ' ',
    'a'.repeat(5000),
  ),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.uuid(),
);

const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  hostileText,
  fc.anything({ maxDepth: 4, withNullPrototype: true, withObjectString: true }),
  fc.dictionary(hostileText, fc.oneof(hostileText, fc.integer(), fc.double(), fc.constant(null)), {
    maxKeys: 6,
  }),
  fc.array(hostileText, { maxLength: 5 }),
);

/** Percent-encodes the UTF-8 bytes (a lone surrogate becomes U+FFFD, as a browser would send it). */
const pct = (s: string) =>
  [...Buffer.from(s, 'utf8')].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('');

const callerArb = fc.constantFrom<Caller>(
  'anonymous',
  'patient',
  'nurse',
  'clinician',
  'admin',
  'otherClinic',
);

test(`every route with hostile input: never a 5xx, writes refused, the records unchanged (${runs} cases)`, {
  timeout: 600_000,
}, async () => {
  const routes = t.app.routeTable.filter(
    (r) => !r.url.startsWith('/api/docs') && !r.url.startsWith('/api/auth'),
  );
  expect(routes.length).toBeGreaterThan(20);
  const before = await snapshot();
  // Every route gets its share of the cases: a route drawn at random could go untried.
  const perRoute = Math.max(1, Math.ceil(runs / routes.length));
  for (const route of routes) {
    await fc.assert(
      fc.asyncProperty(
        callerArb,
        fc.array(hostileText, { minLength: 1, maxLength: 3 }),
        fc.array(fc.tuple(hostileText, hostileText), { maxLength: 3 }),
        hostileValue,
        async (caller, ids, query, body) => {
          let i = 0;
          const path = route.url.replace(/:[A-Za-z]+/g, () => pct(ids[i++ % ids.length]!));
          const qs = query.map(([k, v]) => `${pct(k)}=${pct(v)}`).join('&');
          const url = qs ? `${path}?${qs}` : path;
          const write = route.method !== 'GET';
          const res = await t.as(caller, {
            method: route.method as 'GET',
            url,
            ...(write
              ? { payload: JSON.stringify(body) ?? 'null', headers: { 'content-type': 'application/json' } }
              : {}),
          });
          const label = `${route.method} ${url} as ${caller} → ${res.statusCode} ${res.body.slice(0, 300)}`;
          expect(res.statusCode, label).toBeLessThan(500);
          if (write) expect(res.statusCode, label).toBeGreaterThanOrEqual(400);
        },
      ),
      { numRuns: perRoute },
    );
  }
  expect(await snapshot()).toEqual(before);
});
