/**
 * Thrown (or rejected with) when a stopped run's cleanup did not finish within its close
 * deadline (`closeTimeoutMs`, 5,000 ms by default): typically a producer that ignores its
 * `AbortSignal` and stays blocked in an `await`. The caller is released instead of hanging; the
 * cleanup goes on in the background and, if it later fails, that failure is emitted as a
 * process warning.
 */
export class CleanupTimedOut extends Error {
  override readonly name = 'CleanupTimedOut';
  /** The deadline that was exceeded, in milliseconds. */
  readonly timeoutMs: number;
  constructor(timeoutMs: number, options?: { cause?: unknown }) {
    super(`Cleanup of a stopped run did not finish within ${timeoutMs} ms (a producer ignoring its AbortSignal?)`, options);
    this.timeoutMs = timeoutMs;
  }
}
