import { describe } from '../internal/check.js';
import { Err, Ok, type Result } from '../result/result.js';
import { appendStage, type AsyncGen } from './async-gen.js';

/**
 * Unwraps items whose value is itself a `Result` (Rust's `Result::flatten`): `Ok(Ok(v))` becomes
 * `Ok(v)`, `Ok(Err(e))` becomes `Err(e)`, and an `Err` item passes through. Use it after a stage
 * whose function answers with a `Result` per item (a call that reports its own failures as
 * values), so they become the stream's items. A value that is not a `Result` ends the run with
 * a `TypeError` naming its position. Fused: no extra hop per item.
 *
 * @example
 * ```ts
 * pipe(urls, Async.mapAsync((url, { signal }) => fetchResult(url, signal), { concurrency: 8 }), Async.flatten());
 * ```
 */
export function flatten(): <T, E, F>(gen: AsyncGen<Result<T, F>, E>) => AsyncGen<T, E | F> {
  return <T, E, F>(gen: AsyncGen<Result<T, F>, E>) =>
    appendStage<Result<T, F>, E, T, E | F>('flatten', gen, (down) => {
      let index = 0;
      return {
        ok: (value) => {
          if (value instanceof Ok) down.ok(value.value);
          else if (value instanceof Err) down.err(value.error);
          else throw new TypeError(`flatten: expected the value of item ${index} to be a Result (ok(...) or err(...)), got ${describe(value)}`);
          index++;
        },
        err: (error) => {
          index++;
          down.err(error);
        },
        end: down.end,
      };
    });
}
