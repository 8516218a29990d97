import type { AsyncSource, Control, Emitter, RunContext, SourceRun } from './internal/async-protocol.js';
import { childRun, closeRuns } from './internal/child-runs.js';
import { AsyncGen, checkAsyncGen } from './async-gen.js';
import type { AsyncRun } from './async-run.js';

/**
 * Pairs the stream's items with `other`'s, position by position: two `Ok`s give `Ok([a, b])`.
 * When one side's item is an `Err`, that error is emitted for the position; when both are, both
 * errors are emitted (left first), so no error is dropped. Ends with the shorter stream, and then
 * closes the other one (LIFO: `other` first). The two sides are pulled one after the other.
 *
 * @example
 * ```ts
 * pipe(Async.of(1, 2, 3), Async.zip(Async.of('a', 'b'))); // ok([1, 'a']), ok([2, 'b'])
 * ```
 */
export function zip<U, F>(other: AsyncGen<U, F>): <T, E>(gen: AsyncGen<T, E>) => AsyncGen<[T, U], E | F> {
  checkAsyncGen('zip', 'other', other);
  return <T, E>(gen: AsyncGen<T, E>) => {
    checkAsyncGen('zip', 'gen', gen);
    const source: AsyncSource<[T, U], E | F> = {
      open: (context, out, control) => new ZipRun(gen, other, context, out, control),
    };
    return new AsyncGen<[T, U], E | F>(source as AsyncSource<unknown, unknown>);
  };
}

class ZipRun<T, E, U, F> implements SourceRun {
  private left: AsyncRun<T, E> | undefined;
  private right: AsyncRun<U, F> | undefined;

  constructor(
    private readonly leftGen: AsyncGen<T, E>,
    private readonly rightGen: AsyncGen<U, F>,
    private readonly context: RunContext,
    private readonly out: Emitter<[T, U], E | F>,
    private readonly control: Control,
  ) {}

  async pump(): Promise<boolean> {
    const left = (this.left ??= childRun(this.leftGen, this.context));
    const right = (this.right ??= childRun(this.rightGen, this.context));
    while (this.control.pulling && !this.control.stopped) {
      const a = await left.next();
      if (a.done === true) return true;
      const b = await right.next();
      if (b.done === true) return true;
      if (a.value.ok && b.value.ok) {
        this.out.ok([a.value.value, b.value.value]);
        continue;
      }
      if (!a.value.ok) this.out.err(a.value.error);
      if (!b.value.ok) this.out.err(b.value.error);
    }
    return false;
  }

  close(): Promise<void> {
    return closeRuns([this.right, this.left] as AsyncRun<unknown, unknown>[]);
  }
}
