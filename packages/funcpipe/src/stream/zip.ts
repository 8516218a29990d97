import { checkIterable } from '../internal/check.js';
import { DONE, closeAfterError, closeAll, closeIterator } from './internal/iterators.js';
import type { Sink, Source } from './internal/protocol.js';
import { checkStream, driveStream, streamOf, type Stream } from './stream.js';

/**
 * Push form: the upstream drives; each of its items pulls one item of `other`. The right-hand
 * iterator is opened on the first left item and closed here on every path but one: when its
 * own `next()` throws (it is finished then, as in `for ... of`).
 */
class ZipSink<A, B> implements Sink<A> {
  private right: Iterator<B> | undefined;
  constructor(
    private readonly down: Sink<[A, B]>,
    private readonly other: Iterable<B>,
  ) {}
  push(value: A, index: number): boolean {
    const right = (this.right ??= this.other[Symbol.iterator]());
    let step: IteratorResult<B>;
    try {
      step = right.next();
    } catch (error) {
      this.right = undefined;
      throw error;
    }
    if (step.done) {
      this.right = undefined;
      this.down.end();
      return false;
    }
    let more: boolean;
    try {
      more = this.down.push([value, step.value], index);
    } catch (error) {
      this.right = undefined;
      closeAfterError(right, error);
    }
    if (!more) this.closeRight();
    return more;
  }
  end(): void {
    this.closeRight();
    this.down.end();
  }
  /** Closes the right-hand iterator if it is still open (idempotent). */
  closeRight(): void {
    const right = this.right;
    this.right = undefined;
    if (right !== undefined) closeIterator(right);
  }
  /** After the upstream failed: closes the right-hand side too and rethrows, merged. */
  fail(error: unknown): never {
    const right = this.right;
    this.right = undefined;
    if (right === undefined) throw error;
    closeAfterError(right, error);
  }
}

/** Pull form: each `next()` pulls one left item, then one right item. */
class ZipIterator<A, B> implements Iterator<[A, B], undefined> {
  private right: Iterator<B> | undefined;
  constructor(
    private left: Iterator<A> | undefined,
    private readonly other: Iterable<B>,
  ) {}
  next(): IteratorResult<[A, B], undefined> {
    const left = this.left;
    if (left === undefined) return DONE;
    let l: IteratorResult<A>;
    try {
      l = left.next();
    } catch (error) {
      this.left = undefined;
      this.closeRightAfter(error);
    }
    if (l.done) {
      this.left = undefined;
      this.closeRight();
      return DONE;
    }
    let r: IteratorResult<B>;
    try {
      r = (this.right ??= this.other[Symbol.iterator]()).next();
    } catch (error) {
      this.right = undefined;
      this.left = undefined;
      closeAfterError(left, error);
    }
    if (r.done) {
      this.right = undefined;
      this.left = undefined;
      closeIterator(left);
      return DONE;
    }
    return { value: [l.value, r.value], done: false };
  }
  return(): IteratorResult<[A, B], undefined> {
    const { left, right } = this;
    this.left = undefined;
    this.right = undefined;
    closeAll([right, left]);
    return DONE;
  }
  private closeRight(): void {
    const right = this.right;
    this.right = undefined;
    if (right !== undefined) closeIterator(right);
  }
  private closeRightAfter(error: unknown): never {
    const right = this.right;
    this.right = undefined;
    if (right === undefined) throw error;
    closeAfterError(right, error);
  }
}

class ZipSource<A, B> implements Source<[A, B]> {
  constructor(
    private readonly upstream: Stream<A>,
    private readonly other: Iterable<B>,
  ) {}
  open(): Iterator<[A, B]> {
    return new ZipIterator(this.upstream[Symbol.iterator](), this.other);
  }
  drive(sink: Sink<[A, B]>): void {
    const zipper = new ZipSink(sink, this.other);
    try {
      driveStream(this.upstream, zipper);
    } catch (error) {
      zipper.fail(error);
    }
  }
}

/**
 * Pairs items by position: `[a0, b0], [a1, b1], ...`, ending with the shorter side.
 *
 * Each output item pulls one item from the stream, then one from `other` (so when the stream
 * ends first, `other` is never over-pulled; when `other` ends first, one extra stream item
 * has been pulled and is dropped). `other` is opened lazily, on the first stream item, and a
 * `Stream` as `other` gets a fresh run each time. On any end or stop, both sides are closed:
 * `other` first, then the stream (reverse order of opening); a side that ran out is not
 * closed again.
 *
 * @throws TypeError at build time when `other` is not iterable.
 * @example
 * ```ts
 * pipe(of('a', 'b', 'c'), zip(range(1, Infinity)), toArray()); // [['a', 1], ['b', 2], ['c', 3]]
 * ```
 */
export function zip<A, B>(other: Iterable<B>): (stream: Stream<A>) => Stream<[A, B]> {
  checkIterable('zip', 'other', other);
  return (stream) => {
    checkStream('zip', stream);
    return streamOf(new ZipSource(stream, other));
  };
}
