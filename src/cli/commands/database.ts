import { Command, InvalidArgumentError } from 'commander';
import { UsageError } from '../errors.ts';

// The server, database and auth modules are imported when a command runs, not when the CLI starts.

export function migrateCommand(): Command {
  return new Command('migrate').description('Apply the database migrations, then exit').action(async () => {
    const { loadConfig, openRuntime } = await import('../../server/runtime.ts');
    const runtime = await openRuntime(await loadConfig(), (line) => console.log(line));
    await runtime.close();
    console.log('The database is up to date.');
  });
}

const whole = (min: number) => (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new InvalidArgumentError(`Give a whole number, ${min} or more.`);
  return n;
};

const instant = (value: string) => {
  const at = new Date(value);
  if (Number.isNaN(at.getTime())) throw new InvalidArgumentError('Give a date or an ISO 8601 instant.');
  return at;
};

export function seedCommand(): Command {
  return new Command('seed')
    .description(
      'Seed the demo clinic (only into an empty database), or with --synthetic a synthetic registry clinic beside any others (docs/synthetic-registry.md), then exit',
    )
    .option(
      '--synthetic <episodes>',
      'add a synthetic clinic of this many episodes, with steps and pain diaries',
      whole(1),
    )
    .option(
      '--seed <n>',
      'with --synthetic: the seed; the same seed, name and --as-of make the same registry',
      whole(0),
      1,
    )
    .option(
      '--clinic <name>',
      'with --synthetic: the new clinic\'s name (default "Synthetic Pain Service (seed N)")',
    )
    .option(
      '--as-of <instant>',
      'with --synthetic: lay the registry out backwards from this instant (default: now)',
      instant,
    )
    .option('--per-day <n>', 'with --synthetic: procedures on each procedure day', whole(1), 40)
    .action(
      async (opts: { synthetic?: number; seed: number; clinic?: string; asOf?: Date; perDay: number }) => {
        const { loadConfig, openRuntime } = await import('../../server/runtime.ts');
        const runtime = await openRuntime(await loadConfig(), (line) => console.log(line));
        try {
          if (opts.synthetic !== undefined) {
            await seedSyntheticRegistry(runtime.db, { ...opts, episodes: opts.synthetic });
            return;
          }
          const { seedDemo } = await import('../../server/demo/demo.ts');
          const seeded = await seedDemo(runtime.db, (step) => console.log(`Seeding: ${step}`));
          console.log(seeded ? 'Seeded the demo clinic.' : 'A clinic exists already: nothing was seeded.');
        } finally {
          await runtime.close();
        }
      },
    );
}

async function seedSyntheticRegistry(
  db: import('../../db/client.ts').Database,
  opts: { episodes: number; seed: number; clinic?: string; asOf?: Date; perDay: number },
) {
  const { seedSynthetic, SyntheticClinicExists } = await import('../../server/demo/synthetic.ts');
  const { progressBar } = await import('../progress.ts');
  const bar = progressBar('Seeding episodes');
  const started = Date.now();
  try {
    const made = await seedSynthetic(db, {
      episodes: opts.episodes,
      seed: opts.seed,
      clinicName: opts.clinic,
      now: opts.asOf,
      perDay: opts.perDay,
      diaries: true,
      onProgress: (done, total) => bar.update(done, total),
    });
    bar.stop();
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    console.log(
      `Added the synthetic clinic ${made.clinicId}: ${opts.episodes} episodes, ${made.diaryEntries} diary entries, in ${seconds} s.`,
    );
    console.log(
      `Its staff (password ${made.password}): ${Object.values(made.users)
        .map((u) => u.email)
        .join(', ')}.`,
    );
  } catch (error) {
    if (error instanceof SyntheticClinicExists) throw new UsageError(error.message);
    throw error;
  } finally {
    bar.stop();
  }
}
