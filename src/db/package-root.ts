/**
 * The folder of this package (where package.json, drizzle/ and dist/ are), found by walking up from
 * the calling module. The same answer whether the code runs from src/ (tsx, tests) or compiled
 * from dist/server/src/ — a fixed '../..' would be right for one and wrong for the other.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const packageName = 'sij-pathway';

export function findPackageRoot(moduleUrl: string): string {
  let dir = path.dirname(fileURLToPath(moduleUrl));
  for (;;) {
    const manifest = path.join(dir, 'package.json');
    if (existsSync(manifest) && JSON.parse(readFileSync(manifest, 'utf8')).name === packageName) return dir;
    const parent = path.dirname(dir);
    if (parent === dir)
      throw new Error(`No package.json of ${packageName} above ${fileURLToPath(moduleUrl)}`);
    dir = parent;
  }
}

/** The package's root folder. */
export const packageRoot: string = findPackageRoot(import.meta.url);
