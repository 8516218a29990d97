import { checkIterable } from '../internal/check.js';
import type { Sink, Source } from './internal/protocol.js';
import { driveIterable, streamOf, type Stream } from './stream.js';

/** A source reading an iterable: each run calls its `[Symbol.iterator]()` once. */
export class IterableSource<T> implements Source<T> {
  constructor(private readonly iterable: Iterable<T>) {}
  open(): Iterator<T> {
    return this.iterable[Symbol.iterator]();
  }
  drive(sink: Sink<T>): void {
    driveIterable(this.iterable, sink);
  }
}

/**
 * A stream over an iterable: an array, a `Set`, a `Map`, a string, another `Stream`, a
 * generator object, anything with `[Symbol.iterator]`.
 *
 * Each run asks the iterable for a fresh iterator, so the stream is replayable when the
 * iterable is (arrays, sets, streams). A generator object or any other iterator is one-shot:
 * its first run consumes it, and a run that stops early closes it (calls its `return()`), so
 * later runs see it empty. Use `fromFactory(() => gen())` for a replayable generator stream.
 * Arrays are read with an index loop when their iteration is the built-in one.
 *
 * @throws TypeError at build time when `iterable` is not iterable.
 * @example
 * ```ts
 * pipe(fromIterable(new Set([1, 2, 3])), map((n) => n * 10), toArray()); // [10, 20, 30]
 * ```
 */
export function fromIterable<T>(iterable: Iterable<T>): Stream<T> {
  checkIterable('fromIterable', 'iterable', iterable);
  return streamOf(new IterableSource(iterable));
}
