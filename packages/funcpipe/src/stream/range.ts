import { describe } from '../internal/check.js';
import type { Sink, Source } from './internal/protocol.js';
import { streamOf, type Stream } from './stream.js';

class RangeSource implements Source<number> {
  constructor(
    private readonly start: number,
    private readonly end: number,
    private readonly step: number,
  ) {}
  open(): Iterator<number> {
    const { start, end, step } = this;
    let i = 0;
    let done = false;
    return {
      next: (): IteratorResult<number, undefined> => {
        const value = start + i * step;
        if (done || (step > 0 ? value >= end : value <= end)) {
          done = true;
          return { done: true, value: undefined };
        }
        i++;
        return { done: false, value };
      },
    };
  }
  drive(sink: Sink<number>): void {
    const { start, end, step } = this;
    for (let i = 0; ; i++) {
      const value = start + i * step;
      if (step > 0 ? value >= end : value <= end) break;
      if (!sink.push(value, i)) return;
    }
    sink.end();
  }
}

function checkBound(name: string, value: unknown, infiniteAllowed: boolean): asserts value is number {
  if (typeof value !== 'number' || Number.isNaN(value)) {
    throw new TypeError(`range: expected \`${name}\` to be a number, got ${describe(value)}`);
  }
  if (!infiniteAllowed && !Number.isFinite(value)) {
    throw new RangeError(`range: expected \`${name}\` to be a finite number, got ${value}`);
  }
}

/**
 * The numbers from `start` up to, but not including, `end`, `step` apart (`step` defaults to
 * 1; a negative `step` counts down). Each item is computed as `start + i * step`, so
 * fractional steps do not accumulate rounding drift. `end` may be `Infinity` (stop it with
 * `take` or `takeWhile`). Replayable; holds no resource.
 *
 * @throws TypeError / RangeError at build time for a non-number, a non-finite `start` or
 * `step`, or a `step` of 0.
 * @example
 * ```ts
 * pipe(range(0, 5), toArray()); // [0, 1, 2, 3, 4]
 * pipe(range(10, 0, -3), toArray()); // [10, 7, 4, 1]
 * ```
 */
export function range(start: number, end: number, step = 1): Stream<number> {
  checkBound('start', start, false);
  checkBound('end', end, true);
  checkBound('step', step, false);
  if (step === 0) throw new RangeError('range: expected `step` to be a non-zero number, got 0');
  return streamOf(new RangeSource(start, end, step));
}
