/**
 * The de-identified outcomes export as a download for service leads (docs/export-format.md): the
 * same file `sijpath export outcomes` writes, streamed as it is read, audited in the transaction
 * that reads it like the command line's export.
 */
import { PassThrough } from 'node:stream';
import { z } from 'zod';
import { actor } from '../plugins/access.ts';
import type { RoutePlugin } from '../plugins/route-types.ts';
import { DOWNLOAD_STALL_MS, DownloadCancelled, downloadWriter } from './download.ts';
import { EXPORT_FORMATS, exportOutcomes } from './outcomes.ts';

/** Parquet's registered media type (IANA, 2024). */
export const PARQUET_TYPE = 'application/vnd.apache.parquet';
const contentType = { csv: 'text/csv; charset=utf-8', parquet: PARQUET_TYPE } as const;

export const exportRoutes: RoutePlugin = async (app, { db }) => {
  app.get(
    '/api/export/outcomes',
    {
      config: { access: ['admin', 'clinician'] },
      schema: {
        tags: ['export'],
        querystring: z.object({ format: z.enum(EXPORT_FORMATS).default('csv') }),
        produces: [contentType.csv, PARQUET_TYPE],
      },
    },
    async (request, reply) => {
      const me = actor(request);
      const { format } = request.query;
      const body = new PassThrough();
      // Backpressure: a batch waits until the client has taken the last one; a client that goes
      // away, or takes nothing for a minute, ends the export (its transaction rolls back, nothing
      // is left half-done; the download fails, and can be asked for again).
      const write = downloadWriter(body, {
        stallMs: DOWNLOAD_STALL_MS,
        onStall: () => request.log.warn('outcomes export stopped: its client took nothing for a minute'),
      });
      exportOutcomes(db, {
        clinicId: me.clinicId,
        actor: { id: me.id, name: me.name, role: me.role, clientAddress: request.ip, requestId: request.id },
        format,
        write,
      }).then(
        () => body.end(),
        (error: unknown) => {
          if (!(error instanceof DownloadCancelled))
            request.log.error({ err: error }, 'outcomes export failed');
          body.destroy(error instanceof Error ? error : new Error(String(error)));
        },
      );
      const day = new Date().toISOString().slice(0, 10);
      return reply
        .type(contentType[format])
        .header('content-disposition', `attachment; filename="outcomes-${day}.${format}"`)
        .header('cache-control', 'no-store')
        .send(body);
    },
  );
};
