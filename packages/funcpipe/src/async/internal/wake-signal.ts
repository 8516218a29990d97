/**
 * A resettable one-shot wake-up between the parts of a concurrent run: a waiter calls `wait()`
 * after checking (synchronously) that it has nothing to do; `notify()` wakes every current
 * waiter and re-arms the signal. Nothing is remembered while no one waits, so a waiter must
 * re-check its condition after each wake-up (a spurious wake-up is harmless).
 *
 * The promise never rejects, and one promise is shared by all waiters of one round, so waking
 * costs no allocation when no one is waiting.
 */
export class WakeSignal {
  private promise: Promise<void> | undefined;
  private resolve: (() => void) | undefined;

  /** A promise that resolves at the next `notify()`. */
  wait(): Promise<void> {
    if (this.promise === undefined) {
      this.promise = new Promise<void>((resolve) => {
        this.resolve = resolve;
      });
    }
    return this.promise;
  }

  /** Wakes the current waiters, if any. */
  notify(): void {
    const resolve = this.resolve;
    if (resolve === undefined) return;
    this.promise = undefined;
    this.resolve = undefined;
    resolve();
  }
}
