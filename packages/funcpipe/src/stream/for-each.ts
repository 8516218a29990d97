import { checkFunction } from '../internal/check.js';
import { inert, keepShape } from '../internal/keep-shape.js';
import { checkSynchronous } from '../internal/sync-answer.js';
import type { Sink } from './internal/protocol.js';
import { checkStream, driveStream, type Stream } from './stream.js';

class ForEachSink<T> implements Sink<T> {
  constructor(private readonly f: (value: T, index: number) => void) {}
  push(value: T, index: number): boolean {
    const f = this.f;
    f(value, index);
    return true;
  }
  end(): void {}
}
// Keeps the shape of this sink alive across GCs, so the fused loops that inline it stay optimised.
keepShape(new ForEachSink<unknown>(inert));

/**
 * Runs the stream, calling `f(value, index)` for each item in order. If `f` throws, the run
 * stops, the source is closed, and the error is rethrown (merged with any cleanup failure). An
 * `async` `f` is a TypeError when the stage is built (a sync sink cannot await it): use
 * `Async.forEach`, which awaits.
 *
 * @throws TypeError at build time when `f` is not a function.
 * @example
 * ```ts
 * const seen: string[] = [];
 * pipe(of('a', 'b'), forEach((s, i) => seen.push(`${i}:${s}`))); // seen: ['0:a', '1:b']
 * ```
 */
export function forEach<T>(f: (value: T, index: number) => void): (stream: Stream<T>) => void {
  checkFunction('forEach', 'f', f);
  checkSynchronous('forEach', 'f', f);
  return (stream) => {
    checkStream('forEach', stream);
    driveStream(stream, new ForEachSink(f));
  };
}
