/** A mistake in how a command was called: its message says what to do, and the exit code is 2. */
export class UsageError extends Error {
  readonly exitCode = 2;
}
