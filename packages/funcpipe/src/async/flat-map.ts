import { checkAnyIterable, checkFunction } from '../internal/check.js';
import { andThen } from './and-then.js';
import { checkAsyncGen, type AsyncGen } from './async-gen.js';
import { fromIterable } from './from-iterable.js';

/**
 * For every `Ok` value, `f(value, index)` returns an iterable (an array, a generator, an async
 * iterable) whose values are emitted in place as `Ok` items, pulled lazily one at a time; `Err`
 * items pass through and `f` is not called for them. A stop closes the current inner iterator.
 * Same semantics as {@link andThen}, for plain iterables.
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
    return fromIterable(inner);
  });
  return <E>(gen: AsyncGen<T, E>) => {
    checkAsyncGen('flatMap', 'gen', gen);
    return bind(gen);
  };
}
