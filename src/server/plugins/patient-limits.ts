/**
 * Rate limits on the patients' API (`/api/my/...`): per patient account and per client address,
 * counted in the `rate_limit` table (one statement: both counters move together), so that every
 * server process counts alike. Over either limit: 429 with a sentence and `Retry-After`.
 * Runs after the access check, so an anonymous caller is refused there and counts against nothing.
 */
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Database } from '../../db/client.ts';
import { type PatientApiLimits, patientApiLimits } from '../auth/limits.ts';
import { DomainError } from '../errors.ts';

export const patientLimitsPlugin = fp(
  async (app: FastifyInstance, options: { db: Database; limits?: PatientApiLimits; now?: () => Date }) => {
    const limits = options.limits ?? patientApiLimits;
    const now = options.now ?? (() => new Date());
    app.addHook('onRequest', async (request, reply) => {
      const url = request.routeOptions.url;
      if (!url?.startsWith('/api/my/') || request.actor?.role !== 'patient') return;
      const at = now().getTime();
      const windowMs = limits.windowSeconds * 1000;
      const windowStart = at - windowMs;
      // Each key's row holds the start of its window (last_request) and the count within it.
      const { rows } = await options.db.$client.query<{ key: string; count: number; started: string }>(
        `insert into rate_limit (id, key, count, last_request)
         values (gen_random_uuid()::text, $1, 1, $3), (gen_random_uuid()::text, $2, 1, $3)
         on conflict (key) do update set
           count = case when rate_limit.last_request <= $4 then 1 else rate_limit.count + 1 end,
           last_request = case when rate_limit.last_request <= $4 then $3 else rate_limit.last_request end
         returning key, count, last_request::text as started`,
        [`my-api:patient:${request.actor.id}`, `my-api:address:${request.ip}`, at, windowStart],
      );
      for (const row of rows) {
        const perPatient = row.key.startsWith('my-api:patient:');
        const max = perPatient ? limits.perPatient : limits.perAddress;
        if (row.count <= max) continue;
        const seconds = Math.max(1, Math.ceil((Number(row.started) + windowMs - at) / 1000));
        reply.header('retry-after', String(seconds));
        throw new DomainError(
          'too_many_requests',
          perPatient
            ? `Too many requests from your account in a short time. Wait ${seconds} second${seconds === 1 ? '' : 's'}, then try again.`
            : `Too many requests from this network address in a short time. Wait ${seconds} second${seconds === 1 ? '' : 's'}, then try again.`,
          { retryAfterSeconds: seconds },
        );
      }
    });
  },
);
