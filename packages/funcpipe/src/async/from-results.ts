import { checkAnyIterable } from '../internal/check.js';
import { iterableSource, pushResult } from './internal/iterable-source.js';
import type { Result } from '../result/result.js';
import { AsyncGen } from './async-gen.js';

const FROM_RESULTS = { where: 'fromResults', replayable: 'Async.fromResultProducer(() => createTheIterable())' };

/**
 * An {@link AsyncGen} over an iterable (sync or async) of `Result`s, passed through as they
 * are: `Ok` items stay `Ok`, `Err` items stay `Err`. Replayable when the iterable is; over a
 * one-shot iterable (a generator object) a second run fails loudly, as for `fromIterable`.
 *
 * @example
 * ```ts
 * const gen = Async.fromResults([ok(1), err(errInfo('BAD', 'no 2')), ok(3)]);
 * ```
 */
export function fromResults<T, E>(iterable: Iterable<Result<T, E>> | AsyncIterable<Result<T, E>>): AsyncGen<T, E> {
  checkAnyIterable('fromResults', 'iterable', iterable);
  return new AsyncGen<T, E>(iterableSource(() => iterable, pushResult('fromResults'), FROM_RESULTS));
}
