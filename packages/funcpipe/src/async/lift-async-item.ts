import type { AsyncSource } from './internal/async-protocol.js';
import { checkOptions } from '../internal/options.js';
import { checkFunction, describe } from '../internal/check.js';
import { toErrInfo, type ErrInfo } from '../result/err-info.js';
import { Err, Ok, type Result } from '../result/result.js';
import { AsyncGen } from './async-gen.js';
import { callWithPolicies, checkCallPolicies, type CallPolicies } from './call-policy.js';

/**
 * Lifts a per-item async step into a streaming transformer for {@link andThen} (seed 001's
 * `lift_async_item`): `liftAsyncItem(fn)(x, index)` is a one-item stream of `await fn(x, signal)`.
 *
 * `fn` returns a `Result` (or a promise of one). If it throws or rejects, the item becomes an
 * `Err` with code `"LIFTED_THROW"`, the thrown value as `cause` and the item's `index`, and the
 * stream goes on. Cancellation is never turned into an `Err`: an abort of the run propagates as
 * an abort. A value that is not a `Result` is a programming error (TypeError).
 *
 * Policies (`options.retry`, `options.timeout`, the same objects `mapAsync` takes): each call of
 * `fn` is an attempt; an `Err` whose `code` the retry policy lists is tried again (a throw is
 * `LIFTED_THROW`, which it does not list by default); a time limit gives an `Err` with code
 * `"TIMEOUT"`. A run limit needs a run and is rejected here (RangeError).
 *
 * @example
 * ```ts
 * const embedOne = Async.liftAsyncItem((chunk: string, signal) => embedder.embed(chunk, { signal }));
 * pipe(chunks, Async.andThen(embedOne));
 * // Retried and time-limited, with the policy objects mapAsync takes:
 * pipe(chunks, Async.andThen(Async.liftAsyncItem(embedChunk, { retry, timeout })));
 * ```
 */
export function liftAsyncItem<T, U, E = ErrInfo>(
  fn: (value: T, signal: AbortSignal) => Result<U, E> | PromiseLike<Result<U, E>>,
  options: CallPolicies = {},
): (value: T, index?: number) => AsyncGen<U, E | ErrInfo> {
  checkFunction('liftAsyncItem', 'fn', fn);
  checkOptions('liftAsyncItem', options, ['retry', 'timeout']);
  const policies = checkCallPolicies('liftAsyncItem', options);
  if (policies?.timeout?.limitsRuns === true) {
    throw new RangeError('liftAsyncItem: `options.timeout` sets a run limit, which needs a run of its own: use it with mapAsync, or leave `run` out');
  }
  return (value, index) => {
    const source: AsyncSource<U, E | ErrInfo> = {
      open: (context, out) => ({
        async pump() {
          const { signal } = context;
          const result =
            policies === undefined
              ? await outcome(fn, value, signal, index)
              : // The policies read the `code` (and `retryAfterMs`) of the Err payloads: ErrInfo-shaped ones.
                ((await callWithPolicies(policies, (attemptSignal) => outcome(fn, value, attemptSignal, index) as Promise<Result<U, ErrInfo>>, {
                  signal,
                  ...(index === undefined ? {} : { index }),
                })) as Result<U, E | ErrInfo>);
          if (result.ok) out.ok(result.value);
          else out.err(result.error);
          return true;
        },
        close() {},
      }),
    };
    return new AsyncGen<U, E | ErrInfo>(source as AsyncSource<unknown, unknown>);
  };
}

/** One call of `fn`: its `Result`, or a throw as a `LIFTED_THROW` Err; a cancellation rejects. */
async function outcome<T, U, E>(
  fn: (value: T, signal: AbortSignal) => Result<U, E> | PromiseLike<Result<U, E>>,
  value: T,
  signal: AbortSignal,
  index: number | undefined,
): Promise<Result<U, E | ErrInfo>> {
  let result: Result<U, E>;
  try {
    result = await fn(value, signal);
  } catch (thrown) {
    if (signal.aborted) throw thrown; // the echo of the stop (or of a time limit): never an Err item
    return new Err(toErrInfo(thrown, 'LIFTED_THROW', index === undefined ? {} : { index }));
  }
  if (result instanceof Ok || result instanceof Err) return result;
  throw new TypeError(`liftAsyncItem: expected \`fn\` to return a Result, got ${describe(result)}`);
}
