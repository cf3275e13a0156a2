import { Command, Option } from 'commander';
import { UsageError } from '../errors.ts';

export function userCommand(): Command {
  const user = new Command('user').description('Manage staff accounts');
  user
    .command('add')
    .description('Add a staff user to a clinic')
    .requiredOption('--email <email>', 'their email, used to sign in')
    .requiredOption('--name <name>', 'their full name as staff see it')
    .addOption(
      new Option('--role <role>', 'what they may do')
        .choices(['admin', 'clinician', 'nurse'])
        .makeOptionMandatory(),
    )
    .option('--clinic <id>', 'the clinic id (defaults to the only clinic)')
    .option('--password <password>', 'at least 10 characters (or set SIJPATH_PASSWORD)')
    .action(
      async (opts: {
        email: string;
        name: string;
        role: 'admin' | 'clinician' | 'nurse';
        clinic?: string;
        password?: string;
      }) => {
        const password = opts.password ?? process.env.SIJPATH_PASSWORD;
        if (!password || password.length < 10) {
          throw new UsageError(
            'Give a password of at least 10 characters with --password or SIJPATH_PASSWORD.',
          );
        }
        // Imported when the command runs, not when the CLI starts.
        const [
          { clinic },
          { loadConfig, openRuntime },
          { addUser, DuplicateEmailError },
          { auditCommandLine, commandLineActor },
        ] = await Promise.all([
          import('../../db/schema.ts'),
          import('../../server/runtime.ts'),
          import('../../server/auth/users.ts'),
          import('../../server/audit/command-line.ts'),
        ]);
        const runtime = await openRuntime(await loadConfig(), () => {}, { share: true });
        try {
          const clinics = await runtime.db.select({ id: clinic.id, name: clinic.name }).from(clinic);
          const target = opts.clinic
            ? clinics.find((c) => c.id === opts.clinic)
            : clinics.length === 1
              ? clinics[0]
              : undefined;
          if (!target) {
            throw new UsageError(
              clinics.length === 0
                ? 'There is no clinic yet: add yours with `sijpath clinic add` (or start the demo clinic with `sijpath seed`).'
                : `Choose a clinic with --clinic: ${clinics.map((c) => `${c.id} (${c.name})`).join(', ')}`,
            );
          }
          const { clinic: _c, ...who } = opts;
          // Audited as the Users page's additions are, as the command line.
          const added = await runtime.db.transaction(async (tx) => {
            const made = await addUser(tx, { ...who, password, clinicId: target.id });
            await auditCommandLine(tx, commandLineActor(target.id, 'user add'), {
              action: 'user.create',
              recordType: 'user',
              recordId: made.id,
            });
            return made;
          });
          console.log(`Added ${opts.role} ${added.email} (${added.id}) to ${target.name}.`);
        } catch (error) {
          throw error instanceof DuplicateEmailError ? new UsageError(error.message) : error;
        } finally {
          await runtime.close();
        }
      },
    );
  return user;
}
