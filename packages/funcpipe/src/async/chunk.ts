import { checkInteger } from '../internal/check.js';
import { appendStage, type AsyncGen } from './async-gen.js';

/**
 * Groups `Ok` values into arrays of `size` (the last may be shorter: it is flushed when the
 * upstream ends or is stopped). `Err` items are not batched: each passes through at once, ahead
 * of the partial batch, so errors are never delayed or dropped. Memory: one batch.
 *
 * @example
 * ```ts
 * pipe(Async.of(1, 2, 3, 4, 5), Async.chunk(2)); // ok([1, 2]), ok([3, 4]), ok([5])
 * ```
 */
export function chunk(size: number): <T, E>(gen: AsyncGen<T, E>) => AsyncGen<T[], E> {
  checkInteger('chunk', 'size', size, 1);
  return <T, E>(gen: AsyncGen<T, E>) =>
    appendStage<T, E, T[], E>('chunk', gen, (down) => {
      let batch: T[] = [];
      return {
        ok: (value) => {
          batch.push(value);
          if (batch.length === size) {
            const full = batch;
            batch = [];
            down.ok(full);
          }
        },
        err: down.err,
        end: () => {
          if (batch.length > 0) {
            const rest = batch;
            batch = [];
            down.ok(rest);
          }
          down.end();
        },
      };
    });
}
