import { checkAnyIterable } from '../internal/check.js';
import { iterableSource, pushValue } from './internal/iterable-source.js';
import { AsyncGen } from './async-gen.js';

/**
 * An {@link AsyncGen} over the values of an array, a sync iterable or an async iterable, each
 * as an `Ok` item. Each run iterates `iterable` afresh, so the stream is replayable exactly when
 * the iterable is (an array or a `Set` is). A generator object, any other iterator, a Node
 * `Readable` or a Web `ReadableStream` is ONE-SHOT: the first run consumes it, and a later run
 * rejects with an error pointing to {@link fromProducer} (wrap the factory to replay it), never
 * a silent empty stream, as `fromReadable` does. Arrays and sync iterables are
 * pumped without an async hop per item. On an early stop the iterator's `return()` is called.
 *
 * @example
 * ```ts
 * const gen = Async.fromIterable([1, 2, 3]);
 * await pipe(gen, Async.toArray()); // [ok(1), ok(2), ok(3)]
 * ```
 */
export function fromIterable<T>(iterable: Iterable<T> | AsyncIterable<T>): AsyncGen<T, never> {
  checkAnyIterable('fromIterable', 'iterable', iterable);
  return new AsyncGen<T, never>(iterableSource(() => iterable, pushValue, FROM_ITERABLE));
}

const OF = { where: 'of', replayable: 'of' };
const FROM_ITERABLE = { where: 'fromIterable', replayable: 'Async.fromProducer(() => createTheIterable())' };

/**
 * An {@link AsyncGen} of the given values, each as an `Ok` item (replayable).
 *
 * @example
 * ```ts
 * await pipe(Async.of('a', 'b'), Async.toArray()); // [ok('a'), ok('b')]
 * ```
 */
export function of<T>(...values: T[]): AsyncGen<T, never> {
  return new AsyncGen<T, never>(iterableSource(() => values, pushValue, OF));
}
