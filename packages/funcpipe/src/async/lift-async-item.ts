import type { AsyncSource } from './internal/async-protocol.js';
import { checkFunction, describe } from '../internal/check.js';
import { toErrInfo, type ErrInfo } from '../result/err-info.js';
import { Err, Ok, type Result } from '../result/result.js';
import { AsyncGen } from './async-gen.js';

/**
 * Lifts a per-item async step into a streaming transformer for {@link andThen} (seed 001's
 * `lift_async_item`): `liftAsyncItem(fn)(x, index)` is a one-item stream of `await fn(x, signal)`.
 *
 * `fn` returns a `Result` (or a promise of one). If it throws or rejects, the item becomes an
 * `Err` with code `"LIFTED_THROW"`, the thrown value as `cause` and the item's `index`, and the
 * stream goes on. Cancellation is never turned into an `Err`: an abort of the run propagates as
 * an abort. A value that is not a `Result` is a programming error (TypeError).
 *
 * @example
 * ```ts
 * const embedOne = Async.liftAsyncItem((chunk: string, signal) => embedder.embed(chunk, { signal }));
 * pipe(chunks, Async.andThen(embedOne));
 * ```
 */
export function liftAsyncItem<T, U, E = ErrInfo>(
  fn: (value: T, signal: AbortSignal) => Result<U, E> | PromiseLike<Result<U, E>>,
): (value: T, index?: number) => AsyncGen<U, E | ErrInfo> {
  checkFunction('liftAsyncItem', 'fn', fn);
  return (value, index) => {
    const source: AsyncSource<U, E | ErrInfo> = {
      open: (context, out) => ({
        async pump() {
          let result: Result<U, E | ErrInfo>;
          try {
            result = await fn(value, context.signal);
          } catch (thrown) {
            if (context.signal.aborted) throw thrown; // the echo of the run's stop, never an Err item
            result = new Err(toErrInfo(thrown, 'LIFTED_THROW', index === undefined ? {} : { index }));
          }
          if (result instanceof Ok) out.ok(result.value);
          else if (result instanceof Err) out.err(result.error);
          else throw new TypeError(`liftAsyncItem: expected \`fn\` to return a Result, got ${describe(result)}`);
          return true;
        },
        close() {},
      }),
    };
    return new AsyncGen<U, E | ErrInfo>(source as AsyncSource<unknown, unknown>);
  };
}
