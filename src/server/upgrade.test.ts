/**
 * A clinic that upgrades keeps reading its records. Each archive in test/fixtures/backups was made
 * by `sijpath backup` from the demo clinic of an earlier version (README there); restored with this
 * version, which migrates it on the way, every page staff and patients can open answers as this
 * version's schemas say (for three episodes of each stage), and every patient exports as FHIR (the
 * tests' response check: a field a reader expects and an older record lacks is a 500 here, where it
 * was a blank page in the browser); and its episodes take their next step and its patients report a
 * symptom, each reading the older records it builds on.
 */
import path from 'node:path';
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { describe, expect, onTestFinished, test } from 'vitest';
import { signInTo } from '../../test/support/api.ts';
import { createEmptyDatabase } from '../../test/support/database.ts';
import { buildUser } from '../../test/support/factories.ts';
import { restoreDatabase } from '../db/backup.ts';
import { connect, type Database } from '../db/client.ts';
import { packageRoot } from '../db/package-root.ts';
import type { Role } from '../domain/actor.ts';
import type { StepName } from '../domain/steps.ts';
import { DEFAULT_CANONICAL_BASE } from '../fhir/context.ts';
import { patientResources } from '../fhir/export.ts';
import type { EpisodeDetail } from '../shared/api/core.ts';
import { stepRoute } from '../shared/api/steps.ts';
import { buildApp } from './app.ts';
import { commandLineActor } from './audit/command-line.ts';
import { demoPassword, demoUsers } from './demo/demo.ts';
import { screeningFacts, triageFacts } from './demo/payloads.ts';
import { clinicPatientIds, patientExport } from './fhir/collect.ts';

const archives = ['demo-0006-b817dc1', 'demo-0013-1025432'];

async function restored(name: string): Promise<{ db: Database; app: FastifyInstance }> {
  const empty = await createEmptyDatabase();
  onTestFinished(empty.drop);
  const db = connect(empty.url, 4);
  onTestFinished(() => db.$client.end());
  await restoreDatabase(db, path.join(packageRoot, 'test/fixtures/backups', `${name}.sijpath-backup.tar.gz`));
  const app = await buildApp({
    db,
    baseUrl: 'http://localhost:3000',
    authSecret: 'test-secret-test-secret-test-secret!',
    checkResponses: true,
    patientApiLimits: { windowSeconds: 60, perPatient: 1e9, perAddress: 1e9 },
  });
  onTestFinished(() => app.close());
  return { db, app };
}

/**
 * Every GET route `role` may call (but those `except` may call too), with every record `ids`
 * names for its `:id` (routes whose other parameters it cannot fill are left out): none may fail.
 * Answers how many were opened.
 */
async function openEvery(
  app: FastifyInstance,
  cookie: string,
  role: Role,
  ids: Record<string, string[]>,
  except: Role[] = [],
): Promise<number> {
  let opened = 0;
  for (const route of app.routeTable) {
    if (route.method !== 'GET' || !Array.isArray(route.access) || !route.access.includes(role)) continue;
    if (except.some((r) => (route.access as Role[]).includes(r))) continue;
    const prefix = Object.keys(ids).find((p) => route.url.startsWith(p));
    if (route.url.includes(':') && !prefix) continue;
    for (const url of prefix ? ids[prefix]!.map((id) => route.url.replace(':id', id)) : [route.url]) {
      const res = await app.inject({ method: 'GET', url, headers: { cookie } });
      expect(res.statusCode, `${url}: ${res.body.slice(0, 400)}`).toBeLessThan(500);
      opened++;
    }
  }
  return opened;
}

/** The stored triage, amended as a clinician would who has since asked about red flags. */
function redFlagsAsked(e: EpisodeDetail): object {
  const { purpose, facts, decision, reason } = e.steps.triage!;
  return {
    purpose,
    facts: { ...facts, noRedFlags: true },
    decision,
    ...(reason ? { reason } : {}),
    amendReason: 'Red flags asked on the phone: none',
  };
}

const itemIds = (body: string) => (JSON.parse(body) as { items: { id: string }[] }).items.map((i) => i.id);

