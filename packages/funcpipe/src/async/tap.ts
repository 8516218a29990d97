import { checkFunction } from '../internal/check.js';
import type { Result } from '../result/result.js';
import { Err, Ok } from '../result/result.js';
import type { AsyncGen } from './async-gen.js';

/**
 * Calls `f` with every item (as a `Result`) for a side effect such as logging or counting, and
 * passes the item on unchanged. If `f` throws, the run ends with that error.
 *
 * @example
 * ```ts
 * pipe(gen, Async.tap((r) => { if (!r.ok) log.warn(r.error) }));
 * ```
 */
export function tap<T, E>(f: (item: Result<T, E>) => void): <T2 extends T, E2 extends E>(gen: AsyncGen<T2, E2>) => AsyncGen<T2, E2> {
  checkFunction('tap', 'f', f);
  return <T2 extends T, E2 extends E>(gen: AsyncGen<T2, E2>) =>
    gen.stage<T2, E2>((down) => ({
      ok: (value) => {
        f(new Ok(value));
        down.ok(value);
      },
      err: (error) => {
        f(new Err(error));
        down.err(error);
      },
      end: down.end,
    }));
}
