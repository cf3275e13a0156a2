/**
 * After an upgrade (`npm start` rebuilds dist/web), a page opened before it asks for the old build's
 * chunks, which are gone; Vite reports the failed import as `vite:preloadError`. The page reloads
 * once to fetch the new build (a half-typed form is kept: see drafts.ts). A chunk still missing a
 * minute later is not reloaded again, so a broken build shows the page's error screen, not a loop.
 */
const KEY = 'sij:stale-build-reload';
const ONCE_PER_MS = 60_000;

/** Whether a failed chunk should reload the page, given when it last did (epoch ms, as stored). */
export function shouldReload(lastReload: string | null, now: number): boolean {
  const last = Number(lastReload);
  return lastReload === null || !Number.isFinite(last) || now - last > ONCE_PER_MS;
}

/** A failed import of one of the app's own chunks, in the words the browsers use. */
export function isStaleBuildError(error: unknown): boolean {
  const message = error instanceof Error ? error.message : String(error);
  return /dynamically imported module|Importing a module script failed|Unable to preload CSS/i.test(message);
}

export function reloadOnStaleBuild(win: Window = window): void {
  win.addEventListener('vite:preloadError', (event) => {
    let last: string | null = null;
    try {
      last = win.sessionStorage.getItem(KEY);
    } catch {
      return; // no storage to remember the reload by: never risk a loop
    }
    if (!shouldReload(last, Date.now())) return;
    event.preventDefault();
    win.sessionStorage.setItem(KEY, String(Date.now()));
    win.location.reload();
  });
}
