/** Turning rows into API records, and the optimistic-concurrency check every update shares. */
import { DomainError } from './errors.ts';

type Row = { createdAt: Date; updatedAt: Date };

export function present<T extends Row>(
  row: T,
): Omit<T, 'createdAt' | 'updatedAt' | 'clinicId'> & { createdAt: string; updatedAt: string } {
  const { clinicId: _clinic, ...rest } = row as T & { clinicId?: string };
  return { ...rest, createdAt: row.createdAt.toISOString(), updatedAt: row.updatedAt.toISOString() } as Omit<
    T,
    'createdAt' | 'updatedAt' | 'clinicId'
  > & { createdAt: string; updatedAt: string };
}

/** A stale version gets 409 with the record as it is now, never a silent overwrite. */
export function assertVersion(
  kind: string,
  current: { version: number },
  expected: number,
  presented: unknown,
) {
  if (current.version !== expected) {
    throw new DomainError(
      'version_conflict',
      `This ${kind} was changed by someone else (you edited version ${expected}, it is now version ${current.version}). Review their changes, then save again.`,
      { current: presented },
    );
  }
}

export function isUniqueViolation(error: unknown, constraint: string): boolean {
  const e = error as { code?: string; constraint?: string; cause?: { code?: string; constraint?: string } };
  const pg = e.cause ?? e;
  return pg.code === '23505' && pg.constraint === constraint;
}
