/**
 * Whether an error means the database is not answering (stopped, restarting, unreachable, out of
 * connections) rather than that the request went wrong: a client should try again in a moment,
 * and an operator needs to look at the database, not at the request. Read through the causes a
 * query builder wraps the driver's error in.
 */

/** Socket errors of a connection that cannot be made or was cut. */
const socketCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENOTFOUND',
]);

/**
 * SQLSTATEs of a server going away, refusing connections or not answering in time: the connection exceptions of class 08
 * (not 08P01, a protocol violation: our fault), 57P01–57P03 (shut down by an operator, after a
 * crash, or still starting), 53300 (too many connections), 57014 (a statement cancelled: past the
 * server's statement limit, or by an operator).
 */
const serverStates = /^(0800[0-7]|57P0[123]|53300|57014)$/;

/**
 * What node-postgres says, with no code, when a connection ends under it, none comes in time, or
 * a query gets no answer in time.
 */
const driverMessages =
  /^(Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Query read timeout)/;
const READ_TIMEOUT = 'Query read timeout';

/** An error and the causes a query builder wraps it in, outermost first (five at most). */
function* causes(error: unknown): Generator<Error> {
  for (let e = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) yield e;
}

/**
 * Whether the driver gave up waiting for the answer to a statement (query_timeout): the statement
 * still holds its connection, so nothing more can be sent on it (transactions.ts).
 */
export function unanswered(error: unknown): boolean {
  for (const e of causes(error)) if (e.message === READ_TIMEOUT) return true;
  return false;
}

export function databaseUnavailable(error: unknown): boolean {
  for (const e of causes(error)) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && (socketCodes.has(code) || serverStates.test(code))) return true;
    if (driverMessages.test(e.message)) return true;
  }
  return false;
}

/**
 * How a loop that runs beside the requests (the audit sealer, the job worker) reports its failed
 * rounds: the database not answering once, in words, when it starts and once when it ends (a
 * round a second for a minute's outage would otherwise fill the log with the same line); any
 * other failure every time, by its class (the log holds no patient data: logging.ts).
 */
export function roundReporter(name: string, log: ((line: string) => void) | undefined) {
  let down = false;
  return {
    failed(error: unknown) {
      if (!databaseUnavailable(error)) {
        log?.(`${name}: ${error instanceof Error ? error.constructor.name : 'error'}`);
        return;
      }
      if (!down) log?.(`${name}: the database is not answering; trying again until it does`);
      down = true;
    },
    succeeded() {
      if (down) log?.(`${name}: the database answers again`);
      down = false;
    },
  };
}
