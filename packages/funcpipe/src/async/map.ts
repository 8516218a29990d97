import { checkFunction } from '../internal/check.js';
import { appendStage, type AsyncGen } from './async-gen.js';

/**
 * Transforms every `Ok` value with `f(value, index)`; `Err` items pass through unchanged.
 * `index` is the item's position in this stage's input in the current run, from 0, counting
 * `Err` items too (as in `Sync.map`, `andThen` and `mapAsync`). Fused: no async hop. `f`'s
 * result is the new value as it is (a promise stays a promise: use `mapAsync` to await).
 * If `f` throws, the run ends: everything upstream is released, then the pull rejects with the
 * error (use `liftAsyncItem` / `tryCatch` to turn throws into `Err` items instead).
 *
 * @example
 * ```ts
 * pipe(Async.of(1, 2), Async.map((n, i) => n * 10 + i)); // ok(10), ok(21)
 * ```
 */
export function map<T, U>(f: (value: T, index: number) => U): <E>(gen: AsyncGen<T, E>) => AsyncGen<U, E> {
  checkFunction('map', 'f', f);
  return <E>(gen: AsyncGen<T, E>) =>
    appendStage<T, E, U, E>('map', gen, (down) => {
      let index = 0;
      return {
        ok: (value) => down.ok(f(value, index++)),
        err: (error) => {
          index++;
          down.err(error);
        },
        end: down.end,
      };
    });
}
