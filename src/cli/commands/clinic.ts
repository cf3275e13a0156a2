import { Command, Option } from 'commander';
import { UsageError } from '../errors.ts';

// The database modules are imported when the command runs, not when the CLI starts.

/** What each field of a new clinic is called on the command line, for the error messages. */
const optionOf: Record<string, string> = {
  name: '--name',
  timeZone: '--time-zone',
  locale: '--locale',
  'contacts.phone': '--phone',
  'contacts.urgentPhone': '--urgent-phone',
  'contacts.outOfHours': '--out-of-hours',
};
/** The option an issue is about: the settings' paths start with "clinic.", the contacts' do not. */
const optionFor = (path: readonly PropertyKey[]) => {
  const field = path.join('.').replace(/^clinic\./, '');
  return optionOf[field] ?? field;
};

/**
 * `sijpath clinic add`: a real clinic's first step (the demo makes its own). The clinic starts on
 * a shipped protocol profile with every rule at its cited default; its admin completes the rest
 * (hours, email, address, the values the clinic chooses) on the Settings page, as new versions.
 */
export function clinicCommand(): Command {
  const clinic = new Command('clinic').description('Set up a clinic');
  clinic
    .command('add')
    .description(
      'Add a clinic, on a protocol profile with every rule at its cited default; then add its first admin with `sijpath user add --role admin`',
    )
    .requiredOption('--name <name>', 'the service as patients and referrers know it')
    .requiredOption('--time-zone <zone>', 'the IANA time zone its days and times are in, e.g. Europe/London')
    .requiredOption('--phone <number>', 'its number in office hours')
    .requiredOption('--urgent-phone <number>', 'the urgent line for worrying symptoms')
    .requiredOption(
      '--out-of-hours <advice>',
      'what a patient should do when the clinic is closed, e.g. "When we are closed, call NHS 111; in an emergency call 999."',
    )
    .addOption(
      new Option('--locale <locale>', 'the language of patient texts')
        .choices(['en-GB', 'en-US'])
        .default('en-GB'),
    )
    .addOption(
      new Option('--profile <profile>', 'the protocol profile')
        .choices(['lcd-2023', 'aspn-2024'])
        .default('lcd-2023'),
    )
    .action(
      async (opts: {
        name: string;
        timeZone: string;
        phone: string;
        urgentPhone: string;
        outOfHours: string;
        locale: 'en-GB' | 'en-US';
        profile: 'lcd-2023' | 'aspn-2024';
      }) => {
        const [
          { ClinicContactsSchema },
          { defaultClinicSettings },
          { loadConfig, openRuntime },
          { createClinic },
          { auditCommandLine, commandLineActor },
        ] = await Promise.all([
          import('../../domain/clinic.ts'),
          import('../../domain/clinical/index.ts'),
          import('../../server/runtime.ts'),
          import('../../server/clinic/settings.ts'),
          import('../../server/audit/command-line.ts'),
        ]);
        const name = opts.name.trim();
        // The contacts as they are stored (trimmed) and the settings the rules take, both checked first.
        const contacts = ClinicContactsSchema.safeParse({
          phone: opts.phone,
          urgentPhone: opts.urgentPhone,
          outOfHours: opts.outOfHours,
        });
        const problems = new Set(
          (contacts.error?.issues ?? []).map((i) => `${optionFor(['contacts', ...i.path])}: ${i.message}`),
        );
        try {
          defaultClinicSettings(
            {
              name,
              timeZone: opts.timeZone,
              locale: opts.locale,
              contacts: contacts.data ?? opts,
            },
            opts.profile,
          );
        } catch (error) {
          for (const i of (error as { issues?: { path: PropertyKey[]; message: string }[] }).issues ?? [])
            problems.add(`${optionFor(i.path)}: ${i.message}`);
        }
        if (problems.size > 0) throw new UsageError([...problems].join('\n'));
        const runtime = await openRuntime(await loadConfig(), () => {}, { share: true });
        try {
          // The clinic's first audit event: who made it, and when.
          const added = await runtime.db.transaction(async (tx) => {
            const made = await createClinic(tx, {
              name,
              timeZone: opts.timeZone,
              locale: opts.locale,
              contacts: contacts.data!,
              profile: opts.profile,
            });
            await auditCommandLine(tx, commandLineActor(made.id, 'clinic add'), {
              action: 'clinic.create',
              recordType: 'clinic',
              recordId: made.id,
            });
            return made;
          });
          console.log(`Added the clinic ${name} (${added.id}), on the ${opts.profile} profile.`);
          console.log(
            'Next: its first admin, who signs in and completes the Settings page (hours, email, address, the clinic’s own values):\n' +
              `  sijpath user add --role admin --clinic ${added.id} --email … --name … --password …`,
          );
        } finally {
          await runtime.close();
        }
      },
    );
  return clinic;
}
