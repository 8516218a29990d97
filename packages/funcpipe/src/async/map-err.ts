import { checkFunction } from '../internal/check.js';
import type { AsyncGen } from './async-gen.js';

/**
 * Transforms every `Err` error with `f`; `Ok` items pass through unchanged. Fused.
 *
 * @example
 * ```ts
 * pipe(gen, Async.mapErr((e) => ({ ...e, context: { stage: 'embed' } })));
 * ```
 */
export function mapErr<E, F>(f: (error: E) => F): <T>(gen: AsyncGen<T, E>) => AsyncGen<T, F> {
  checkFunction('mapErr', 'f', f);
  return <T>(gen: AsyncGen<T, E>) =>
    gen.stage<T, F>((down) => ({
      ok: down.ok,
      err: (error) => down.err(f(error)),
      end: down.end,
    }));
}
