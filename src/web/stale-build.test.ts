import { expect, test } from 'vitest';
import { isStaleBuildError, shouldReload } from './stale-build';

test('a page reloads for a missing chunk once, and not again within the minute', () => {
  const now = Date.parse('2026-12-06T10:00:00Z');
  expect(shouldReload(null, now)).toBe(true);
  expect(shouldReload(String(now - 5_000), now)).toBe(false);
  expect(shouldReload(String(now - 61_000), now)).toBe(true);
  expect(shouldReload('not a time', now)).toBe(true);
});

test.each([
  ['Failed to fetch dynamically imported module: http://x/assets/EpisodePage-abc.js', true],
  ['Importing a module script failed.', true],
  ['error loading dynamically imported module: http://x/assets/a.js', true],
  ['Unable to preload CSS for /assets/index.css', true],
  ["Cannot read properties of undefined (reading 'stage')", false],
])('"%s" is a stale build: %s', (message, stale) => {
  expect(isStaleBuildError(new TypeError(message))).toBe(stale);
});
