// A counting semaphore for calls in flight: first come, first served; a wait ends at once when
// its signal aborts (rejecting with the reason) and gives its place up.

interface Waiter {
  readonly resolve: () => void;
  readonly detach: () => void;
}

/** At most `size` holders at once. */
export class CallSlots {
  private free: number;
  private readonly waiters: Waiter[] = [];

  constructor(size: number) {
    this.free = size;
  }

  /** Waits for a slot and takes it; call {@link release} once when done. */
  acquire(signal: AbortSignal): Promise<void> {
    if (signal.aborted) return Promise.reject(signal.reason as unknown);
    if (this.free > 0 && this.waiters.length === 0) {
      this.free--;
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const onAbort = (): void => {
        const i = this.waiters.indexOf(waiter);
        if (i >= 0) this.waiters.splice(i, 1);
        reject(signal.reason);
      };
      const waiter: Waiter = { resolve, detach: () => signal.removeEventListener('abort', onAbort) };
      signal.addEventListener('abort', onAbort, { once: true });
      this.waiters.push(waiter);
    });
  }

  /** Gives a slot back (to the first waiter, if any). */
  release(): void {
    const next = this.waiters.shift();
    if (next === undefined) {
      this.free++;
      return;
    }
    next.detach();
    next.resolve();
  }
}
