import { checkIterable } from '../internal/check.js';
import { PartSink } from './internal/drive.js';
import { DONE, closeIterator } from './internal/iterators.js';
import type { Sink, Source } from './internal/protocol.js';
import { checkStream, driveIterable, driveStream, streamOf, type Stream } from './stream.js';

/** Pull form: only the current part is open; the next one is opened when it runs out. */
class ConcatIterator<T> implements Iterator<T, undefined> {
  private nextPart = 0;
  constructor(
    private current: Iterator<T> | undefined,
    private readonly others: readonly Iterable<T>[],
  ) {}
  next(): IteratorResult<T, undefined> {
    for (;;) {
      const current = this.current;
      if (current === undefined) return DONE;
      let step: IteratorResult<T>;
      try {
        step = current.next();
      } catch (error) {
        this.current = undefined;
        throw error;
      }
      if (!step.done) return { value: step.value, done: false };
      this.current = undefined;
      if (this.nextPart >= this.others.length) return DONE;
      this.current = (this.others[this.nextPart++] as Iterable<T>)[Symbol.iterator]();
    }
  }
  return(): IteratorResult<T, undefined> {
    const current = this.current;
    this.current = undefined;
    if (current !== undefined) closeIterator(current);
    return DONE;
  }
}

class ConcatSource<T> implements Source<T> {
  constructor(
    private readonly upstream: Stream<T>,
    private readonly others: readonly Iterable<T>[],
  ) {}
  open(): Iterator<T> {
    return new ConcatIterator(this.upstream[Symbol.iterator](), this.others);
  }
  drive(sink: Sink<T>): void {
    const parts = new PartSink(sink);
    driveStream(this.upstream, parts);
    for (const other of this.others) {
      if (parts.stopped) return;
      driveIterable(other, parts);
    }
    if (!parts.stopped) sink.end();
  }
}

/**
 * The stream's items, then the items of each of `others` in turn (arrays, streams, any
 * iterable). Parts are opened one at a time, each only when the previous one has run out, so
 * at most one is open; a stop closes the open one. A `Stream` part gets a fresh run each time.
 *
 * @throws TypeError at build time when one of `others` is not iterable.
 * @example
 * ```ts
 * pipe(of(1, 2), concat([3], range(4, 6)), toArray()); // [1, 2, 3, 4, 5]
 * ```
 */
export function concat<A, B = A>(...others: Iterable<B>[]): (stream: Stream<A>) => Stream<A | B> {
  others.forEach((other, i) => checkIterable('concat', `others[${i}]`, other));
  const parts = [...others];
  return (stream) => {
    checkStream('concat', stream);
    return streamOf(new ConcatSource<A | B>(stream, parts));
  };
}
