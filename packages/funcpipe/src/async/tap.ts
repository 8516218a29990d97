import { checkFunction } from '../internal/check.js';
import { checkNotThenable, checkSynchronous } from '../internal/sync-answer.js';
import type { Result } from '../result/result.js';
import { Err, Ok } from '../result/result.js';
import { appendStage, type AsyncGen } from './async-gen.js';

/**
 * Calls `f(item, index)` with every item, for a side effect such as logging or counting, and
 * passes the item on unchanged. Like `Sync.tap`, it sees every item of the stream with its
 * position (from 0); an async stream's items are `Result`s, so `f` gets the `Result`, `Err`
 * items included (value stages such as `map` act on `Ok` values only). If `f` throws, the run
 * ends with that error; an `async` `f` (a TypeError when the stage is built) or one that returns
 * a promise (a TypeError at that item) is refused, since nothing would await it and its rejection
 * would be lost: use `Async.forEach`, which awaits, or `mapAsync`.
 *
 * @example
 * ```ts
 * pipe(gen, Async.tap((r, i) => { if (!r.ok) log.warn(i, r.error) }));
 * ```
 */
export function tap<T, E>(f: (item: Result<T, E>, index: number) => void): <T2 extends T, E2 extends E>(gen: AsyncGen<T2, E2>) => AsyncGen<T2, E2> {
  checkFunction('tap', 'f', f);
  checkSynchronous('tap', 'f', f);
  return <T2 extends T, E2 extends E>(gen: AsyncGen<T2, E2>) =>
    appendStage<T2, E2, T2, E2>('tap', gen, (down) => {
      let index = 0;
      return {
        ok: (value) => {
          const i = index++;
          checkNotThenable('tap', 'f', f(new Ok(value), i), i);
          down.ok(value);
        },
        err: (error) => {
          const i = index++;
          checkNotThenable('tap', 'f', f(new Err(error), i), i);
          down.err(error);
        },
        end: down.end,
      };
    });
}
