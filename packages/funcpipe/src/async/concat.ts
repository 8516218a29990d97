import type { AsyncSource, Control, Emitter, RunContext, SourceRun } from './internal/async-protocol.js';
import { closeChild, feedingChildRun, ownerWants } from './internal/child-runs.js';
import { AsyncGen, checkAsyncGen } from './async-gen.js';
import type { AsyncRun } from './async-run.js';

/**
 * The stream's items, then each of `others`' items, in order. One run at a time: the next
 * stream is opened only when the previous one is exhausted (and closed), so at most one child
 * holds resources; a stop closes the current one.
 *
 * @example
 * ```ts
 * pipe(Async.of(1, 2), Async.concat(Async.of(3), Async.of(4))); // ok(1) ... ok(4)
 * ```
 */
export function concat<U, F>(...others: AsyncGen<U, F>[]): <T, E>(gen: AsyncGen<T, E>) => AsyncGen<T | U, E | F> {
  others.forEach((other, i) => checkAsyncGen('concat', `others[${i}]`, other));
  return <T, E>(gen: AsyncGen<T, E>) => {
    checkAsyncGen('concat', 'gen', gen);
    const all = [gen, ...others] as AsyncGen<T | U, E | F>[];
    const source: AsyncSource<T | U, E | F> = {
      open: (context, out, control) => new ConcatRun(all, context, out, control),
    };
    return new AsyncGen<T | U, E | F>(source as AsyncSource<unknown, unknown>);
  };
}

class ConcatRun<T, E> implements SourceRun {
  private position = 0;
  private current: AsyncRun<T, E> | undefined;

  constructor(
    private readonly gens: ReadonlyArray<AsyncGen<T, E>>,
    private readonly context: RunContext,
    private readonly out: Emitter<T, E>,
    private readonly control: Control,
  ) {}

  async pump(): Promise<boolean> {
    while (this.control.pulling && !this.control.stopped) {
      let current = this.current;
      if (current === undefined) {
        const next = this.gens[this.position++];
        if (next === undefined) return true;
        current = this.current = feedingChildRun(next, this.context, this.out, ownerWants(this.control));
      }
      if ((await current.next()).done === true) this.current = undefined;
    }
    return false;
  }

  async close(): Promise<void> {
    if (this.current !== undefined) await closeChild(this.current as AsyncRun<unknown, unknown>);
  }
}
