/** A mistake in how a command was called: its message says what to do, and the exit code is 2. */
export class UsageError extends Error {
  readonly exitCode = 2;
}

const FILE_TROUBLE: Record<string, string> = {
  ENOENT: 'there is no such file or folder',
  EISDIR: 'it is a folder',
  ENOTDIR: 'part of the path is not a folder',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  ENOSPC: 'the disk is full',
  EROFS: 'the file system is read-only',
};

/** A file system error that a user can act on: its code, not a stack. */
export function isFileError(error: unknown): error is NodeJS.ErrnoException {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === 'string' && code in FILE_TROUBLE;
}

/** Why a file could not be read or written, in words ("there is no such file or folder", not "ENOENT: …"). */
export function fileTrouble(error: unknown): string {
  return FILE_TROUBLE[(error as NodeJS.ErrnoException).code ?? ''] ?? (error as Error).message;
}
