/**
 * Two people edited the same form from the same starting point; merge what each changed.
 * Field by field against the base both started from: a field only one side changed keeps that
 * change; a field both changed to different values is a conflict for a person to decide. Lists
 * are compared whole (a medicine list is one answer), objects field by field.
 */

export type Path = readonly string[];

export interface Conflict {
  path: Path;
  base: unknown;
  theirs: unknown;
  mine: unknown;
}

export interface Merge<T> {
  /** Both sides' changes, with `mine` wherever a conflict is not yet decided. */
  merged: T;
  /** Fields the other person changed and this person did not: kept from theirs. */
  theirChanges: Path[];
  /** Fields this person changed and the other did not. */
  myChanges: Path[];
  conflicts: Conflict[];
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Structural equality of plain data (the form values and facts are JSON). */
export function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => same(x, b[i]));
  if (isRecord(a) && isRecord(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].every((k) => same(a[k], b[k]));
  }
  return false;
}

export function mergeThreeWay<T>(base: T, theirs: T, mine: T): Merge<T> {
  const theirChanges: Path[] = [];
  const myChanges: Path[] = [];
  const conflicts: Conflict[] = [];
  const walk = (b: unknown, t: unknown, m: unknown, path: string[]): unknown => {
    if (isRecord(b) && isRecord(t) && isRecord(m)) {
      const out: Record<string, unknown> = {};
      for (const key of new Set([...Object.keys(b), ...Object.keys(t), ...Object.keys(m)])) {
        const v = walk(b[key], t[key], m[key], [...path, key]);
        if (v !== undefined) out[key] = v;
      }
      return out;
    }
    const theyChanged = !same(t, b);
    const iChanged = !same(m, b);
    if (theyChanged && iChanged && !same(t, m)) {
      conflicts.push({ path, base: b, theirs: t, mine: m });
      return m;
    }
    if (theyChanged) {
      if (!iChanged) theirChanges.push(path);
      return t;
    }
    if (iChanged) myChanges.push(path);
    return m;
  };
  return { merged: walk(base, theirs, mine, []) as T, theirChanges, myChanges, conflicts };
}

/** Sets the value at a path (returning a copy): a decided conflict goes into the merge. */
export function setAt<T>(value: T, path: Path, v: unknown): T {
  if (path.length === 0) return v as T;
  const [head, ...rest] = path as [string, ...string[]];
  const obj = (isRecord(value) ? value : {}) as Record<string, unknown>;
  return { ...obj, [head]: setAt(obj[head], rest, v) } as T;
}
