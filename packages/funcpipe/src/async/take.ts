import { checkInteger } from '../internal/check.js';
import { appendStage, type AsyncGen } from './async-gen.js';

/**
 * The first `n` items (`Ok` and `Err` alike: a position-based operator). After the n-th item the
 * run stops pulling at once: the source is not asked for item n+1 and is closed. `take(0)`
 * pulls nothing.
 *
 * @example
 * ```ts
 * pipe(Async.fromProducer(infiniteTicks), Async.take(3)); // three items, then the producer is closed
 * ```
 */
export function take(n: number): <T, E>(gen: AsyncGen<T, E>) => AsyncGen<T, E> {
  checkInteger('take', 'n', n, 0);
  return <T, E>(gen: AsyncGen<T, E>) =>
    appendStage<T, E, T, E>('take', gen, (down, control) => {
      let seen = 0;
      if (n === 0) control.stopped = true;
      const counted = (): boolean => {
        seen++;
        if (seen >= n) control.stopped = true;
        return seen <= n;
      };
      return {
        ok: (value) => {
          if (counted()) down.ok(value);
        },
        err: (error) => {
          if (counted()) down.err(error);
        },
        end: down.end,
      };
    });
}
