import { Err, Ok, type Result } from '../result/result.js';
import { AsyncRun, type RunOptions } from './async-run.js';
import { checkAsyncGen, checkRunOptions, type AsyncGen } from './async-gen.js';

/**
 * Runs the stream to its end and collects every item, `Ok` and `Err`, in order. The explicit
 * way to materialise a stream (nothing else in FuncPipe collects behind your back); memory grows
 * with the stream, so use it for bounded streams.
 *
 * @example
 * ```ts
 * await pipe(Async.of(1, 2), Async.toArray()); // [ok(1), ok(2)]
 * ```
 */
export function toArray(options: RunOptions = {}): <T, E>(gen: AsyncGen<T, E>) => Promise<Result<T, E>[]> {
  checkRunOptions('toArray', options);
  return async <T, E>(gen: AsyncGen<T, E>) => {
    checkAsyncGen('toArray', 'gen', gen);
    const items: Result<T, E>[] = [];
    const run = new AsyncRun<T, E>(gen, options, () => ({
      ok: (value) => items.push(new Ok(value)),
      err: (error) => items.push(new Err(error)),
      end: () => {},
    }));
    await run.next();
    return items;
  };
}
