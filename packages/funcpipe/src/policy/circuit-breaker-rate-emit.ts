import { BREAK_CODE, type BreakInfo } from './break-info.js';
import type { PolicyRuntime } from './policy-event.js';
import { reportBreak, streamBreaker, type BreakerState, type Stop, type StreamBreaker } from './stream-breaker.js';
import { errRatePolicy, type ErrRatePolicy, type ResolvedErrRatePolicy } from './stream-breaker-policy.js';

/**
 * One run of the rule. It keeps only the indices of the `Err` items still in the window (a ring of
 * at most `window` of them), dropped lazily as they fall out, so an `Ok` item costs one comparison.
 */
class ErrRateState implements BreakerState {
  private readonly errIndices: Float64Array;
  private head = 0;
  private count = 0;
  constructor(private readonly policy: ResolvedErrRatePolicy) {
    this.errIndices = new Float64Array(policy.window);
    this.okCheckAt = policy.minItems - 1;
  }
  /** An Ok never raises the rate, so it can only trip the check that first becomes due. */
  readonly okCheckAt: number;
  ok(index: number): Stop | undefined {
    return this.check(index);
  }
  err(index: number): Stop | undefined {
    this.expire(index);
    const { errIndices } = this;
    errIndices[(this.head + this.count) % errIndices.length] = index;
    this.count++;
    return index + 1 >= this.policy.minItems ? this.check(index) : undefined;
  }
  /** Drops the Errs that are no longer among the last `window` items ending at `index`. */
  private expire(index: number): void {
    const { errIndices } = this;
    const oldest = index - this.policy.window;
    while (this.count > 0 && errIndices[this.head]! <= oldest) {
      this.head = (this.head + 1) % errIndices.length;
      this.count--;
    }
  }
  private check(index: number): Stop | undefined {
    this.expire(index);
    const items = Math.min(index + 1, this.policy.window);
    const errs = this.count;
    const rate = errs / items;
    if (rate <= this.policy.maxRate) return undefined;
    const info: BreakInfo = Object.freeze({
      code: BREAK_CODE,
      msg: `error rate ${rate} over the last ${items} items exceeds ${this.policy.maxRate} (at item ${index})`,
      rule: 'errRate',
      index,
      rate,
      errs,
      items,
      seen: index + 1,
      threshold: this.policy.maxRate,
    });
    return { emit: true, info };
  }
}

/**
 * Stops the stream when the share of `Err` items over a sliding window of the last `window`
 * items is strictly above `maxRate`, once at least `minItems` items were seen (seed 000's
 * `circuit_breaker_rate_emit`). The item at which it trips is emitted, then one final
 * `Err(BreakInfo)` saying why (rule `"errRate"`, the item's index, the observed rate and counts),
 * then the stream ends; the upstream is closed, releasing what it holds, before the consumer
 * sees that end. Until it trips, every item passes unchanged. Scope: per run (each run starts
 * with an empty window). Works on a `Sync` stream of `Result`s and on an `AsyncGen`.
 *
 * Policy (data, validated; see {@link ErrRatePolicy}): `maxRate` 0 to 1, default 0.2; `window`
 * integer >= 1, default 100; `minItems` integer from 1 to `window`, default `min(10, window)`.
 * Runtime: `onEvent` gets one `trip` event per stopped run.
 *
 * @throws TypeError / RangeError naming the field for an invalid policy.
 * @example
 * ```ts
 * for (const r of pipe(embedded, circuitBreakerRateEmit({ maxRate: 0.2, window: 50 }))) {
 *   if (!r.ok && isBreakInfo(r.error)) { reportCircuitBreak(r.error); break; }
 *   process(r);
 * }
 * ```
 */
export function circuitBreakerRateEmit(policy?: ErrRatePolicy, runtime?: PolicyRuntime): StreamBreaker<BreakInfo> {
  const where = 'circuitBreakerRateEmit';
  const resolved = errRatePolicy.resolve(policy, where);
  return streamBreaker<BreakInfo>(where, runtime, () => new ErrRateState(resolved), reportBreak(where));
}
