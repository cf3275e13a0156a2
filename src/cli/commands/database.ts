import { Command } from 'commander';

// The server, database and auth modules are imported when a command runs, not when the CLI starts.

export function migrateCommand(): Command {
  return new Command('migrate').description('Apply the database migrations, then exit').action(async () => {
    const { loadConfig, openRuntime } = await import('../../server/runtime.ts');
    const runtime = await openRuntime(await loadConfig(), (line) => console.log(line));
    await runtime.close();
    console.log('The database is up to date.');
  });
}

export function seedCommand(): Command {
  return new Command('seed')
    .description('Seed the demo clinic (only into an empty database), then exit')
    .action(async () => {
      const { loadConfig, openRuntime } = await import('../../server/runtime.ts');
      const { seedDemo } = await import('../../server/demo/demo.ts');
      const runtime = await openRuntime(await loadConfig(), (line) => console.log(line));
      try {
        const seeded = await seedDemo(runtime.db, (step) => console.log(`Seeding: ${step}`));
        console.log(seeded ? 'Seeded the demo clinic.' : 'A clinic exists already: nothing was seeded.');
      } finally {
        await runtime.close();
      }
    });
}
