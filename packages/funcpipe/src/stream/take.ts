import { checkInteger } from '../internal/check.js';
import { IterableSource } from './from-iterable.js';
import type { Sink } from './internal/protocol.js';
import { appendStage, checkStream, streamOf, type Stream } from './stream.js';

class TakeSink<T> implements Sink<T> {
  constructor(
    private readonly down: Sink<T>,
    private left: number,
  ) {}
  push(value: T, index: number): boolean {
    if (!this.down.push(value, index)) return false;
    if (--this.left > 0) return true;
    this.down.end();
    return false;
  }
  end(): void {
    this.down.end();
  }
}

/**
 * The first `n` items. The n-th item is the last one pulled: right after it, the run closes
 * the source at once, without waiting for the consumer to ask for more. When iterating, that
 * happens inside the `next()` call that returns the n-th item (so a failure to close surfaces
 * from that call). `take(0)` is an empty stream that never opens its upstream.
 *
 * @throws TypeError / RangeError at build time unless `n` is an integer >= 0.
 * @example
 * ```ts
 * pipe(range(0, Infinity), take(3), toArray()); // [0, 1, 2]
 * ```
 */
export function take<T>(n: number): (stream: Stream<T>) => Stream<T> {
  checkInteger('take', 'n', n, 0);
  return (stream) => {
    if (n > 0) return appendStage('take', stream, (down: Sink<T>) => new TakeSink(down, n));
    checkStream('take', stream);
    return streamOf(new IterableSource<T>([]));
  };
}
