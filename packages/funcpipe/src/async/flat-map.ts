import { checkAnyIterable, checkFunction } from '../internal/check.js';
import { andThen } from './and-then.js';
import { err, ok, type Result } from '../result/result.js';
import { AsyncGen, appendStage, checkAsyncGen } from './async-gen.js';
import { fromIterable } from './from-iterable.js';

/**
 * For every `Ok` value, `f(value, index)` returns an iterable (an array, a generator, an async
 * iterable) whose values are emitted in place as `Ok` items, pulled lazily one at a time; `Err`
 * items pass through and `f` is not called for them. A stop closes the current inner iterator.
 * Same semantics as {@link andThen}, for plain iterables. An `AsyncGen` returned by `f` is an
 * async iterable of its `Result` items, so each arrives as one `Ok(result)` value; it runs as a
 * child of the outer run (as under `andThen`): it shares the run's signal and close deadline.
 *
 * @example
 * ```ts
 * pipe(Async.of('a b', 'c'), Async.flatMap((line) => line.split(' '))); // ok('a'), ok('b'), ok('c')
 * ```
 */
export function flatMap<T, U>(f: (value: T, index: number) => Iterable<U> | AsyncIterable<U>): <E>(gen: AsyncGen<T, E>) => AsyncGen<U, E> {
  checkFunction('flatMap', 'f', f);
  const bind = andThen((value: T, index: number) => {
    const inner = f(value, index);
    checkAnyIterable('flatMap', `f(value) for item ${index}`, inner);
    return inner instanceof AsyncGen ? (resultsAsValues(inner) as AsyncGen<U, never>) : fromIterable(inner);
  });
  return <E>(gen: AsyncGen<T, E>) => {
    checkAsyncGen('flatMap', 'gen', gen);
    return bind(gen);
  };
}

/** The items of `gen` as values: `Ok(v)` becomes `Ok(ok(v))`, `Err(e)` becomes `Ok(err(e))` (flatten's inverse). */
function resultsAsValues<T, E>(gen: AsyncGen<T, E>): AsyncGen<Result<T, E>, never> {
  return appendStage<T, E, Result<T, E>, never>('flatMap', gen, (down) => ({
    ok: (value) => down.ok(ok(value)),
    err: (error) => down.ok(err(error)),
    end: down.end,
  }));
}
