import { CleanupTimedOut } from '../cleanup-timed-out.js';
import { warnLateFailure } from '../../internal/late-failure.js';
import { isSuppressedError } from '../../resource/combine-errors.js';

/**
 * Waits for `work` at most `timeoutMs`; past that, rejects with `CleanupTimedOut` and leaves
 * `work` running with a handler attached (a late failure becomes a process warning, never an
 * unhandled rejection). A late rejection made only of `CleanupTimedOut`s is not a failure: it is
 * a nested cleanup (a child run's) that had not finished either, already reported by the
 * `CleanupTimedOut` this deadline rejected with, and its own late failure, if any, is warned
 * about by its own deadline. The timer is unref'd, so it never keeps the process alive.
 */
export function withDeadline(work: Promise<void>, timeoutMs: number): Promise<void> {
  if (!Number.isFinite(timeoutMs)) return work;
  return new Promise<void>((resolve, reject) => {
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      reject(new CleanupTimedOut(timeoutMs));
    }, timeoutMs);
    timer.unref();
    work.then(
      () => {
        clearTimeout(timer);
        resolve();
      },
      (error: unknown) => {
        clearTimeout(timer);
        if (!timedOut) reject(error);
        else if (!onlyTimeouts(error)) warnLateFailure('A run cleanup that overran its close deadline', error);
      },
    );
  });
}

/** True when `error` is a `CleanupTimedOut`, or a `SuppressedError` tree of nothing else. */
function onlyTimeouts(error: unknown): boolean {
  if (isSuppressedError(error)) return onlyTimeouts(error.error) && onlyTimeouts(error.suppressed);
  return error instanceof CleanupTimedOut;
}
