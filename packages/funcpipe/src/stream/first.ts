import type { Sink } from './internal/protocol.js';
import { keepShape } from '../internal/keep-shape.js';
import { checkStream, driveStream, type Stream } from './stream.js';

class FirstSink<T> implements Sink<T> {
  value: T | undefined;
  push(value: T): boolean {
    this.value = value;
    return false;
  }
  end(): void {}
}
// Keeps the shape of this sink alive across GCs, so the fused loops that inline it stay optimised.
keepShape(new FirstSink());

/**
 * Runs the stream just far enough to get its first item, then stops the run (closing the
 * source) and returns the item; `undefined` for an empty stream (use `take(1)` and
 * `toArray()` if `undefined` can be an item).
 *
 * @example
 * ```ts
 * pipe(range(0, Infinity), filter((n) => n > 0 && n % 17 === 0), first()); // 17
 * ```
 */
export function first<T>(): (stream: Stream<T>) => T | undefined {
  return (stream) => {
    checkStream('first', stream);
    const sink = new FirstSink<T>();
    driveStream(stream, sink);
    return sink.value;
  };
}
