// One pending `acquire()` of a pool: a promise that settles exactly once, with the caller's
// abort listener and the acquire timer attached while it waits and both removed when it settles.

/** Longest delay `setTimeout` honours; longer timeouts mean "wait forever". */
const MAX_TIMER_MS = 2_147_483_647;

/** A queued or in-service `acquire()`. The pool decides what happens; the waiter only settles. */
export class Waiter<L> {
  readonly promise: Promise<L>;
  #resolve!: (lease: L) => void;
  #reject!: (error: unknown) => void;
  #settled = false;
  #controller: AbortController | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;
  readonly #signal: AbortSignal | undefined;
  readonly #onAbort: () => void;

  /**
   * @param signal - the caller's signal; its abort calls `giveUp` with `signal.reason`
   * @param timeoutMs - after this long `giveUp` is called with `timeoutError()`
   * @param giveUp - the pool's handler: forget the waiter, then call {@link abandon}
   */
  constructor(
    signal: AbortSignal | undefined,
    timeoutMs: number,
    timeoutError: () => Error,
    giveUp: (waiter: Waiter<L>, reason: unknown) => void,
  ) {
    this.promise = new Promise<L>((resolve, reject) => {
      this.#resolve = resolve;
      this.#reject = reject;
    });
    this.#signal = signal;
    this.#onAbort = () => giveUp(this, signal?.reason);
    signal?.addEventListener('abort', this.#onAbort, { once: true });
    if (timeoutMs <= MAX_TIMER_MS) this.#timer = setTimeout(() => giveUp(this, timeoutError()), timeoutMs);
  }

  /** True once the waiter was resolved or rejected; later settle calls are ignored. */
  get settled(): boolean {
    return this.#settled;
  }

  /** The signal handed to `create` for this waiter: aborted when the waiter is abandoned. */
  get createSignal(): AbortSignal {
    this.#controller ??= new AbortController();
    return this.#controller.signal;
  }

  /** Resolves with a lease; false (and nothing happens) if the waiter had already settled. */
  succeed(lease: L): boolean {
    if (!this.#finish()) return false;
    this.#resolve(lease);
    return true;
  }

  /** Rejects with `error` unless already settled. */
  fail(error: unknown): void {
    if (this.#finish()) this.#reject(error);
  }

  /** Unless already settled: rejects with `reason` and aborts the `create` started for this waiter, if any. */
  abandon(reason: unknown): void {
    if (!this.#finish()) return;
    this.#reject(reason);
    this.#controller?.abort(reason);
  }

  #finish(): boolean {
    if (this.#settled) return false;
    this.#settled = true;
    clearTimeout(this.#timer);
    this.#signal?.removeEventListener('abort', this.#onAbort);
    return true;
  }
}
