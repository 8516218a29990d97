import { checkFunction } from '../internal/check.js';
import { checkSynchronous } from '../internal/sync-answer.js';
import type { Sink, StepFn, StepKind } from './internal/protocol.js';
import { appendStep, type Stream } from './stream.js';

class FilterSink implements Sink<unknown> {
  private passed = 0;
  constructor(
    private readonly down: Sink<unknown>,
    private readonly predicate: (value: unknown, index: number) => unknown,
  ) {}
  push(value: unknown, index: number): boolean {
    const predicate = this.predicate;
    return predicate(value, index) ? this.down.push(value, this.passed++) : true;
  }
  end(): void {
    this.down.end();
  }
}

const filterKind: StepKind = {
  name: 'filter',
  code: 'if (!$f(v, i)) return true; i = $n++;',
  sink: (down, f) => new FilterSink(down, f as (value: unknown, index: number) => unknown),
};

/**
 * Keeps the items for which `predicate(value, index)` is true (`index` counts this stage's
 * input). With a type guard, the stream's item type narrows.
 *
 * Each pull of the result pulls upstream until an item passes (or the input ends), never
 * further. A throwing predicate ends the run like any callback error. An `async` predicate is a
 * TypeError when the stage is built (its promise would count as true): a sync stream cannot
 * await; use the async tree (`Async.mapAsync`, then `Async.filter`).
 *
 * @throws TypeError at build time when `predicate` is not a function.
 * @example
 * ```ts
 * pipe(of<number | string>(1, 'a', 2), filter((x): x is number => typeof x === 'number'), toArray()); // [1, 2]: number[]
 * ```
 */
export function filter<A, B extends A>(predicate: (value: A, index: number) => value is B): (stream: Stream<A>) => Stream<B>;
export function filter<A>(predicate: (value: A, index: number) => boolean): (stream: Stream<A>) => Stream<A>;
export function filter<A>(predicate: (value: A, index: number) => boolean): (stream: Stream<A>) => Stream<A> {
  checkFunction('filter', 'predicate', predicate);
  checkSynchronous('filter', 'predicate', predicate);
  return (stream) => appendStep('filter', stream, { kind: filterKind, f: predicate as StepFn });
}
