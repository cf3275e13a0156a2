import { afterEach, describe, expect, test, vi } from 'vitest';
import { clearDrafts, draftKey, hasDraft, keepDraft, readDraft } from './drafts';

describe('drafts in localStorage', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  test('one draft per episode and step', () => {
    expect(draftKey('e1', 'screening')).toBe('sijpath:draft:e1:screening');
    expect(draftKey('e1', 'procedure')).not.toBe(draftKey('e2', 'procedure'));
  });

  test('a draft kept is read back; one not recognised, or not JSON, starts afresh; null removes it', () => {
    const items = new Map<string, string>();
    vi.stubGlobal('window', {
      localStorage: {
        getItem: (k: string) => items.get(k) ?? null,
        setItem: (k: string, v: string) => items.set(k, v),
        removeItem: (k: string) => items.delete(k),
      },
    });
    const key = draftKey('refer', 'p1');
    const asText = (stored: unknown) => (typeof stored === 'string' ? stored : null);
    keepDraft(key, 'Dr Osei');
    expect(hasDraft(key)).toBe(true);
    expect(readDraft(key, asText)).toBe('Dr Osei');
    keepDraft(key, { referrer: 'Dr Osei' });
    expect(readDraft(key, asText)).toBeNull();
    items.set(key, '{"referrer":');
    expect(readDraft(key, asText)).toBeNull();
    keepDraft(key, null);
    expect(hasDraft(key)).toBe(false);
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
    expect(() => keepDraft(draftKey('my-report'), { symptoms: [] })).not.toThrow();
    expect(readDraft(draftKey('my-report'), (v) => v)).toBeNull();
    expect(hasDraft(draftKey('my-report'))).toBe(false);
  });
});
