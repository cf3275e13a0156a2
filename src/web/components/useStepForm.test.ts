import { afterEach, describe, expect, test, vi } from 'vitest';
import { ApiError } from '../api';
import { clearDrafts, draftKey, isVersionConflict } from './useStepForm';

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

describe('drafts in localStorage', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  test('one draft per episode and step', () => {
    expect(draftKey('e1', 'screening')).toBe('sijpath:draft:e1:screening');
    expect(draftKey('e1', 'procedure')).not.toBe(draftKey('e2', 'procedure'));
  });

  test('signing out removes every draft (they hold patient data) and nothing else', () => {
    // localStorage's own keys are its items; its methods live on the prototype.
    const storage = Object.assign(
      Object.create({
        removeItem(this: Record<string, string>, key: string) {
          delete this[key];
        },
      }),
      {
        [draftKey('e1', 'screening')]: '{}',
        [draftKey('e2', 'procedure')]: '{}',
        'mantine-color-scheme': 'light',
      },
    );
    vi.stubGlobal('window', { localStorage: storage });
    clearDrafts();
    expect(Object.keys(storage)).toEqual(['mantine-color-scheme']);
  });

  test('without storage (a private window) signing out still works', () => {
    vi.stubGlobal('window', {
      get localStorage(): Storage {
        throw new DOMException('The operation is insecure.', 'SecurityError');
      },
    });
    expect(() => clearDrafts()).not.toThrow();
  });
});
