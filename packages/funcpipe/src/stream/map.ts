import { checkFunction } from '../internal/check.js';
import type { Sink, StepFn, StepKind } from './internal/protocol.js';
import { appendStep, type Stream } from './stream.js';

class MapSink implements Sink<unknown> {
  constructor(
    private readonly down: Sink<unknown>,
    private readonly f: (value: unknown, index: number) => unknown,
  ) {}
  push(value: unknown, index: number): boolean {
    const f = this.f;
    return this.down.push(f(value, index), index);
  }
  end(): void {
    this.down.end();
  }
}

const mapKind: StepKind = {
  name: 'map',
  code: 'v = $f(v, i);',
  sink: (down, f) => new MapSink(down, f as (value: unknown, index: number) => unknown),
};

/**
 * Transforms each item with `f(value, index)` (`index` counts this stage's input from 0 in
 * every run).
 *
 * Lazy: `f` runs once per item, only when that item is pulled. If `f` throws, the run ends:
 * the source is closed and the error reaches the consumer (merged with any cleanup failure).
 *
 * @throws TypeError at build time when `f` is not a function.
 * @example
 * ```ts
 * pipe(of(1, 2, 3), map((n, i) => n * 10 + i), toArray()); // [10, 21, 32]
 * ```
 */
export function map<A, B>(f: (value: A, index: number) => B): (stream: Stream<A>) => Stream<B> {
  checkFunction('map', 'f', f);
  return (stream) => appendStep('map', stream, { kind: mapKind, f: f as StepFn });
}
