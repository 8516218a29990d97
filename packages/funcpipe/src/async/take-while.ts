import { checkFunction } from '../internal/check.js';
import { checkSynchronous, truthOf } from '../internal/sync-answer.js';
import { appendStage, type AsyncGen } from './async-gen.js';

/**
 * `Ok` items while `predicate(value, index)` holds; the first `Ok` that fails it ends the stream
 * (it is not emitted) and the source is closed without another pull. `Err` items before that
 * pass through. `index` is the item's position in this stage's input, counting `Err` items too.
 * The predicate answers synchronously: an `async` predicate is a TypeError when the stage is
 * built, a returned promise one at that item, not a silent `true`.
 *
 * @example
 * ```ts
 * pipe(Async.of(1, 2, 5, 1), Async.takeWhile((n) => n < 3)); // ok(1), ok(2)
 * ```
 */
export function takeWhile<T>(predicate: (value: T, index: number) => boolean): <E>(gen: AsyncGen<T, E>) => AsyncGen<T, E> {
  checkFunction('takeWhile', 'predicate', predicate);
  checkSynchronous('takeWhile', 'predicate', predicate);
  return <E>(gen: AsyncGen<T, E>) =>
    appendStage<T, E, T, E>('takeWhile', gen, (down, control) => {
      let taking = true;
      let index = 0;
      return {
        ok: (value) => {
          if (!taking) return;
          const i = index++;
          const holds: unknown = predicate(value, i);
          if (holds === true || (holds !== false && truthOf('takeWhile', 'predicate', holds, i))) down.ok(value);
          else taking = !(control.stopped = true);
        },
        err: (error) => {
          index++;
          if (taking) down.err(error);
        },
        end: down.end,
      };
    });
}
