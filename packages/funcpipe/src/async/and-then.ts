import type { AsyncSource, Control, Emitter, RunContext, SourceRun } from './internal/async-protocol.js';
import { checkFunction } from '../internal/check.js';
import { childRun, closeRuns, ownerWants, sharingChildRun } from './internal/child-runs.js';
import { AsyncGen, checkAsyncGen } from './async-gen.js';
import type { AsyncRun } from './async-run.js';

/**
 * Monadic bind (seed 001's `async_gen_and_then`): for every `Ok` value, `f(value, index)` gives
 * an inner stream whose items are emitted in place, in order. An `Err` item is emitted as it is
 * and `f` is NOT called for it (per-item errors never short-circuit the outer stream). Inner
 * streams start on demand, one at a time, and each is closed before the next outer item is
 * pulled; a stop closes the current inner run, then the outer one (LIFO). `index` is the item's
 * position in the outer stream (counting `Err` items too).
 *
 * Laws (on the `Ok` path, for `f`, `h` that ignore `index`): `andThen(f)(asyncGenReturn(x))`
 * equals `f(x)`; `andThen(asyncGenReturn)(g)` equals `g`; `andThen(h)(andThen(f)(g))` equals
 * `andThen((x) => andThen(h)(f(x)))(g)`. (Not `andThen(of)`: `of` is variadic and would also
 * emit the index.)
 *
 * @example
 * ```ts
 * pipe(Async.of('a.txt', 'b.txt'), Async.andThen((path) => readLines(path)));
 * ```
 */
export function andThen<T, U, F>(f: (value: T, index: number) => AsyncGen<U, F>): <E>(gen: AsyncGen<T, E>) => AsyncGen<U, E | F> {
  checkFunction('andThen', 'f', f);
  return <E>(gen: AsyncGen<T, E>) => {
    checkAsyncGen('andThen', 'gen', gen);
    const source: AsyncSource<U, E | F> = {
      open: (context, out, control) => new AndThenRun(gen, f, context, out, control),
    };
    return new AsyncGen<U, E | F>(source as AsyncSource<unknown, unknown>);
  };
}

class AndThenRun<T, E, U, F> implements SourceRun {
  private outer: AsyncRun<T, E> | undefined;
  private inner: AsyncRun<U, E | F> | undefined;
  private index = 0;
  private wants: (() => boolean) | undefined;

  constructor(
    private readonly gen: AsyncGen<T, E>,
    private readonly f: (value: T, index: number) => AsyncGen<U, F>,
    private readonly context: RunContext,
    private readonly out: Emitter<U, E | F>,
    private readonly control: Control,
  ) {}

  async pump(): Promise<boolean> {
    const { control, out } = this;
    const outer = (this.outer ??= childRun(this.gen, this.context));
    while (control.pulling && !control.stopped) {
      if (this.inner !== undefined) {
        if ((await this.inner.next()).done === true) this.inner = undefined;
        continue;
      }
      const step = await outer.next();
      if (step.done === true) return true;
      const index = this.index++;
      if (!step.value.ok) {
        out.err(step.value.error);
        continue;
      }
      const next = this.f(step.value.value, index);
      checkAsyncGen('andThen', 'f(value, index)', next, index);
      this.inner = sharingChildRun(next, this.context, out, (this.wants ??= ownerWants(control)));
    }
    return false;
  }

  close(): Promise<void> {
    return closeRuns([this.inner, this.outer] as AsyncRun<unknown, unknown>[]);
  }
}
