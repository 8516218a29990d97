import { checkFunction } from '../internal/check.js';
import { appendStage, type AsyncGen } from './async-gen.js';

/**
 * Running accumulation: for each `Ok` value, `acc = f(acc, value, index)` and `acc` is emitted.
 * `Err` items pass through without touching `acc`. The accumulator starts at `init` on every
 * run. `index` is the item's position in this stage's input, counting `Err` items too.
 *
 * @example
 * ```ts
 * pipe(Async.of(1, 2, 3), Async.scan((sum, n) => sum + n, 0)); // ok(1), ok(3), ok(6)
 * ```
 */
export function scan<T, A>(f: (acc: A, value: T, index: number) => A, init: A): <E>(gen: AsyncGen<T, E>) => AsyncGen<A, E> {
  checkFunction('scan', 'f', f);
  return <E>(gen: AsyncGen<T, E>) =>
    appendStage<T, E, A, E>('scan', gen, (down) => {
      let acc = init;
      let index = 0;
      return {
        ok: (value) => down.ok((acc = f(acc, value, index++))),
        err: (error) => {
          index++;
          down.err(error);
        },
        end: down.end,
      };
    });
}
