import { checkFunction } from '../internal/check.js';
import { checkSynchronous } from '../internal/sync-answer.js';
import type { Sink, StepFn, StepKind } from './internal/protocol.js';
import { appendStep, type Stream } from './stream.js';

class TakeWhileSink implements Sink<unknown> {
  constructor(
    private readonly down: Sink<unknown>,
    private readonly predicate: (value: unknown, index: number) => unknown,
  ) {}
  push(value: unknown, index: number): boolean {
    const predicate = this.predicate;
    if (predicate(value, index)) return this.down.push(value, index);
    this.down.end();
    return false;
  }
  end(): void {
    this.down.end();
  }
}

const takeWhileKind: StepKind = {
  name: 'takeWhile',
  code: 'if (!$f(v, i)) { this.down.end(); return false; }',
  sink: (down, f) => new TakeWhileSink(down, f as (value: unknown, index: number) => unknown),
};

/**
 * Passes items while `predicate(value, index)` holds. The first item that fails it is pulled
 * (it has to be, to be tested), dropped, and ends the run: the source is closed at once. An
 * `async` predicate is a TypeError when the stage is built (its promise would count as true).
 *
 * @throws TypeError at build time when `predicate` is not a function.
 * @example
 * ```ts
 * pipe(range(1, Infinity), takeWhile((n) => n * n < 30), toArray()); // [1, 2, 3, 4, 5]
 * ```
 */
export function takeWhile<A, B extends A>(predicate: (value: A, index: number) => value is B): (stream: Stream<A>) => Stream<B>;
export function takeWhile<A>(predicate: (value: A, index: number) => boolean): (stream: Stream<A>) => Stream<A>;
export function takeWhile<A>(predicate: (value: A, index: number) => boolean): (stream: Stream<A>) => Stream<A> {
  checkFunction('takeWhile', 'predicate', predicate);
  checkSynchronous('takeWhile', 'predicate', predicate);
  return (stream) => appendStep('takeWhile', stream, { kind: takeWhileKind, f: predicate as StepFn });
}
