import { checkFunction } from '../internal/check.js';
import { checkSynchronous, truthOf } from '../internal/sync-answer.js';
import { appendStage, type AsyncGen } from './async-gen.js';

/**
 * Keeps the `Ok` items whose value satisfies `predicate(value, index)`; `Err` items always pass
 * (an error is never filtered away silently). `index` is the item's position in this stage's
 * input, counting `Err` items too. Fused.
 *
 * The predicate answers synchronously: an `async` predicate is a TypeError when the stage is
 * built, and a function that returns a promise (a thenable) is one at that item, instead of a
 * silent "keep everything" (a promise is truthy). Do the asynchronous work in `mapAsync` first
 * and filter on its result.
 *
 * @example
 * ```ts
 * pipe(Async.of(1, 2, 3, 4), Async.filter((n) => n % 2 === 0)); // ok(2), ok(4)
 * ```
 */
export function filter<T, S extends T>(predicate: (value: T, index: number) => value is S): <E>(gen: AsyncGen<T, E>) => AsyncGen<S, E>;
export function filter<T>(predicate: (value: T, index: number) => boolean): <E>(gen: AsyncGen<T, E>) => AsyncGen<T, E>;
export function filter<T>(predicate: (value: T, index: number) => boolean): <E>(gen: AsyncGen<T, E>) => AsyncGen<T, E> {
  checkFunction('filter', 'predicate', predicate);
  checkSynchronous('filter', 'predicate', predicate);
  return <E>(gen: AsyncGen<T, E>) =>
    appendStage<T, E, T, E>('filter', gen, (down) => {
      let index = 0;
      return {
        ok: (value) => {
          const i = index++;
          const keep: unknown = predicate(value, i);
          if (keep === true || (keep !== false && truthOf('filter', 'predicate', keep, i))) down.ok(value);
        },
        err: (error) => {
          index++;
          down.err(error);
        },
        end: down.end,
      };
    });
}
