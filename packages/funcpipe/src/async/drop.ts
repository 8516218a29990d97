import { checkInteger } from '../internal/check.js';
import { appendStage, type AsyncGen } from './async-gen.js';

/**
 * Skips the first `n` items (`Ok` and `Err` alike: a position-based operator, so skipped errors
 * are the caller's explicit choice). Fused.
 *
 * @example
 * ```ts
 * pipe(Async.of(1, 2, 3), Async.drop(1)); // ok(2), ok(3)
 * ```
 */
export function drop(n: number): <T, E>(gen: AsyncGen<T, E>) => AsyncGen<T, E> {
  checkInteger('drop', 'n', n, 0);
  return <T, E>(gen: AsyncGen<T, E>) =>
    appendStage<T, E, T, E>('drop', gen, (down) => {
      let skipped = 0;
      return {
        ok: (value) => {
          if (skipped < n) skipped++;
          else down.ok(value);
        },
        err: (error) => {
          if (skipped < n) skipped++;
          else down.err(error);
        },
        end: down.end,
      };
    });
}
