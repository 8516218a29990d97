import { checkFunction } from '../internal/check.js';
import { Err, Ok, type Result } from '../result/result.js';
import { AsyncRun, type RunOptions } from './async-run.js';
import { checkAsyncGen, checkRunOptions, type AsyncGen } from './async-gen.js';

/**
 * Runs the stream and folds its `Ok` values: `acc = f(acc, value, index)`, starting from `init`
 * (`index` is the item's position in the stream, from 0).
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
  f: (acc: A, value: T, index: number) => A,
  options: RunOptions = {},
): <E>(gen: AsyncGen<T, E>) => Promise<Result<A, E>> {
  checkFunction('fold', 'f', f);
  checkRunOptions('fold', options);
  return async <E>(gen: AsyncGen<T, E>) => {
    checkAsyncGen('fold', 'gen', gen);
    let acc = init;
    let index = 0;
    let failed: Err<A, E> | undefined;
    const run = new AsyncRun<T, E>(gen, options, (control) => ({
      ok: (value) => {
        acc = f(acc, value, index++);
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
