import type { Sink } from './internal/protocol.js';
import { keepShape } from '../internal/keep-shape.js';
import { checkStream, driveStream, type Stream } from './stream.js';

class CountSink implements Sink<unknown> {
  total = 0;
  push(): boolean {
    this.total++;
    return true;
  }
  end(): void {}
}
// Keeps the shape of this sink alive across GCs, so the fused loops that inline it stay optimised.
keepShape(new CountSink());

/**
 * Runs the stream to the end and returns how many items it produced. Every stage still runs
 * for every item (a `tap` still sees each one).
 *
 * @example
 * ```ts
 * pipe(range(0, 100), filter((n) => n % 7 === 0), count()); // 15
 * ```
 */
export function count(): (stream: Stream<unknown>) => number {
  return (stream) => {
    checkStream('count', stream);
    const sink = new CountSink();
    driveStream(stream, sink);
    return sink.total;
  };
}
