import { isAbortError } from '../../internal/abort.js';
import type { ErrInfo } from '../../result/err-info.js';
import type { Result } from '../../result/result.js';
import type { AsyncGen } from '../async-gen.js';
import { callWithPolicies, settleAttempt, thrownErrInfo, type Attempt, type CallPolicies, type RetryHook } from '../call-policy.js';
import type { AsyncMapper, MapAsyncContext, Recover } from './parallel-map-run.js';
import { signalContext } from './call-context.js';
import { limitRun } from './run-limit.js';

/** An item that gave up: its final `ErrInfo`, carried as the item's result until the stage below emits it as an `Err`. */
class GaveUp {
  constructor(readonly error: ErrInfo) {}
}

/** A parallel map operator over a mapper and how it recovers a failed call. */
type PolicyMap<T, U> = (f: AsyncMapper<T, U | GaveUp>, recover?: Recover<T, U | GaveUp>) => <E>(gen: AsyncGen<T, E>) => AsyncGen<U | GaveUp, E>;

/**
 * The parallel map `map` with call policies: each item's call of `f` runs under `policies`
 * (time limits, retries), its failure becomes an `Err` item (a throw keeps the thrown value's
 * `code`, else `"THROWN"`), and a run limit, when set, wraps each run. The concurrency slot of
 * an item is held until its last attempt has settled, timed-out attempts included.
 *
 * With a retry policy alone (the common case), a call that succeeds costs what it costs without
 * the policy (its own promise, no wrapper): only a failed call goes through `recover`.
 */
export function mapWithPolicies<T, U, F>(policies: CallPolicies, f: AsyncMapper<T, U>, map: PolicyMap<T, U>): <E>(gen: AsyncGen<T, E>) => AsyncGen<U, E | F> {
  const { retry, timeout } = policies;
  const op =
    timeout === undefined && retry !== undefined
      ? map((value, context) => (retry.starting(), f(value, context)), (error, value, context) => recovered(retry, f, error, value, context))
      : map((value, context) => callWithPolicies(policies, (signal) => attempt(f, value, context, signal), context).then(fromResult));
  return <E>(gen: AsyncGen<T, E>) => {
    const mapped = emitGaveUp(op(gen));
    // F is ErrInfo whenever policies are set (see PolicyErr).
    return (timeout?.limitsRuns === true ? limitRun(mapped, timeout) : mapped) as AsyncGen<U, E | F>;
  };
}

function attempt<T, U>(f: AsyncMapper<T, U>, value: T, context: MapAsyncContext, signal: AbortSignal): Promise<Result<U, ErrInfo>> {
  return settleAttempt(f, value, signal === context.signal ? context : signalContext(signal, context.index));
}

/** The first call of an item failed: the retry policy takes over (a cancellation stays one). */
function recovered<T, U>(retry: RetryHook, f: AsyncMapper<T, U>, error: unknown, value: T, context: MapAsyncContext): Promise<U | GaveUp> {
  if (isAbortError(error, context.signal)) throw error;
  const again: Attempt<U> = (signal) => attempt(f, value, context, signal);
  return retry.recover(thrownErrInfo(error, 'THROWN', context.index), again, context).then(fromResult);
}

function fromResult<U>(result: Result<U, ErrInfo>): U | GaveUp {
  return result.ok ? result.value : new GaveUp(result.error);
}

/** Emits the items that gave up as `Err` items (a fused stage: one check per item). */
function emitGaveUp<U, E>(gen: AsyncGen<U | GaveUp, E>): AsyncGen<U, E | ErrInfo> {
  return gen.stage<U, E | ErrInfo>((down) => ({
    ok: (value) => {
      if (value instanceof GaveUp) down.err(value.error);
      else down.ok(value);
    },
    err: down.err,
    end: down.end,
  }));
}
