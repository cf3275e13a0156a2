/**
 * A clinic that upgrades keeps reading its records. Each archive in test/fixtures/backups was made
 * by `sijpath backup` from the demo clinic of an earlier version (README there); restored with this
 * version, which migrates it on the way, every page a member of staff can open answers as this
 * version's schemas say (the tests' response check: a field a reader expects and an older record
 * lacks is a 500 here, where it was a blank page in the browser).
 */
import path from 'node:path';
import { describe, expect, onTestFinished, test } from 'vitest';
import { cookieOf } from '../../test/support/api.ts';
import { createEmptyDatabase } from '../../test/support/database.ts';
import { buildApp } from '../server/app.ts';
import { demoPassword, demoUsers } from '../server/demo/demo.ts';
import { restoreDatabase } from './backup.ts';
import { connect } from './client.ts';
import { packageRoot } from './package-root.ts';

const archives = ['demo-0006-b817dc1', 'demo-0013-1025432'];

describe.each(archives)('the demo clinic backed up by an earlier version (%s)', (name) => {
  test('restores, and every page staff can open answers as this version says', async () => {
    const empty = await createEmptyDatabase();
    onTestFinished(empty.drop);
    const db = connect(empty.url, 4);
    onTestFinished(() => db.$client.end());
    await restoreDatabase(
      db,
      path.join(packageRoot, 'test/fixtures/backups', `${name}.sijpath-backup.tar.gz`),
    );

    const app = await buildApp({
      db,
      baseUrl: 'http://localhost:3000',
      authSecret: 'test-secret-test-secret-test-secret!',
      checkResponses: true,
    });
    onTestFinished(() => app.close());
    const cookie = async (role: 'clinician' | 'admin') => {
      const email = demoUsers.find((u) => u.role === role)!.email;
      const res = await app.inject({
        method: 'POST',
        url: '/api/auth/sign-in/email',
        payload: { email, password: demoPassword },
      });
      expect(res.statusCode, res.body).toBe(200);
      return cookieOf(res);
    };
    const staff = { clinician: await cookie('clinician'), admin: await cookie('admin') };
    const get = (role: keyof typeof staff, url: string) =>
      app.inject({ method: 'GET', url, headers: { cookie: staff[role] } });
    const ids = async (url: string) => {
      const res = await get('clinician', url);
      expect(res.statusCode, `${url}: ${res.body}`).toBe(200);
      return (res.json() as { items: { id: string }[] }).items.map((i) => i.id);
    };
    const params = {
      '/api/episodes/:id': await ids('/api/episodes'),
      '/api/patients/:id': await ids('/api/patients'),
      '/api/procedure-lists/:id': await ids('/api/procedure-lists'),
    };
    expect(params['/api/episodes/:id'].length).toBeGreaterThan(5);

    // Every GET route of the app a member of staff may call, with every record it can be asked for.
    const routes = app.routeTable.filter(
      (r) => r.method === 'GET' && Array.isArray(r.access) && r.access.some((a) => a !== 'patient'),
    );
    let pages = 0;
    for (const route of routes) {
      const role = (route.access as string[]).includes('clinician') ? 'clinician' : 'admin';
      const prefix = Object.keys(params).find((p) => route.url.startsWith(p)) as
        | keyof typeof params
        | undefined;
      if (route.url.includes(':') && !prefix) continue;
      const urls = prefix ? params[prefix].map((id) => route.url.replace(':id', id)) : [route.url];
      for (const url of urls) {
        const res = await get(role, url);
        expect(res.statusCode, `${url}: ${res.body.slice(0, 400)}`).toBeLessThan(500);
        pages++;
      }
    }
    expect(pages).toBeGreaterThan(100);
  }, 120_000);
});
