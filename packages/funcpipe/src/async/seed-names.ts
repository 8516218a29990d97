// Seed 001's vocabulary, data-first, as thin aliases of the pipeable operators (one
// implementation each; these only reorder arguments).
import { andThen } from './and-then.js';
import { checkAsyncGen, type AsyncGen } from './async-gen.js';
import { bracket, type Release } from './bracket.js';
import { of } from './from-iterable.js';
import { map } from './map.js';

/**
 * A one-item stream of `Ok(value)` (seed 001's `async_gen_return`; the monad's unit).
 *
 * @example
 * ```ts
 * await pipe(asyncGenReturn(42), Async.toArray()); // [ok(42)]
 * ```
 */
export function asyncGenReturn<T>(value: T): AsyncGen<T, never> {
  return of(value);
}

/** `asyncGenMap(gen, f)` is `pipe(gen, Async.map(f))` (seed 001's `async_gen_map`). */
export function asyncGenMap<T, U, E>(gen: AsyncGen<T, E>, f: (value: T, index: number) => U): AsyncGen<U, E> {
  checkAsyncGen('asyncGenMap', 'gen', gen);
  return map(f)(gen);
}

/** `asyncGenAndThen(gen, f)` is `pipe(gen, Async.andThen(f))` (seed 001's `async_gen_and_then`). */
export function asyncGenAndThen<T, E, U, F>(gen: AsyncGen<T, E>, f: (value: T, index: number) => AsyncGen<U, F>): AsyncGen<U, E | F> {
  checkAsyncGen('asyncGenAndThen', 'gen', gen);
  return andThen(f)(gen);
}

/** `asyncGenUsing(acquire, use, release?)` is `Async.bracket(...)` (seed 001's `async_gen_using`). */
export function asyncGenUsing<R, T, E>(
  acquire: (signal: AbortSignal) => R | PromiseLike<R>,
  use: (resource: R) => AsyncGen<T, E>,
  release?: Release<R>,
): AsyncGen<T, E> {
  return bracket(acquire, use, release);
}

/** `asyncGenGather(gens, options?)` is `Async.gather(...)` (seed 001's `async_gen_gather`). */
export { gather as asyncGenGather } from './gather.js';
