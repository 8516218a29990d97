import type { ErrInfo } from '../../result/err-info.js';
import type { Result } from '../../result/result.js';
import type { AsyncGen } from '../async-gen.js';
import { callWithPolicies, settleAttempt, type CallPolicies } from '../call-policy.js';
import type { AsyncMapper } from './parallel-map-run.js';
import { limitRun } from './run-limit.js';

/** A parallel map operator over a mapper whose results are `Result`s. */
type ResultMap<T, U> = (f: AsyncMapper<T, Result<U, ErrInfo>>) => <E>(gen: AsyncGen<T, E>) => AsyncGen<Result<U, ErrInfo>, E>;

/**
 * The parallel map `map` with call policies: each item's call of `f` runs under `policies`
 * (time limits, retries), its failure becomes an `Err` item (a throw keeps the thrown value's
 * `code`, else `"THROWN"`), and a run limit, when set, wraps each run. The concurrency slot of
 * an item is held until its last attempt has settled, timed-out attempts included.
 */
export function mapWithPolicies<T, U, F>(policies: CallPolicies, f: AsyncMapper<T, U>, map: ResultMap<T, U>): <E>(gen: AsyncGen<T, E>) => AsyncGen<U, E | F> {
  const { retry, timeout } = policies;
  const op = map(
    timeout === undefined && retry !== undefined
      ? (value, context) => settleAttempt(f, value, context, retry) // the common case, in one hop when the call succeeds
      : (value, context) => callWithPolicies(policies, (signal) => settleAttempt(f, value, signal === context.signal ? context : { signal, index: context.index }), context),
  );
  return <E>(gen: AsyncGen<T, E>) => {
    const mapped = unwrapResults(op(gen));
    // F is ErrInfo whenever policies are set (see PolicyErr).
    return (timeout?.limitsRuns === true ? limitRun(mapped, timeout) : mapped) as AsyncGen<U, E | F>;
  };
}

/** Turns `Ok(result)` items into the result itself (a fused stage: one call per item). */
function unwrapResults<U, E>(gen: AsyncGen<Result<U, ErrInfo>, E>): AsyncGen<U, E | ErrInfo> {
  return gen.stage<U, E | ErrInfo>((down) => ({
    ok: (result) => {
      if (result.ok) down.ok(result.value);
      else down.err(result.error);
    },
    err: down.err,
    end: down.end,
  }));
}
