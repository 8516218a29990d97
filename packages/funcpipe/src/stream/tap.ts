import { checkFunction } from '../internal/check.js';
import { checkSynchronous } from '../internal/sync-answer.js';
import type { Sink, StepFn, StepKind } from './internal/protocol.js';
import { appendStep, type Stream } from './stream.js';

class TapSink implements Sink<unknown> {
  constructor(
    private readonly down: Sink<unknown>,
    private readonly f: (value: unknown, index: number) => unknown,
  ) {}
  push(value: unknown, index: number): boolean {
    const f = this.f;
    f(value, index);
    return this.down.push(value, index);
  }
  end(): void {
    this.down.end();
  }
}

const tapKind: StepKind = {
  name: 'tap',
  code: '$f(v, i);',
  sink: (down, f) => new TapSink(down, f as (value: unknown, index: number) => unknown),
};

/**
 * Calls `f(value, index)` for each item as it passes, then passes the item on unchanged: for
 * logging, metrics and tests. `f`'s return value is ignored; a throw ends the run. An `async`
 * `f` is a TypeError when the stage is built: nothing would await it, and its rejection would be
 * lost.
 *
 * @throws TypeError at build time when `f` is not a function.
 * @example
 * ```ts
 * const seen: number[] = [];
 * pipe(of(1, 2, 3), tap((n) => seen.push(n)), take(2), toArray()); // [1, 2]; seen: [1, 2]
 * ```
 */
export function tap<T>(f: (value: T, index: number) => void): (stream: Stream<T>) => Stream<T> {
  checkFunction('tap', 'f', f);
  checkSynchronous('tap', 'f', f);
  return (stream) => appendStep('tap', stream, { kind: tapKind, f: f as StepFn });
}
