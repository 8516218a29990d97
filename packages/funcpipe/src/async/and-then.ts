import type { AsyncSource, Control, Emitter, RunContext, SourceRun } from './internal/async-protocol.js';
import { checkFunction } from '../internal/check.js';
import { closeInline, closeRuns, feedingChildRun, inlineChild, inlineSource, ownerWants } from './internal/child-runs.js';
import { NO_ERROR, combineErrors } from '../resource/combine-errors.js';
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

/** What the outer stream holds for `andThen` between two pulls of it. */
type Held = 'nothing' | 'value' | 'error';

class AndThenRun<T, E, U, F> implements SourceRun {
  /** The outer stream, inline in this run when it is a bare iterable source (see `inlineSource`)... */
  private outerInline: SourceRun | undefined;
  /** ... or else a feeding child run. Either one pushes one item at a time into `receive`. */
  private outer: AsyncRun<T, E> | undefined;
  private readonly outerControl: Control = { pulling: false, stopped: false };
  private readonly receive: Emitter<T, E>;
  private held: Held = 'nothing';
  private heldValue: T | undefined;
  private heldError: E | undefined;
  /** The current inner stream when it runs inline in this run (see `inlineChild`)... */
  private inline: SourceRun | undefined;
  /** ... or else as a feeding child run. */
  private inner: AsyncRun<U, E | F> | undefined;
  private index = 0;
  private wants: (() => boolean) | undefined;

  constructor(
    private readonly gen: AsyncGen<T, E>,
    private readonly f: (value: T, index: number) => AsyncGen<U, F>,
    private readonly context: RunContext,
    private readonly out: Emitter<U, E | F>,
    private readonly control: Control,
  ) {
    const outerControl = this.outerControl;
    this.receive = {
      ok: (value) => {
        this.held = 'value';
        this.heldValue = value;
        outerControl.pulling = false;
      },
      err: (error) => {
        this.held = 'error';
        this.heldError = error;
        outerControl.pulling = false;
      },
      end: () => {},
    };
  }

  async pump(): Promise<boolean> {
    const { control, out, context } = this;
    while (control.pulling && !control.stopped) {
      const inline = this.inline;
      if (inline !== undefined) {
        const pumped = inline.pump();
        if (typeof pumped === 'boolean' ? pumped : await pumped) {
          this.inline = undefined;
          const closed = closeInline(inline, context);
          if (closed !== undefined) await closed;
        }
        continue;
      }
      if (this.inner !== undefined) {
        if ((await this.inner.next()).done === true) this.inner = undefined;
        continue;
      }
      if (this.held === 'nothing') {
        const pulled = this.pullOuter();
        const exhausted = typeof pulled === 'boolean' ? pulled : await pulled;
        // The end comes alone, or (from a child run whose source ended as it pushed) with a last item.
        if (this.held === 'nothing') {
          if (exhausted) return true;
          continue;
        }
        if (!control.pulling || control.stopped) continue;
      }
      const index = this.index++;
      if (this.held === 'error') {
        const error = this.heldError as E;
        this.clearHeld();
        out.err(error);
        continue;
      }
      const value = this.heldValue as T;
      this.clearHeld();
      const next = this.f(value, index);
      checkAsyncGen('andThen', 'f(value, index)', next, index);
      this.inline = inlineChild(next, context, out, control);
      if (this.inline === undefined) this.inner = feedingChildRun(next, context, out, (this.wants ??= ownerWants(control)));
    }
    return false;
  }

  /** Closes the current inner stream, then the outer one (LIFO), both even when the first fails. */
  async close(): Promise<void> {
    let error: unknown = NO_ERROR;
    const inline = this.inline;
    this.inline = undefined;
    try {
      await inline?.close();
    } catch (closeError) {
      error = closeError;
    }
    try {
      await closeRuns([this.inner] as AsyncRun<unknown, unknown>[]);
    } catch (closeError) {
      error = combineErrors(error, closeError);
    }
    try {
      await (this.outerInline !== undefined ? this.outerInline.close() : closeRuns([this.outer] as AsyncRun<unknown, unknown>[]));
    } catch (closeError) {
      error = combineErrors(error, closeError);
    }
    if (error !== NO_ERROR) throw error;
  }

  /** Pulls the outer stream until it pushed its next item into `receive`; true once it is exhausted. */
  private pullOuter(): boolean | Promise<boolean> {
    if (this.outerInline === undefined && this.outer === undefined) {
      this.outerInline = inlineSource(this.gen, this.context, this.receive, this.outerControl);
      if (this.outerInline === undefined) this.outer = feedingChildRun(this.gen, this.context, this.receive, () => this.held === 'nothing');
    }
    if (this.outerInline !== undefined) {
      this.outerControl.pulling = true;
      return this.outerInline.pump();
    }
    return (this.outer as AsyncRun<T, E>).next().then(isDone);
  }

  private clearHeld(): void {
    this.held = 'nothing';
    this.heldValue = undefined;
    this.heldError = undefined;
  }
}

function isDone(step: IteratorResult<unknown, unknown>): boolean {
  return step.done === true;
}
