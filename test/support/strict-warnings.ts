/**
 * API tests fail on a query sent to a client that is still running one (e.g. Promise.all on a
 * transaction, whose one connection can only queue them): node-postgres warns today that pg 9 will
 * refuse it. Warned once per process, so the first test file to cause it is the one that fails.
 */
process.on('warning', (warning) => {
  if (/already executing a query/.test(warning.message)) {
    throw new Error(`node-postgres: ${warning.message} (run the queries one after another)`);
  }
});
