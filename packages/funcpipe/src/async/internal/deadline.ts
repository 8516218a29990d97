import { CleanupTimedOut } from '../cleanup-timed-out.js';
import { warnLateFailure } from '../../internal/late-failure.js';

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
        if (timedOut) warnLateFailure('A run cleanup that overran its close deadline', error);
        else reject(error);
      },
    );
  });
}
