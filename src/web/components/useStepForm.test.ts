import { describe, expect, test } from 'vitest';
import { ApiError } from '../api';
import { isVersionConflict } from './useStepForm';

describe('a save that met a newer version (409): both versions are shown only for a real conflict', () => {
  const episode = { id: 'e1', version: 4, steps: { screenings: [] } };

  test('a version conflict carrying the episode as it is now', () => {
    expect(isVersionConflict(new ApiError(409, { code: 'version_conflict', current: episode }))).toBe(true);
  });

  test.each([
    ['another 409 (an illegal move)', new ApiError(409, { code: 'illegal_transition', current: episode })],
    ['a version conflict without the current record', new ApiError(409, { code: 'version_conflict' })],
    [
      'a version conflict on a record that is not an episode (a patient)',
      new ApiError(409, { code: 'version_conflict', current: { id: 'p1', version: 2 } }),
    ],
    ['a version conflict with current: null', new ApiError(409, { code: 'version_conflict', current: null })],
    ['a refusal that is not a 409', new ApiError(422, { code: 'version_conflict', current: episode })],
    ['a network failure', new ApiError(0, { title: 'The server could not be reached.' })],
    ['an error that is not from the API', Object.assign(new Error('boom'), { status: 409 })],
    ['not an error at all', { status: 409, code: 'version_conflict', current: episode }],
  ])('not: %s', (_case, error) => {
    expect(isVersionConflict(error)).toBe(false);
  });
});
