import { describe } from '../internal/check.js';

/**
 * The time source of every time-dependent policy (breaker cool-downs and windows, rate limits,
 * backoff, timeouts). Policies take it as the `clock` runtime option; the default is
 * {@link systemClock}. Tests pass a {@link VirtualClock} and move time by hand, so nothing sleeps.
 */
export interface Clock {
  /** Milliseconds on a monotonic scale (only differences between two readings mean anything). */
  now(): number;
  /**
   * Resolves after `ms` milliseconds (at once for 0). When `signal` aborts first, the wait ends at
   * once, rejecting with `signal.reason`, and its timer and listener are removed.
   */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** The longest single wait `setTimeout` supports (about 24.8 days). */
export const MAX_SLEEP_MS = 2_147_483_647;

/** @internal Validates the arguments of a `Clock.sleep` implementation. */
export function checkSleep(where: string, ms: unknown, signal: unknown): asserts ms is number {
  if (typeof ms !== 'number' || Number.isNaN(ms)) throw new TypeError(`${where}: expected \`ms\` to be a number >= 0, got ${describe(ms)}`);
  if (ms < 0 || ms > MAX_SLEEP_MS) throw new RangeError(`${where}: expected \`ms\` to be a number from 0 to ${MAX_SLEEP_MS}, got ${ms}`);
  if (signal !== undefined && !(signal instanceof AbortSignal)) throw new TypeError(`${where}: expected \`signal\` to be an AbortSignal, got ${describe(signal)}`);
}

/**
 * The real clock: `performance.now()` and `setTimeout`. An aborted sleep clears its timer.
 *
 * @example
 * ```ts
 * await systemClock.sleep(100, AbortSignal.timeout(50)); // rejects after 50 ms with a TimeoutError
 * ```
 */
export const systemClock: Clock = Object.freeze({
  now: () => performance.now(),
  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    checkSleep('systemClock.sleep', ms, signal);
    if (signal?.aborted) return Promise.reject(signal.reason as unknown);
    return new Promise<void>((resolve, reject) => {
      const onAbort = (): void => {
        clearTimeout(timer);
        reject(signal!.reason);
      };
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  },
});
