import { checkFunction } from '../internal/check.js';
import { inert, keepShape } from '../internal/keep-shape.js';
import type { Sink } from './internal/protocol.js';
import { checkStream, driveStream, type Stream } from './stream.js';

class ReduceSink<T> implements Sink<T> {
  seen = false;
  acc: T | undefined;
  constructor(private readonly f: (acc: T, value: T, index: number) => T) {}
  push(value: T, index: number): boolean {
    const f = this.f;
    this.acc = this.seen ? f(this.acc as T, value, index) : value;
    this.seen = true;
    return true;
  }
  end(): void {}
}
// Keeps the shape of this sink alive across GCs, so the fused loops that inline it stay optimised.
keepShape(new ReduceSink<unknown>(inert));

/**
 * Runs the stream and combines its items from the left, starting from the first item; like
 * `Array.prototype.reduce` without an initial value (`index` is the current item's, so the
 * first call sees index 1).
 *
 * @throws TypeError at build time when `f` is not a function, and at run time when the stream
 * is empty (use `fold(init, f)` when emptiness is normal).
 * @example
 * ```ts
 * pipe(of(3, 9, 4), reduce((a, b) => Math.max(a, b))); // 9
 * ```
 */
export function reduce<T>(f: (acc: T, value: T, index: number) => T): (stream: Stream<T>) => T {
  checkFunction('reduce', 'f', f);
  return (stream) => {
    checkStream('reduce', stream);
    const sink = new ReduceSink(f);
    driveStream(stream, sink);
    if (!sink.seen) throw new TypeError('reduce: the stream was empty; use fold(init, f) to give a value for that case');
    return sink.acc as T;
  };
}
