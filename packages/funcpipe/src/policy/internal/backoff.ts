// The delay before a retry, as a pure function of the policy, the retry number and a random
// draw, so the laws can compute the expected delays exactly.

/** The backoff settings of a resolved retry policy. */
export interface BackoffSettings {
  readonly backoff: 'fixed' | 'exponential';
  readonly jitter: 'none' | 'full' | 'decorrelated';
  readonly delayMs: number;
  readonly factor: number;
  readonly maxDelayMs: number;
}

/**
 * The delay before retry number `retry` (1 is the first retry, after the first call failed),
 * given the previous delay (`previousMs`, the delay itself before the first retry) and a draw
 * `random` in [0, 1):
 * - fixed: `delay`; exponential: `delay * factor^(retry - 1)`; both capped at `maxDelay`;
 * - full jitter: a uniform draw between 0 and that;
 * - decorrelated jitter: a uniform draw between `delay` and `factor` x the previous delay,
 *   capped at `maxDelay` (it grows on its own, and never falls below `delay`).
 */
export function backoffDelay(settings: BackoffSettings, retry: number, previousMs: number, random: number): number {
  const { delayMs, factor, maxDelayMs } = settings;
  if (settings.jitter === 'decorrelated') {
    const high = Math.max(delayMs, previousMs * factor);
    return Math.min(maxDelayMs, delayMs + random * (high - delayMs));
  }
  const base = Math.min(maxDelayMs, settings.backoff === 'fixed' ? delayMs : delayMs * factor ** (retry - 1));
  return settings.jitter === 'full' ? random * base : base;
}
