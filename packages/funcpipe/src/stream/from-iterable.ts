import { checkIterable } from '../internal/check.js';
import { claimIfOneShot } from '../internal/claim-once.js';
import { driveIterator, isPlainArray } from './internal/drive.js';
import type { Sink, Source } from './internal/protocol.js';
import { Stream, driveIterable, streamOf } from './stream.js';

/**
 * A source reading an iterable: each run calls its `[Symbol.iterator]()` once. A one-shot
 * iterable (its own iterator, as a generator object is) is claimed by its first run, so a
 * second run throws instead of finding it empty.
 */
export class IterableSource<T> implements Source<T> {
  constructor(private readonly iterable: Iterable<T>) {}
  open(): Iterator<T> {
    const iterator = this.iterable[Symbol.iterator]();
    claimIfOneShot('fromIterable', this.iterable, iterator, 'Sync.fromFactory(() => createTheIterable())');
    return iterator;
  }
  drive(sink: Sink<T>): void {
    const iterable = this.iterable;
    if (iterable instanceof Stream || isPlainArray(iterable)) driveIterable(iterable, sink);
    else driveIterator(this.open(), sink);
  }
}

/**
 * A stream over an iterable: an array, a `Set`, a `Map`, a string, another `Stream`, a
 * generator object, anything with `[Symbol.iterator]`.
 *
 * Each run asks the iterable for a fresh iterator, so the stream is replayable when the
 * iterable is (arrays, sets, streams). A generator object or any other iterator is ONE-SHOT:
 * its first run consumes it (a run that stops early closes it), and a later run throws an error
 * pointing to `fromFactory`, never a silent empty stream (as the async sources do). Use
 * `fromFactory(() => gen())` for a replayable generator stream.
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
