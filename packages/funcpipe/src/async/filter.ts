import { checkFunction } from '../internal/check.js';
import type { AsyncGen } from './async-gen.js';

/**
 * Keeps the `Ok` items whose value satisfies `predicate`; `Err` items always pass (an error is
 * never filtered away silently). Fused.
 *
 * @example
 * ```ts
 * pipe(Async.of(1, 2, 3, 4), Async.filter((n) => n % 2 === 0)); // ok(2), ok(4)
 * ```
 */
export function filter<T, S extends T>(predicate: (value: T) => value is S): <E>(gen: AsyncGen<T, E>) => AsyncGen<S, E>;
export function filter<T>(predicate: (value: T) => boolean): <E>(gen: AsyncGen<T, E>) => AsyncGen<T, E>;
export function filter<T>(predicate: (value: T) => boolean): <E>(gen: AsyncGen<T, E>) => AsyncGen<T, E> {
  checkFunction('filter', 'predicate', predicate);
  return <E>(gen: AsyncGen<T, E>) =>
    gen.stage<T, E>((down) => ({
      ok: (value) => {
        if (predicate(value)) down.ok(value);
      },
      err: down.err,
      end: down.end,
    }));
}
