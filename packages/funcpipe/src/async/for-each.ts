import { checkFunction } from '../internal/check.js';
import { Err, Ok, type Result } from '../result/result.js';
import { AsyncRun, type RunOptions } from './async-run.js';
import { checkRunOptions, type AsyncGen } from './async-gen.js';

/**
 * Runs the stream and calls `f` with every item (as a `Result`), synchronously, in order.
 * Resolves when the stream ends; rejects if `f` or a stage throws (after releasing everything).
 * For asynchronous per-item work, use `mapAsync` upstream and then `forEach`/`drain`.
 *
 * @example
 * ```ts
 * await pipe(gen, Async.forEach((r) => (r.ok ? index(r.value) : report(r.error))));
 * ```
 */
export function forEach<T, E>(f: (item: Result<T, E>) => void, options: RunOptions = {}): (gen: AsyncGen<T, E>) => Promise<void> {
  checkFunction('forEach', 'f', f);
  checkRunOptions('forEach', options);
  return async (gen) => {
    const run = new AsyncRun<T, E>(gen, options, () => ({
      ok: (value) => f(new Ok(value)),
      err: (error) => f(new Err(error)),
      end: () => {},
    }));
    await run.next();
  };
}

/** Runs the stream to its end for its effects, discarding the items; resolves with their count. */
export function drain(options: RunOptions = {}): <T, E>(gen: AsyncGen<T, E>) => Promise<number> {
  checkRunOptions('drain', options);
  return async <T, E>(gen: AsyncGen<T, E>) => {
    let count = 0;
    const counted = (): void => {
      count++;
    };
    const run = new AsyncRun<T, E>(gen, options, () => ({ ok: counted, err: counted, end: () => {} }));
    await run.next();
    return count;
  };
}