describe.each(archives)('the demo clinic backed up by an earlier version (%s)', (name) => {
  test('restores, and every page staff can open answers as this version says', async () => {
    const { app } = await restored(name);
    let opened = 0;
    for (const role of ['clinician', 'admin'] as const) {
      const cookie = await signInTo(app, demoUsers.find((u) => u.role === role)!.email, demoPassword);
      const list = async (url: string) =>
        JSON.parse((await app.inject({ method: 'GET', url, headers: { cookie } })).body).items as {
          id: string;
          stage?: string;
        }[];
      // Records are shaped by the step they reached: three episodes of each stage, and their
      // patients, cover what the archive holds (all of them took a minute in CI).
      const all = await list('/api/episodes');
      const episodes = [...new Set(all.map((e) => e.stage))].flatMap((stage) =>
        all.filter((e) => e.stage === stage).slice(0, 3),
      );
      const ids = {
        '/api/episodes/:id': episodes.map((e) => e.id),
        '/api/patients/:id': (await list('/api/patients')).slice(0, 20).map((p) => p.id),
        '/api/procedure-lists/:id': (await list('/api/procedure-lists')).map((l) => l.id),
      };
      expect(ids['/api/episodes/:id'].length).toBeGreaterThan(5);
      // The admin's own pages only: the clinician has opened the rest.
      opened += await openEvery(app, cookie, role, ids, role === 'admin' ? ['clinician'] : []);
    }
    expect(opened).toBeGreaterThan(100);
  }, 120_000);

  test('and every page its patients can open of their own care; they can report a symptom', async () => {
    const { db, app } = await restored(name);
    // Patients sign in with a code; a password of their own (as the tests give) reaches the same pages.
    const { rows } = await db.execute<{ clinic_id: string; patient_id: string }>(
      sql`select distinct clinic_id, patient_id from episode order by patient_id limit 12`,
    );
    expect(rows.length).toBeGreaterThan(5);
    let opened = 0;
    let reported = 0;
    for (const { clinic_id, patient_id } of rows) {
      const user = await buildUser(db, clinic_id, 'patient', patient_id);
      const cookie = await signInTo(app, user.email);
      const mine = await app.inject({ method: 'GET', url: '/api/my/episodes', headers: { cookie } });
      expect(mine.statusCode, mine.body).toBe(200);
      opened += await openEvery(app, cookie, 'patient', { '/api/my/episodes/:id': itemIds(mine.body) });
      // A worrying symptom, judged against the older procedure record (when its anaesthetic wears off).
      for (const id of itemIds(mine.body)) {
        const res = await app.inject({
          method: 'POST',
          url: `/api/my/episodes/${id}/symptom-reports`,
          headers: { cookie },
          payload: { symptoms: ['leg-numbness'] },
        });
        expect(res.statusCode, `${id}: ${res.body.slice(0, 400)}`).toBeLessThan(500);
        if (res.statusCode === 201) reported++;
      }
    }
    expect(opened).toBeGreaterThan(30);
    expect(reported).toBeGreaterThan(0);
  }, 120_000);

  test('and every patient exports as FHIR (`sijpath export fhir`)', async () => {
    const { db } = await restored(name);
    const { rows } = await db.execute<{ id: string }>(sql`select id from clinic`);
    let resources = 0;
    for (const { id: clinicId } of rows) {
      const actor = commandLineActor(clinicId, 'upgrade test');
      for (const id of await clinicPatientIds(db, clinicId)) {
        const input = await patientExport(db, actor, id);
        resources += [
          ...patientResources(input, {
            canonicalBase: DEFAULT_CANONICAL_BASE,
            serverBase: 'http://localhost:3000/fhir',
            appUrl: 'http://localhost:3000',
          }),
        ].length;
      }
    }
    expect(resources).toBeGreaterThan(50);
  }, 120_000);

  test('and its episodes take their next step: a triage, a screening, an amended triage, an outcome review', async () => {
    const { app } = await restored(name);
    const cookies = {
      clinician: await signInTo(app, demoUsers.find((u) => u.role === 'clinician')!.email, demoPassword),
      nurse: await signInTo(app, demoUsers.find((u) => u.role === 'nurse')!.email, demoPassword),
    };
    const episodes = itemIds(
      (await app.inject({ method: 'GET', url: '/api/episodes', headers: { cookie: cookies.clinician } }))
        .body,
    );
    const saved = new Set<string>();
    for (const id of episodes) {
      const page = await app.inject({
        method: 'GET',
        url: `/api/episodes/${id}`,
        headers: { cookie: cookies.clinician },
      });
      expect(page.statusCode, page.body.slice(0, 400)).toBe(200);
      const e = page.json<EpisodeDetail>();
      // What the stored record is asked to take, by whom: each reads the older records it builds on.
      const next: [StepName, keyof typeof cookies, object] | undefined =
        e.stage === 'referred'
          ? ['triage', 'clinician', triageFacts()]
          : e.stage === 'triaged' || e.stage === 'not-safe-yet'
            ? ['screening', 'nurse', screeningFacts(e.side === 'right' ? 'right' : 'left')]
            : e.stage === 'screened' || e.stage === 'scheduled' || e.stage === 'declined'
              ? ['triage', 'clinician', redFlagsAsked(e)]
              : e.stage === 'following-up'
                ? ['outcome-review', 'clinician', { decision: 'physiotherapy', reason: 'Reviewed in clinic' }]
                : undefined;
      if (!next) continue;
      const [step, who, facts] = next;
      const { method, path } = stepRoute(step);
      const res = await app.inject({
        method,
        url: `/api/episodes/${id}/${path}`,
        headers: { cookie: cookies[who] },
        payload: { ...facts, version: e.version },
      });
      expect(res.statusCode, `${step} on ${e.stage} ${id}: ${res.body.slice(0, 400)}`).toBe(200);
      saved.add(`${step} on ${e.stage}`);
    }
    expect(saved.size).toBeGreaterThanOrEqual(5);
  }, 120_000);
});
