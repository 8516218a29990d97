import { CleanupTimedOut } from '../async/cleanup-timed-out.js';

/**
 * Waits for `work` at most `timeoutMs`; past that, rejects with `CleanupTimedOut` and leaves
 * `work` running with a handler attached (a late failure becomes a process warning, never an
 * unhandled rejection). The timer is unref'd, so it never keeps the process alive.
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
        if (timedOut) process.emitWarning(lateFailure(error));
        else reject(error);
      },
    );
  });
}

function lateFailure(error: unknown): Error {
  const warning = new Error('A run cleanup failed after its close deadline had passed', { cause: error });
  warning.name = 'FuncPipeLateCleanupFailure';
  return warning;
}
