import type { Sink } from './internal/protocol.js';
import { keepShape } from '../internal/keep-shape.js';
import { checkStream, driveStream, type Stream } from './stream.js';

class ToArraySink<T> implements Sink<T> {
  readonly items: T[] = [];
  push(value: T): boolean {
    this.items.push(value);
    return true;
  }
  end(): void {}
}
// Keeps the shape of this sink alive across GCs, so the fused loops that inline it stay optimised.
keepShape(new ToArraySink());

/**
 * Runs the stream and collects every item into a new array. Results are only ever collected
 * by an explicit sink like this one; the stream itself buffers nothing.
 *
 * Errors from the source or any callback are thrown here, after the run closed its source.
 *
 * @example
 * ```ts
 * pipe(range(0, 3), map((n) => n * n), toArray()); // [0, 1, 4]
 * ```
 */
export function toArray<T>(): (stream: Stream<T>) => T[] {
  return (stream) => {
    checkStream('toArray', stream);
    const sink = new ToArraySink<T>();
    driveStream(stream, sink);
    return sink.items;
  };
}
