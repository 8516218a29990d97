import { BREAK_CODE, type BreakInfo } from './break-info.js';
import type { PolicyRuntime } from './policy-event.js';
import { reportBreak, streamBreaker, type BreakerState, type Stop, type StreamBreaker } from './stream-breaker.js';
import { consecutiveErrPolicy, type ConsecutiveErrPolicy } from './stream-breaker-policy.js';

/** The run of `Err`s is told by indices (where it started, where the last one was), so an `Ok` needs no call. */
class ConsecutiveState implements BreakerState {
  readonly okCheckAt = -1;
  private run = 0;
  private lastErr = -2;
  constructor(private readonly max: number) {}
  ok(): undefined {
    return undefined;
  }
  err(index: number): Stop | undefined {
    this.run = index === this.lastErr + 1 ? this.run + 1 : 1;
    this.lastErr = index;
    if (this.run < this.max) return undefined;
    const info: BreakInfo = Object.freeze({
      code: BREAK_CODE,
      msg: `${this.run} Err items in a row (at item ${index})`,
      rule: 'consecutiveErrs',
      index,
      rate: 1,
      errs: this.run,
      items: this.run,
      seen: index + 1,
      threshold: this.max,
    });
    return { emit: true, info };
  }
}

/**
 * Stops the stream at the `maxConsecutive`-th `Err` in a row: that `Err` is emitted, then one
 * final `Err(BreakInfo)` (rule `"consecutiveErrs"`), then the stream ends, its upstream closed
 * first. An `Ok` resets the count. Scope: per run. Works on a `Sync` stream of `Result`s and on
 * an `AsyncGen`.
 *
 * Policy (see {@link ConsecutiveErrPolicy}): `maxConsecutive` integer >= 1, default 5.
 *
 * @example
 * ```ts
 * pipe(Async.fromResults(responses), circuitBreakerConsecutiveEmit({ maxConsecutive: 3 }));
 * ```
 */
export function circuitBreakerConsecutiveEmit(policy?: ConsecutiveErrPolicy, runtime?: PolicyRuntime): StreamBreaker<BreakInfo> {
  const where = 'circuitBreakerConsecutiveEmit';
  const { maxConsecutive } = consecutiveErrPolicy.resolve(policy, where);
  return streamBreaker<BreakInfo>(where, runtime, () => new ConsecutiveState(maxConsecutive), reportBreak(where));
}
