import { checkFunction } from '../internal/check.js';
import type { Sink } from './internal/protocol.js';
import { appendStage, type Stream } from './stream.js';

class ScanSink<A, R> implements Sink<A> {
  constructor(
    private readonly down: Sink<R>,
    private readonly f: (acc: R, value: A, index: number) => R,
    private acc: R,
  ) {}
  push(value: A, index: number): boolean {
    const f = this.f;
    this.acc = f(this.acc, value, index);
    return this.down.push(this.acc, index);
  }
  end(): void {
    this.down.end();
  }
}

/**
 * Running accumulation: emits `f(acc, value, index)` after each item, starting from `init`
 * (which itself is not emitted), so the output has as many items as the input and its last
 * item is what `fold(init, f)` returns. Every run starts again from `init`; if `init` is a
 * mutable object that `f` changes in place, runs share it, so return a new value instead.
 *
 * @throws TypeError at build time when `f` is not a function.
 * @example
 * ```ts
 * pipe(of(1, 2, 3, 4), scan((acc, n) => acc + n, 0), toArray()); // [1, 3, 6, 10]
 * ```
 */
export function scan<A, R>(f: (acc: R, value: A, index: number) => R, init: R): (stream: Stream<A>) => Stream<R> {
  checkFunction('scan', 'f', f);
  return (stream) => appendStage('scan', stream, (down: Sink<R>) => new ScanSink(down, f, init));
}
