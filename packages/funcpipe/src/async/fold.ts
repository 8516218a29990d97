import { checkFunction } from '../internal/check.js';
import { Err, Ok, type Result } from '../result/result.js';
import { AsyncRun, type RunOptions } from './async-run.js';
import { checkRunOptions, type AsyncGen } from './async-gen.js';

/**
 * Runs the stream and folds its `Ok` values: `acc = f(acc, value)`, starting from `init`.
 * Resolves `Ok(acc)` when the stream ends, or `Err(e)` at the FIRST `Err` item, which also stops
 * the run (the source is closed; nothing further is pulled). Rejects if a stage or `f` throws,
 * or with `signal.reason` when `options.signal` aborts (after cleanup, bounded by the deadline).
 *
 * @example
 * ```ts
 * const total = await pipe(Async.of(1, 2, 3), Async.fold(0, (sum, n) => sum + n)); // ok(6)
 * ```
 */
export function fold<T, A>(
  init: A,
  f: (acc: A, value: T) => A,
  options: RunOptions = {},
): <E>(gen: AsyncGen<T, E>) => Promise<Result<A, E>> {
  checkFunction('fold', 'f', f);
  checkRunOptions('fold', options);
  return async <E>(gen: AsyncGen<T, E>) => {
    let acc = init;
    let failed: Err<A, E> | undefined;
    const run = new AsyncRun<T, E>(gen, options, (control) => ({
      ok: (value) => {
        acc = f(acc, value);
      },
      err: (error) => {
        failed = new Err(error);
        control.stopped = true;
      },
      end: () => {},
    }));
    await run.next();
    return failed ?? new Ok<A, E>(acc);
  };
}
