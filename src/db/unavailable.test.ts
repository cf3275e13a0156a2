import { expect, test } from 'vitest';
import { databaseUnavailable } from './unavailable.ts';

const withCode = (code: string, message = 'x') => Object.assign(new Error(message), { code });

test('a database that is down, restarting, out of connections or too slow to answer is unavailable, wrapped or not', () => {
  for (const e of [
    withCode('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432'),
    withCode('ECONNRESET'),
    withCode('57P01', 'terminating connection due to administrator command'),
    withCode('57P02', 'terminating connection because of crash of another server process'),
    withCode('57P03', 'the database system is starting up'),
    withCode('53300', 'sorry, too many clients already'),
    withCode('08006', 'connection failure'),
    new Error('Connection terminated unexpectedly'),
    new Error('timeout exceeded when trying to connect'),
    withCode('57014', 'canceling statement due to statement timeout'),
    new Error('Query read timeout'),
    // As the query builder throws it: its own error, the driver's as the cause.
    new Error('Failed query: select 1', { cause: withCode('ECONNREFUSED') }),
  ])
    expect(databaseUnavailable(e), e.message).toBe(true);
});

test('a request the database refused, or a fault of ours, is not', () => {
  for (const e of [
    withCode('23505', 'duplicate key value violates unique constraint'),
    withCode('22P02', 'invalid input syntax for type uuid'),
    withCode('40001', 'could not serialize access'),
    withCode('08P01', 'bind message supplies 1 parameters, but prepared statement requires 2'),
    new Error('Failed query: insert …', { cause: withCode('23503') }),
    new TypeError("Cannot read properties of undefined (reading 'id')"),
    'ECONNREFUSED',
    undefined,
  ])
    expect(databaseUnavailable(e)).toBe(false);
});
