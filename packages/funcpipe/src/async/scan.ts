import { checkFunction } from '../internal/check.js';
import type { AsyncGen } from './async-gen.js';

/**
 * Running accumulation: for each `Ok` value, `acc = f(acc, value)` and `acc` is emitted. `Err`
 * items pass through without touching `acc`. The accumulator starts at `init` on every run.
 *
 * @example
 * ```ts
 * pipe(Async.of(1, 2, 3), Async.scan((sum, n) => sum + n, 0)); // ok(1), ok(3), ok(6)
 * ```
 */
export function scan<T, A>(f: (acc: A, value: T) => A, init: A): <E>(gen: AsyncGen<T, E>) => AsyncGen<A, E> {
  checkFunction('scan', 'f', f);
  return <E>(gen: AsyncGen<T, E>) =>
    gen.stage<A, E>((down) => {
      let acc = init;
      return {
        ok: (value) => down.ok((acc = f(acc, value))),
        err: down.err,
        end: down.end,
      };
    });
}
