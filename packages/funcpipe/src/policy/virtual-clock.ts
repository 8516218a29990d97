import { checkNumber } from '../internal/check.js';
import { checkSleep, type Clock } from './clock.js';

interface Timer {
  readonly due: number;
  readonly seq: number;
  readonly resolve: () => void;
  readonly detach: () => void;
}

/** Lets every promise continuation that is already queued run (a macrotask turn; no real wait). */
const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * A {@link Clock} whose time moves only when a test says so: `sleep` registers a timer, and
 * {@link VirtualClock.advance} moves time forward, firing due timers one at a time in order of
 * due time (then of registration) and letting the code they wake run before the next one fires.
 * So backoff delays, cool-downs, windows and rate limits can be checked exactly, without sleeping.
 *
 * @example
 * ```ts
 * const clock = new VirtualClock();
 * const done = clock.sleep(1_000).then(() => clock.now());
 * await clock.advance(999); // nothing yet
 * await clock.advance(1);   // the sleep resolves
 * await done; // 1000
 * ```
 */
export class VirtualClock implements Clock {
  #now: number;
  #seq = 0;
  readonly #timers: Timer[] = [];

  /** @param start - the initial reading of `now()`, default 0 */
  constructor(start = 0) {
    checkNumber('VirtualClock', 'start', start, 0);
    this.#now = start;
  }

  /** The current virtual time in ms. */
  now(): number {
    return this.#now;
  }

  /** Waits until virtual time reaches `now() + ms` (resolves at once for 0); abortable. */
  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    checkSleep('VirtualClock.sleep', ms, signal);
    if (signal?.aborted) return Promise.reject(signal.reason as unknown);
    if (ms === 0) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const onAbort = (): void => {
        this.#remove(timer);
        reject(signal!.reason);
      };
      const timer: Timer = {
        due: this.#now + ms,
        seq: this.#seq++,
        resolve,
        detach: () => signal?.removeEventListener('abort', onAbort),
      };
      this.#insert(timer);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** How many sleeps are waiting. */
  get pendingTimers(): number {
    return this.#timers.length;
  }

  /** When the earliest waiting sleep is due, or `undefined` when none waits. */
  get nextDue(): number | undefined {
    return this.#timers[0]?.due;
  }

  /**
   * Moves time forward by `ms`, firing every sleep that falls due on the way, in order; after
   * each one (and once before the first), queued continuations run, so a sleep they start that
   * falls due within the window fires too. Resolves with time at exactly `now() + ms`.
   */
  async advance(ms: number): Promise<void> {
    checkNumber('VirtualClock.advance', 'ms', ms, 0);
    if (ms === Infinity) throw new RangeError('VirtualClock.advance: expected `ms` to be finite, got Infinity');
    const target = this.#now + ms;
    await settle();
    for (let timer = this.#timers[0]; timer !== undefined && timer.due <= target; timer = this.#timers[0]) {
      this.#timers.shift();
      this.#now = timer.due;
      timer.detach();
      timer.resolve();
      await settle();
    }
    this.#now = target;
    await settle();
  }

  /** Moves time to the earliest waiting sleep and fires it (and any due at the same time); false when none waits. */
  async runNext(): Promise<boolean> {
    await settle();
    const due = this.nextDue;
    if (due === undefined) return false;
    await this.advance(due - this.#now);
    return true;
  }

  #insert(timer: Timer): void {
    const timers = this.#timers;
    let i = timers.length;
    while (i > 0 && timers[i - 1]!.due > timer.due) i--;
    timers.splice(i, 0, timer);
  }

  #remove(timer: Timer): void {
    const i = this.#timers.indexOf(timer);
    if (i >= 0) this.#timers.splice(i, 1);
  }
}
