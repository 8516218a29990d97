import { checkFunction } from '../internal/check.js';
import type { AsyncGen } from './async-gen.js';

/**
 * `Ok` items while `predicate` holds; the first `Ok` that fails it ends the stream (it is not
 * emitted) and the source is closed without another pull. `Err` items before that pass through.
 *
 * @example
 * ```ts
 * pipe(Async.of(1, 2, 5, 1), Async.takeWhile((n) => n < 3)); // ok(1), ok(2)
 * ```
 */
export function takeWhile<T>(predicate: (value: T) => boolean): <E>(gen: AsyncGen<T, E>) => AsyncGen<T, E> {
  checkFunction('takeWhile', 'predicate', predicate);
  return <E>(gen: AsyncGen<T, E>) =>
    gen.stage<T, E>((down, control) => {
      let taking = true;
      return {
        ok: (value) => {
          if (!taking) return;
          if (predicate(value)) down.ok(value);
          else taking = !(control.stopped = true);
        },
        err: (error) => {
          if (taking) down.err(error);
        },
        end: down.end,
      };
    });
}
