import { Command } from 'commander';

/** How long a stopping server still reads requests already sent on its open sockets. */
const STOP_GRACE_MS = 500;

export function serveCommand(): Command {
  return new Command('serve')
    .description('Start the web app and API (on the embedded PostgreSQL unless DATABASE_URL is set)')
    .action(async () => {
      // The server's modules are imported when the command runs, not when the CLI starts (so
      // `--help` answers at once), and they load while the database starts in its own process.
      const { loadConfig, openRuntime } = await import('../../server/runtime.ts');
      const config = await loadConfig();
      // Set once the server runs: how it stops when its embedded PostgreSQL cannot be started again.
      let stopForGood = (_why: string): void => process.exit(1);
      const opening = openRuntime(config, (line) => console.log(line), {
        as: 'app',
        onDatabaseGone: (error) => {
          console.error(`\n${error.message}`);
          stopForGood('The database is gone');
        },
      });
      opening.catch(() => {}); // awaited below; this only keeps an early failure from being "unhandled"
      const [
        { buildApp },
        { startSealer },
        { demoPassword, demoUsers, demoPatientEmail, seedDemo },
        { startWorker },
        { jobHandlers, OWN_LANE },
        { outboxOnly },
        { loggerOptions },
        { loadCdsClients },
        { answerSignalsInApp },
      ] = await Promise.all([
        import('../../server/app.ts'),
        import('../../server/audit/sealer.ts'),
        import('../../server/demo/demo.ts'),
        import('../../server/jobs/queue.ts'),
        import('../../server/jobs/handlers.ts'),
        import('../../server/messages/outbox.ts'),
        import('../../server/logging.ts'),
        import('../../server/cds-hooks/clients.ts'),
        import('../../db/embedded.ts'),
      ]).catch(async (error: unknown) => {
        await opening.then((runtime) => runtime.close()).catch(() => {});
        throw error;
      });
      const runtime = await opening;
      if (
        config.DEMO &&
        (await seedDemo(runtime.db, (step) => console.log(`Seeding the demo clinic: ${step}`)))
      ) {
        console.log('Seeded the demo clinic.');
      }
      // The CDS Hooks clients the clinics trust, read once (a bad file stops the server here).
      const cdsClients = loadCdsClients(config.CDS_CLIENTS_FILE);
      const app = await buildApp({
        db: runtime.db,
        baseUrl: config.baseUrl,
        authSecret: config.authSecret,
        sessionHours: config.SESSION_HOURS,
        demo: config.DEMO,
        serveWeb: true,
        logger: loggerOptions(config.LOG_LEVEL),
        trustProxy: config.TRUST_PROXY,
        fhirCanonicalBase: config.FHIR_CANONICAL_BASE,
        delivery: config.SMTP_URL ? 'email' : 'outbox',
        patientSignInMinutes: config.PATIENT_SIGN_IN_MINUTES,
        cdsClients: () => cdsClients,
        smartEhrs: config.SMART_EHRS,
      });
      // Messages by SMTP when a mail server is configured; otherwise they stay in the outbox page.
      // (nodemailer is loaded only then: most starts have no mail server.)
      const smtpUrl = config.SMTP_URL;
      const smtp = smtpUrl
        ? await import('../../server/messages/smtp.ts').then(({ smtpTransport, defaultSender }) =>
            smtpTransport({ url: smtpUrl, from: config.MAIL_FROM ?? defaultSender(config.baseUrl) }),
          )
        : null;
      const transport = smtp ?? outboxOnly;
      // The job worker: reminders, message delivery (each job once, however many processes run).
      const worker = startWorker(runtime.db, {
        handlers: jobHandlers({ transport, baseUrl: config.baseUrl }),
        ownLane: OWN_LANE,
        log: (line) => app.log.warn(line),
      });
      const sealer = startSealer(runtime.db, {
        key: config.auditKey,
        checkpointFile: config.auditCheckpointFile,
        log: (line) => app.log.error(line),
      });
      // After the app has closed: the work beside it, then the database (a stop, or a failed listen).
      const closeTheRest = async () => {
        await worker.stop();
        smtp?.close();
        await sealer.stop();
        await runtime.close();
      };
      let stopping = false;
      // While stopping, every answer closes its socket after it (see stop).
      app.server.on('request', (_request, response) => {
        if (stopping) response.setHeader('connection', 'close');
      });
      const stop = async (signal: string, exitCode = 0) => {
        if (stopping) return;
        stopping = true;
        console.log(`\n${signal}: stopping ...`);
        // A request a client has sent on a kept-alive socket may not be read yet, and closing that
        // "idle" socket would reset it unanswered. So for a short grace the server still reads and
        // answers, each answer closing its socket; then it stops listening.
        await new Promise((resolve) => setTimeout(resolve, STOP_GRACE_MS));
        // Requests in flight are answered; each keep-alive socket is then closed as soon as it is
        // idle (closing stops only those idle at the signal: the rest held the stop for the
        // keep-alive timeout, 72 s).
        const sweep = setInterval(() => app.server.closeIdleConnections(), 50);
        await app.close();
        clearInterval(sweep);
        await closeTheRest();
        process.exit(exitCode);
      };
      stopForGood = (why) => void stop(why, 1);
      answerSignalsInApp();
      process.on('SIGINT', () => void stop('SIGINT'));
      process.on('SIGTERM', () => void stop('SIGTERM'));
      await app
        .listen({ port: config.PORT, host: config.HOST })
        .catch(async (error: NodeJS.ErrnoException) => {
          await app.close();
          await closeTheRest();
          throw listenError(error, config.PORT, config.HOST);
        });
      console.log(`\nSIJ Pathway is running at ${config.baseUrl} (database: ${runtime.databaseLabel})`);
      console.log(`API documentation: ${config.baseUrl}/api/docs`);
      if (config.DEMO) {
        console.log(`\nDemo sign-ins (password for all: ${demoPassword}):`);
        for (const u of demoUsers) console.log(`  ${u.role.padEnd(10)} ${u.email}`);
        console.log(
          `\nDemo patient: sign in at ${config.baseUrl}/my/sign-in as ${demoPatientEmail} and ask for a code;` +
            ` read it on the Outbox page as the admin (no mail server is configured).`,
        );
      }
    });
}

/** Why the server could not listen, in words an operator acts on (the usual two; others as they are). */
function listenError(error: NodeJS.ErrnoException, port: number, host: string): Error {
  if (error.code === 'EADDRINUSE')
    return new Error(
      `Port ${port} is in use on ${host}: another SIJ Pathway, or another program, listens there.\n` +
        `What to do: stop that program, or start this one on another port (PORT=${port + 1} npm start).`,
    );
  if (error.code === 'EACCES')
    return new Error(
      `Port ${port} on ${host} needs privileges this user does not have.\n` +
        'What to do: use a port above 1023 (PORT=3000, the default) behind a proxy that listens on 80 or 443.',
    );
  return error;
}
