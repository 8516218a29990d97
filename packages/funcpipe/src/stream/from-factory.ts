import { checkFunction, checkIterable } from '../internal/check.js';
import type { Sink, Source } from './internal/protocol.js';
import { driveIterable, streamOf, type Stream } from './stream.js';

class FactorySource<T> implements Source<T> {
  constructor(private readonly factory: () => Iterable<T>) {}
  open(): Iterator<T> {
    return this.create()[Symbol.iterator]();
  }
  drive(sink: Sink<T>): void {
    driveIterable(this.create(), sink);
  }
  private create(): Iterable<T> {
    const factory = this.factory;
    const iterable = factory();
    checkIterable('fromFactory', 'the value returned by factory', iterable);
    return iterable;
  }
}

/**
 * A replayable stream whose every run calls `factory` once for a fresh iterable: the natural
 * way to stream a generator function (`fromFactory(() => readLines(path))`) so that each run
 * opens its own resource, and a stopped run closes it (its `finally` runs).
 *
 * The factory is called when the run starts (`[Symbol.iterator]()` or a sink), never while
 * building. A generator's body then runs only on the first pull.
 *
 * @throws TypeError at build time when `factory` is not a function, and at run time when it
 * returns something that is not iterable.
 * @example
 * ```ts
 * const log: string[] = [];
 * const s = fromFactory(function* () {
 *   log.push('open');
 *   try { yield* [1, 2, 3]; } finally { log.push('close'); }
 * });
 * pipe(s, first()); // 1; log: ['open', 'close']
 * pipe(s, count()); // 3; log: ['open', 'close', 'open', 'close']
 * ```
 */
export function fromFactory<T>(factory: () => Iterable<T>): Stream<T> {
  checkFunction('fromFactory', 'factory', factory);
  return streamOf(new FactorySource(factory));
}
