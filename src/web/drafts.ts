/**
 * What someone typed and has not saved yet, kept on this device (localStorage): a reload, a closed
 * dialog or a session that ended does not lose it. Every draft holds patient data and lives under
 * one prefix, so signing out removes them all, on a shared workstation or a family phone alike.
 *
 * Storage may be missing (a private window) or full: every function here then does nothing, and
 * the form still works, without surviving a reload.
 */
const prefix = 'sijpath:draft:';

/** One draft per thing typed: e.g. `draftKey(episodeId, 'screening')`, `draftKey('refer', patientId)`. */
export const draftKey = (...parts: string[]) => prefix + parts.join(':');

/** The draft under `key`, if there is one that `accept` recognises (else null: start afresh). */
export function readDraft<T>(key: string, accept: (stored: unknown) => T | null): T | null {
  try {
    const raw = window.localStorage.getItem(key);
    return raw === null ? null : accept(JSON.parse(raw));
  } catch {
    return null;
  }
}

/** Keeps `value` under `key`; null removes it (saved, sent or discarded). */
export function keepDraft(key: string, value: unknown): void {
  try {
    if (value === null) window.localStorage.removeItem(key);
    else window.localStorage.setItem(key, JSON.stringify(value));
  } catch {
    // No storage: see above.
  }
}

/** Whether something was typed under `key` on this device and not saved yet. */
export function hasDraft(key: string): boolean {
  try {
    return window.localStorage.getItem(key) !== null;
  } catch {
    return false;
  }
}

/** Signing out: every draft goes (they hold patient data), nothing else. */
export function clearDrafts(): void {
  try {
    for (const key of Object.keys(window.localStorage)) {
      if (key.startsWith(prefix)) window.localStorage.removeItem(key);
    }
  } catch {
    // No storage: nothing to remove.
  }
}

/** A plain object read back from storage, to check field by field. */
export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
