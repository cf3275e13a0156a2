/**
 * Writing a download as it is made, at the pace its client takes it. The export waits for the
 * client to take a batch before it reads the next, so a large clinic streams in bounded memory;
 * but it waits inside a transaction, on a database connection. A client that goes away ends it;
 * so does one that takes nothing for `stallMs` (a paused download, a laptop asleep), which would
 * otherwise hold its connection and its transaction open for as long as it stays so: ten of them,
 * and no request gets a connection.
 */
import { once } from 'node:events';
import type { PassThrough } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';

/** A write after the download ended early: the client went away or stopped taking it. */
export class DownloadCancelled extends Error {}

/** How long a download waits for its client to take what it has been sent, in use. */
export const DOWNLOAD_STALL_MS = 60_000;

/**
 * A writer into `body`, the response's stream. A stalled client's download is destroyed with an
 * error, so that it fails as cut short instead of ending as if it were whole; `onStall` is told.
 */
export function downloadWriter(body: PassThrough, options: { stallMs: number; onStall?: () => void }) {
  return async (chunk: string | Uint8Array): Promise<void> => {
    if (body.destroyed) throw new DownloadCancelled();
    if (!body.write(chunk)) {
      const done = new AbortController();
      const taken = await Promise.race([
        once(body, 'drain', { signal: done.signal }).then(() => true),
        once(body, 'close', { signal: done.signal }).then(() => true),
        sleep(options.stallMs, false, { signal: done.signal }),
      ]);
      done.abort();
      if (!taken) {
        options.onStall?.();
        body.destroy(new Error('the client took nothing in time'));
      }
    }
    if (body.destroyed) throw new DownloadCancelled();
  };
}
