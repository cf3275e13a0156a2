import { Command, Option } from 'commander';
import { site } from '../../db/schema.ts';
import { addUser, DuplicateEmailError } from '../../server/auth/users.ts';
import { loadConfig, openRuntime } from '../../server/runtime.ts';
import { UsageError } from '../errors.ts';

export function userCommand(): Command {
  const user = new Command('user').description('Manage staff accounts');
  user
    .command('add')
    .description('Add a staff user to a site')
    .requiredOption('--email <email>', 'their email, used to sign in')
    .requiredOption('--name <name>', 'their full name as staff see it')
    .addOption(
      new Option('--role <role>', 'what they may do')
        .choices(['admin', 'clinician', 'nurse'])
        .makeOptionMandatory(),
    )
    .option('--site <id>', 'the site id (defaults to the only site)')
    .option('--password <password>', 'at least 10 characters (or set SIJPATH_PASSWORD)')
    .action(
      async (opts: {
        email: string;
        name: string;
        role: 'admin' | 'clinician' | 'nurse';
        site?: string;
        password?: string;
      }) => {
        const password = opts.password ?? process.env.SIJPATH_PASSWORD;
        if (!password || password.length < 10) {
          throw new UsageError(
            'Give a password of at least 10 characters with --password or SIJPATH_PASSWORD.',
          );
        }
        const runtime = await openRuntime(await loadConfig());
        try {
          const sites = await runtime.db.select({ id: site.id, name: site.name }).from(site);
          const target = opts.site
            ? sites.find((s) => s.id === opts.site)
            : sites.length === 1
              ? sites[0]
              : undefined;
          if (!target) {
            throw new UsageError(
              sites.length === 0
                ? 'There is no site yet: run `sijpath seed` or start the app once.'
                : `Choose a site with --site: ${sites.map((s) => `${s.id} (${s.name})`).join(', ')}`,
            );
          }
          const added = await addUser(runtime.db, { ...opts, password, siteId: target.id });
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
