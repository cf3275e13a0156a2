import path from 'node:path';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import type { Database } from './client.ts';
import { packageRoot } from './package-root.ts';

/** The committed migrations, at the package root (the same folder from src/ and from dist/). */
export const migrationsFolder = path.join(packageRoot, 'drizzle');

/** Apply the committed migrations; safe to run on every start (applied ones are skipped). */
export async function migrateDatabase(db: Database): Promise<void> {
  await migrate(db, { migrationsFolder });
}
