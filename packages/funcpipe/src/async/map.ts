import { checkFunction } from '../internal/check.js';
import type { AsyncGen } from './async-gen.js';

/**
 * Transforms every `Ok` value with `f`; `Err` items pass through unchanged. Fused: no async hop.
 * If `f` throws, the run ends: everything upstream is released, then the pull rejects with the
 * error (use `liftAsyncItem` / `tryCatch` to turn throws into `Err` items instead).
 *
 * @example
 * ```ts
 * pipe(Async.of(1, 2), Async.map((n) => n * 10)); // ok(10), ok(20)
 * ```
 */
export function map<T, U>(f: (value: T) => U): <E>(gen: AsyncGen<T, E>) => AsyncGen<U, E> {
  checkFunction('map', 'f', f);
  return <E>(gen: AsyncGen<T, E>) =>
    gen.stage<U, E>((down) => ({
      ok: (value) => down.ok(f(value)),
      err: down.err,
      end: down.end,
    }));
}
