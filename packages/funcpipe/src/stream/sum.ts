import type { Sink } from './internal/protocol.js';
import { keepShape } from '../internal/keep-shape.js';
import { checkStream, driveStream, type Stream } from './stream.js';

class SumSink implements Sink<number> {
  // Starts at -0 (a double) so the field is a double from the first store; `-0 + x` is `x`,
  // and the final `+ 0` turns an empty sum into 0, so results equal `0 + x0 + x1 + ...`.
  total = -0;
  push(value: number): boolean {
    this.total += value;
    return true;
  }
  end(): void {}
}
// Keeps the shape of this sink alive across GCs, so the fused loops that inline it stay optimised.
keepShape(new SumSink());

/**
 * Runs a stream of numbers and adds them up in order (0 for an empty stream). The same
 * floating-point result as a left-to-right loop.
 *
 * @example
 * ```ts
 * pipe(range(1, 101), sum()); // 5050
 * ```
 */
export function sum(): (stream: Stream<number>) => number {
  return (stream) => {
    checkStream('sum', stream);
    const sink = new SumSink();
    driveStream(stream, sink);
    return sink.total + 0;
  };
}
