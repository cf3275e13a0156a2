/**
 * The documents the outcomes page sends its readers to, as the repository keeps them (Markdown,
 * sent as plain text so a browser shows it): how each figure is counted (docs/statistics.md) and
 * what each column of the de-identified export means (docs/export-format.md), for the
 * statistician given the file. The page named them by their path, which nobody using the app
 * could open. Read when the server starts: a guide that is missing stops it, as a leaflet does.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { staffRoles } from '../../domain/actor.ts';
import type { RoutePlugin } from '../plugins/route-types.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
/** docs/ beside src/ from the sources, or from the compiled server (dist/server/src/server/guides). */
const docsDir = [path.resolve(here, '../../../docs'), path.resolve(here, '../../../../../docs')].find((dir) =>
  existsSync(path.join(dir, 'statistics.md')),
);

/** Each guide's address, `/api/guides/<name>`, and its file in docs/. */
export const GUIDES = { statistics: 'statistics.md', 'export-format': 'export-format.md' } as const;

export const guideRoutes: RoutePlugin = async (app) => {
  if (!docsDir) throw new Error(`The guides in docs/ are missing (looked beside ${here}).`);
  for (const [name, file] of Object.entries(GUIDES)) {
    const text = readFileSync(path.join(docsDir, file), 'utf8');
    app.get(
      `/api/guides/${name}`,
      { config: { access: staffRoles }, schema: { tags: ['guides'], produces: ['text/plain'] } },
      async (_request, reply) => reply.type('text/plain; charset=utf-8').send(text),
    );
  }
};
