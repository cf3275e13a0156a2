import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect, test } from 'vitest';
import { migrationsFolder } from './migrate.ts';
import { findPackageRoot, packageRoot } from './package-root.ts';

test('the migrations are found at the package root', () => {
  expect(existsSync(path.join(packageRoot, 'package.json'))).toBe(true);
  expect(existsSync(path.join(migrationsFolder, 'meta/_journal.json'))).toBe(true);
});

test('a module compiled into dist/server/… finds the same root; another package.json on the way is skipped', () => {
  const root = mkdtempSync(path.join(os.tmpdir(), 'sijpath-root-'));
  try {
    writeFileSync(path.join(root, 'package.json'), JSON.stringify({ name: 'sij-pathway' }));
    const deep = path.join(root, 'dist/server/src/db');
    mkdirSync(deep, { recursive: true });
    writeFileSync(path.join(root, 'dist/server/package.json'), JSON.stringify({ type: 'module' }));
    expect(findPackageRoot(pathToFileURL(path.join(deep, 'migrate.js')).href)).toBe(root);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
