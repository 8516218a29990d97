import { BREAK_CODE, type BreakInfo } from './break-info.js';
import type { PolicyRuntime } from './policy-event.js';
import { reportBreak, streamBreaker, type BreakerState, type Stop, type StreamBreaker } from './stream-breaker.js';
import { errRatePolicy, type ErrRatePolicy, type ResolvedErrRatePolicy } from './stream-breaker-policy.js';

/** One run of the rule: a ring of the last `window` outcomes (1 = Err) and the Err count in it. */
class ErrRateState implements BreakerState {
  private readonly ring: Uint8Array;
  private errs = 0;
  private seen = 0;
  private slot = 0;
  constructor(private readonly policy: ResolvedErrRatePolicy) {
    this.ring = new Uint8Array(policy.window);
  }
  ok(index: number): Stop | undefined {
    // An Ok never raises the rate, so it can only trip the check that first becomes due.
    this.record(0);
    return this.seen === this.policy.minItems ? this.check(index) : undefined;
  }
  err(index: number): Stop | undefined {
    this.record(1);
    return this.seen >= this.policy.minItems ? this.check(index) : undefined;
  }
  private record(outcome: 0 | 1): void {
    const { ring } = this;
    this.errs += outcome - ring[this.slot]!;
    ring[this.slot] = outcome;
    if (++this.slot === ring.length) this.slot = 0;
    this.seen++;
  }
  private check(index: number): Stop | undefined {
    const items = Math.min(this.seen, this.policy.window);
    const rate = this.errs / items;
    if (rate <= this.policy.maxRate) return undefined;
    const info: BreakInfo = Object.freeze({
      code: BREAK_CODE,
      msg: `error rate ${rate} over the last ${items} items exceeds ${this.policy.maxRate} (at item ${index})`,
      rule: 'errRate',
      index,
      rate,
      errs: this.errs,
      items,
      seen: this.seen,
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
