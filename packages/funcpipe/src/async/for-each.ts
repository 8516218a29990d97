import type { AsyncSource, Control, SourceRun } from './internal/async-protocol.js';
import { checkFunction } from '../internal/check.js';
import { NO_ERROR, combineErrors } from '../resource/combine-errors.js';
import { Err, Ok, type Result } from '../result/result.js';
import { AsyncRun, type RunOptions } from './async-run.js';
import { AsyncGen, checkAsyncGen, checkRunOptions } from './async-gen.js';

/**
 * Runs the stream and calls `f(item, index)` with every item, in order: like `Sync.forEach`, it
 * sees every item with its position (from 0); an async stream's items are `Result`s, so `f`
 * gets the `Result`, `Err` items included (a sink never skips an error silently).
 *
 * `f` may be asynchronous: when it returns a promise, nothing more is pulled until that promise
 * settles, so calls never overlap and run in order; a rejection fails the run (after releasing
 * everything) and rejects the returned promise. The returned promise resolves once the stream
 * has ended AND the last call has settled. A synchronous `f` costs no promise per item. For
 * asynchronous work in parallel, use `mapAsync` upstream.
 *
 * @example
 * ```ts
 * await pipe(gen, Async.forEach(async (r) => (r.ok ? await index(r.value) : report(r.error))));
 * ```
 */
export function forEach<T, E>(f: (item: Result<T, E>, index: number) => unknown, options: RunOptions = {}): (gen: AsyncGen<T, E>) => Promise<void> {
  checkFunction('forEach', 'f', f);
  checkRunOptions('forEach', options);
  return async (gen) => {
    checkAsyncGen('forEach', 'gen', gen);
    const calls = new Calls();
    let index = 0;
    const gated = new AsyncGen<T, E>(gatedSource(gen.source, calls), gen.build);
    const run = new AsyncRun<T, E>(gated, options, (control) => {
      // The synchronous path costs two comparisons per item (written out in `ok` and `err`: an
      // extra call per item would cost more than both): a call is pending only after `f` returned
      // a thenable, and items arrive then only from a stage flushing at the end.
      const call = (item: Result<T, E>): void => {
        const returned = f(item, index++) as { then?: unknown } | null | undefined;
        if (returned != null && typeof returned.then === 'function') calls.wait(returned as PromiseLike<unknown>, control);
      };
      calls.call = call as (item: Result<unknown, unknown>) => void;
      return {
        ok: (value) => {
          if (calls.pending !== undefined) return calls.queue(new Ok<T, E>(value));
          const returned = f(new Ok<T, E>(value), index++) as { then?: unknown } | null | undefined;
          if (returned != null && typeof returned.then === 'function') calls.wait(returned as PromiseLike<unknown>, control);
        },
        err: (error) => {
          if (calls.pending !== undefined) return calls.queue(new Err<T, E>(error));
          call(new Err<T, E>(error));
        },
        end: () => {},
      };
    });
    try {
      await run.next();
    } catch (error) {
      // A call that failed without a pump waiting for it is kept with the run's failure; one
      // still pending is not waited for (a stop stays bounded by the close deadline).
      const callError = calls.takeFailure();
      throw callError === NO_ERROR ? error : combineErrors(error, callError);
    }
    await calls.settle();
  };
}

/**
 * The asynchronous calls of one `forEach` run: at most one pending at a time. While one is,
 * the source is told to stop pushing (`control.pulling = false`) and its next pump waits for the
 * call; an item that still arrives (a stage flushing at the end) waits in `queued`.
 */
class Calls {
  /** The pending call (resolving once it settled), if any. */
  pending: Promise<unknown> | undefined;
  /** Calls `f` on one item. */
  call: ((item: Result<unknown, unknown>) => void) | undefined;
  private readonly queued: Result<unknown, unknown>[] = [];
  private failure: unknown = NO_ERROR;

  /** Keeps an item that arrived while a call is pending, for {@link settle}. */
  queue(item: Result<unknown, unknown>): void {
    this.queued.push(item);
  }

  wait(returned: PromiseLike<unknown>, control: Control): void {
    control.pulling = false;
    // The handlers are attached now, so a rejection is never unhandled; it is thrown by settle().
    this.pending = Promise.resolve(returned).then(
      () => NO_ERROR,
      (error: unknown) => (this.failure = error),
    );
  }

  /** The failure of a call that settled but was not thrown by {@link settle} yet. */
  takeFailure(): unknown {
    const failure = this.failure;
    this.failure = NO_ERROR;
    return failure;
  }

  /** Waits for the pending call and then the queued items' calls; throws the first failure. */
  async settle(): Promise<void> {
    for (;;) {
      if (this.pending !== undefined) {
        await this.pending;
        this.pending = undefined;
        const failure = this.takeFailure();
        if (failure !== NO_ERROR) throw failure;
      }
      const next = this.queued.shift();
      if (next === undefined) return;
      (this.call as (item: Result<unknown, unknown>) => void)(next);
    }
  }

  /** True when no call is pending and no item waits. */
  get idle(): boolean {
    return this.pending === undefined && this.queued.length === 0;
  }
}

/** `source`, whose pumps first wait for the pending call of `calls`. */
function gatedSource(source: AsyncSource<unknown, unknown>, calls: Calls): AsyncSource<unknown, unknown> {
  return {
    open(context, out, control): SourceRun {
      const run = source.open(context, out, control);
      return {
        pump: () => (calls.idle ? run.pump() : afterCalls(calls, run)),
        close: () => run.close(),
      };
    },
  };
}

async function afterCalls(calls: Calls, run: SourceRun): Promise<boolean> {
  await calls.settle();
  return run.pump();
}

/** Runs the stream to its end for its effects, discarding the items; resolves with their count. */
export function drain(options: RunOptions = {}): <T, E>(gen: AsyncGen<T, E>) => Promise<number> {
  checkRunOptions('drain', options);
  return async <T, E>(gen: AsyncGen<T, E>) => {
    checkAsyncGen('drain', 'gen', gen);
    let count = 0;
    const counted = (): void => {
      count++;
    };
    const run = new AsyncRun<T, E>(gen, options, () => ({ ok: counted, err: counted, end: () => {} }));
    await run.next();
    return count;
  };
}
