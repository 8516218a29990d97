/** The `code` of every {@link BreakInfo}, so a consumer can tell a breaker's stop from an ordinary `Err`. */
export const BREAK_CODE = 'BREAKER_TRIPPED';

/**
 * Why a stream breaker stopped a stream: the last item of a stopped stream is `Err(breakInfo)`
 * (seed 000's `BreakInfo`). It has an `ErrInfo`'s `code` and `msg`, so it travels with ordinary
 * errors, but its `code` is always {@link BREAK_CODE}; test it with {@link isBreakInfo}.
 * A plain frozen object: it serialises to JSON as is.
 *
 * @example
 * ```ts
 * for (const r of pipe(results, circuitBreakerRateEmit({ maxRate: 0.2 }))) {
 *   if (!r.ok && isBreakInfo(r.error)) { report(r.error); break; }
 * }
 * ```
 */
export interface BreakInfo {
  readonly code: typeof BREAK_CODE;
  /** One sentence, such as "error rate 0.3 over the last 10 items exceeds 0.2 (at item 9)". */
  readonly msg: string;
  /** The rule that fired: `"errRate"` ({@link circuitBreakerRateEmit}) or `"consecutiveErrs"`. */
  readonly rule: 'errRate' | 'consecutiveErrs';
  /** The 0-based index, in the breaker's input, of the item at which it tripped (emitted before this). */
  readonly index: number;
  /** The observed rate: `errs / items` (1 for `consecutiveErrs`). */
  readonly rate: number;
  /** `Err` items counted by the rule (in the window, or in the run of consecutive ones). */
  readonly errs: number;
  /** Items counted by the rule (the window's fill, or the run of consecutive `Err`s). */
  readonly items: number;
  /** Items the breaker saw in all, the tripping one included (`index + 1`). */
  readonly seen: number;
  /** The limit that was crossed: `maxRate` or `maxConsecutive`. */
  readonly threshold: number;
}

/** True when `error` is a {@link BreakInfo} (its `code` is {@link BREAK_CODE}). */
export function isBreakInfo(error: unknown): error is BreakInfo {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === BREAK_CODE;
}
