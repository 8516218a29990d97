import { checkFunction, checkIterable } from '../internal/check.js';
import { PartSink } from './internal/drive.js';
import { DONE, closeAfterError, closeAll } from './internal/iterators.js';
import type { Sink, Source } from './internal/protocol.js';
import { checkStream, driveIterable, driveStream, streamOf, type Stream } from './stream.js';

type Expand<A, B> = (value: A, index: number) => Iterable<B>;

function expand<A, B>(f: Expand<A, B>, value: A, index: number): Iterable<B> {
  const inner = f(value, index);
  checkIterable('flatMap', 'the value returned by f', inner);
  return inner;
}

/** Push form: each outer item's inner iterable is run to its end (or to a stop) in place. */
class FlatMapSink<A, B> implements Sink<A> {
  private readonly inner: PartSink<B>;
  constructor(
    down: Sink<B>,
    private readonly f: Expand<A, B>,
  ) {
    this.inner = new PartSink(down);
  }
  push(value: A, index: number): boolean {
    driveIterable(expand(this.f, value, index), this.inner);
    return !this.inner.stopped;
  }
  end(): void {
    this.inner.down.end();
  }
}

/** Pull form: one inner item per `next()`; `return()` closes the inner iterator, then the outer. */
class FlatMapIterator<A, B> implements Iterator<B, undefined> {
  private inner: Iterator<B> | undefined;
  private index = 0;
  constructor(
    private outer: Iterator<A> | undefined,
    private readonly f: Expand<A, B>,
  ) {}
  next(): IteratorResult<B, undefined> {
    for (;;) {
      const inner = this.inner;
      if (inner !== undefined) {
        let step: IteratorResult<B>;
        try {
          step = inner.next();
        } catch (error) {
          this.inner = undefined;
          this.fail(error);
        }
        if (!step.done) return { value: step.value, done: false };
        this.inner = undefined;
      }
      const outer = this.outer;
      if (outer === undefined) return DONE;
      let step: IteratorResult<A>;
      try {
        step = outer.next();
      } catch (error) {
        this.outer = undefined;
        throw error;
      }
      if (step.done) {
        this.outer = undefined;
        return DONE;
      }
      try {
        this.inner = expand(this.f, step.value, this.index++)[Symbol.iterator]();
      } catch (error) {
        this.fail(error);
      }
    }
  }
  return(): IteratorResult<B, undefined> {
    const { inner, outer } = this;
    this.inner = undefined;
    this.outer = undefined;
    closeAll([inner, outer]);
    return DONE;
  }
  private fail(error: unknown): never {
    const outer = this.outer;
    this.outer = undefined;
    if (outer === undefined) throw error;
    closeAfterError(outer, error);
  }
}

class FlatMapSource<A, B> implements Source<B> {
  constructor(
    private readonly upstream: Stream<A>,
    private readonly f: Expand<A, B>,
  ) {}
  open(): Iterator<B> {
    return new FlatMapIterator(this.upstream[Symbol.iterator](), this.f);
  }
  drive(sink: Sink<B>): void {
    driveStream(this.upstream, new FlatMapSink(sink, this.f));
  }
}

/**
 * Replaces each item with the items of the iterable `f(value, index)` returns (an array, a
 * `Stream`, a generator...), in order.
 *
 * Inner iterables are pulled lazily, one item at a time: `f` runs for the next outer item
 * only once the current inner iterable is exhausted. At most one inner iterator is open at a
 * time; when the run stops, the current inner iterator is closed first, then the upstream
 * (reverse order of opening). An inner `Stream` is a fresh run of that stream.
 *
 * @throws TypeError at build time when `f` is not a function, and at run time when `f`
 * returns something that is not iterable.
 * @example
 * ```ts
 * pipe(of('a b', 'c'), flatMap((line) => line.split(' ')), toArray()); // ['a', 'b', 'c']
 * ```
 */
export function flatMap<A, B>(f: (value: A, index: number) => Iterable<B>): (stream: Stream<A>) => Stream<B> {
  checkFunction('flatMap', 'f', f);
  return (stream) => {
    checkStream('flatMap', stream);
    return streamOf(new FlatMapSource(stream, f));
  };
}
