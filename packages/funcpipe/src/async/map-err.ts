import { checkFunction } from '../internal/check.js';
import { appendStage, type AsyncGen } from './async-gen.js';

/**
 * Transforms every `Err` error with `f(error, index)`; `Ok` items pass through unchanged.
 * `index` is the item's position in this stage's input, counting `Ok` items too. Fused.
 *
 * @example
 * ```ts
 * pipe(gen, Async.mapErr((e, index) => ({ ...e, index, context: { stage: 'embed' } })));
 * ```
 */
export function mapErr<E, F>(f: (error: E, index: number) => F): <T>(gen: AsyncGen<T, E>) => AsyncGen<T, F> {
  checkFunction('mapErr', 'f', f);
  return <T>(gen: AsyncGen<T, E>) =>
    appendStage<T, E, T, F>('mapErr', gen, (down) => {
      let index = 0;
      return {
        ok: (value) => {
          index++;
          down.ok(value);
        },
        err: (error) => down.err(f(error, index++)),
        end: down.end,
      };
    });
}
