import { checkFunction } from '../internal/check.js';
import { inert, keepShape } from '../internal/keep-shape.js';
import type { Sink } from './internal/protocol.js';
import { checkStream, driveStream, type Stream } from './stream.js';

class FoldSink<T, R> implements Sink<T> {
  constructor(
    private readonly f: (acc: R, value: T, index: number) => R,
    public acc: R,
  ) {}
  push(value: T, index: number): boolean {
    const f = this.f;
    this.acc = f(this.acc, value, index);
    return true;
  }
  end(): void {}
}
// Keeps the shape of this sink alive across GCs, so the fused loops that inline it stay optimised.
keepShape(new FoldSink<unknown, unknown>(inert, {}));

/**
 * Runs the stream and combines its items from the left: `f(...f(f(init, x0, 0), x1, 1)...)`.
 * Returns `init` for an empty stream. Like `Array.prototype.reduce` with an initial value.
 *
 * @throws TypeError at build time when `f` is not a function; at run time, whatever the
 * source or a callback throws, after the source is closed.
 * @example
 * ```ts
 * pipe(of('a', 'b', 'c'), fold('', (acc, s) => acc + s)); // 'abc'
 * ```
 */
export function fold<T, R>(init: R, f: (acc: R, value: T, index: number) => R): (stream: Stream<T>) => R {
  checkFunction('fold', 'f', f);
  return (stream) => {
    checkStream('fold', stream);
    const sink = new FoldSink(f, init);
    driveStream(stream, sink);
    return sink.acc;
  };
}
