import { defineConfig } from 'drizzle-kit';

// Migrations are generated from src/db/schema.ts and committed; CI regenerates and fails on a diff.
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/db/schema.ts',
  out: './drizzle',
});
