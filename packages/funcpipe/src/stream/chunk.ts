import { checkInteger } from '../internal/check.js';
import type { Sink } from './internal/protocol.js';
import { appendStage, type Stream } from './stream.js';

class ChunkSink<T> implements Sink<T> {
  private pending: T[] = [];
  private emitted = 0;
  constructor(
    private readonly down: Sink<T[]>,
    private readonly size: number,
  ) {}
  push(value: T): boolean {
    this.pending.push(value);
    if (this.pending.length < this.size) return true;
    const full = this.pending;
    this.pending = [];
    return this.down.push(full, this.emitted++);
  }
  end(): void {
    if (this.pending.length > 0) {
      const last = this.pending;
      this.pending = [];
      if (!this.down.push(last, this.emitted++)) return;
    }
    this.down.end();
  }
}

/**
 * Groups items into arrays of `size`, in order; when the input ends (also through an upstream
 * `take`), the last array holds what is left and may be shorter (never empty). Each pull of
 * the result pulls up to `size` items upstream. Memory: one pending array of at most `size`
 * items. Every emitted array is new and the consumer's to keep. When the consumer stops the
 * run, a partly filled array is dropped.
 *
 * @throws TypeError / RangeError at build time unless `size` is an integer >= 1.
 * @example
 * ```ts
 * pipe(range(0, 7), chunk(3), toArray()); // [[0, 1, 2], [3, 4, 5], [6]]
 * ```
 */
export function chunk<T>(size: number): (stream: Stream<T>) => Stream<T[]> {
  checkInteger('chunk', 'size', size, 1);
  return (stream) => appendStage('chunk', stream, (down: Sink<T[]>) => new ChunkSink(down, size));
}
