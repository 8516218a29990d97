import { defaultMaxListeners, setMaxListeners } from 'node:events';
import type { AsyncRun, Feed } from '../async-run.js';
import { NO_ERROR, combineErrors } from '../../resource/combine-errors.js';
import { onAbort, stopReason } from '../../internal/abort.js';
import { stopEcho } from '../../internal/stop-echo.js';
import type { RunContext, Runnable } from './async-protocol.js';
import { childRun, closeChild, feedingChildRun } from './child-runs.js';

function noError(): typeof NO_ERROR {
  return NO_ERROR;
}

function outcome(error: unknown): unknown {
  return error;
}

/**
 * The structured-concurrency scope of one run of a concurrent operator (DESIGN principle 7).
 *
 * It owns the run's concurrent work: child runs (each stopped and awaited when the group is
 * cancelled) and tracked promises (pulls of those runs, calls of a mapper), each given its
 * handlers the moment it is tracked, so no rejection can go unhandled. Its own `signal` follows
 * the parent run's signal; children and calls listen to it.
 *
 * The first failure wins: it is recorded and the group is cancelled at once (every live child is
 * stopped, last started first, then the signal is aborted with the failure as its reason), so
 * siblings stop even while the consumer is not pulling. The failure is delivered by `check()` at
 * the consumer's next pull or, if none comes, by `close()`. Rejections after the cancellation are
 * echoes of it (published as stop echoes, not thrown). `close()` cancels
 * what is still live, waits for every tracked promise, awaits every child's stop in reverse start
 * order, and throws the merged errors (`combineErrors`).
 */
export class TaskGroup {
  private readonly controller = new AbortController();
  private readonly children = new Set<AsyncRun<unknown, unknown>>();
  private readonly stopping: Promise<unknown>[] = [];
  /** Releases of children that ended by themselves and are still running (past the deadline): a few at most. */
  private readonly finishing = new Set<Promise<void>>();
  private failure: unknown = NO_ERROR;
  private delivered = false;
  private pending = 0;
  private idle: (() => void) | undefined;
  private isCancelled = false;
  private unlink: (() => void) | undefined;

  /**
   * @param width - how many children and calls may listen to the signal at once (raises the
   *   max-listeners warning threshold accordingly)
   * @param onCancel - wakes the operator, so its consumer and producers see the cancellation
   */
  constructor(
    private readonly context: RunContext,
    width: number,
    private readonly onCancel: () => void,
  ) {
    setMaxListeners(width + defaultMaxListeners, this.controller.signal);
  }

  /** The group's signal: aborted when the parent run stops, when something fails, or on close. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** True once the group is cancelled: start nothing new. */
  get cancelled(): boolean {
    return this.isCancelled;
  }

  /** Links the group to its parent run (on the first pull, so opening a run stays free of effects). */
  start(): void {
    const parent = this.context.signal;
    this.unlink = onAbort(parent, () => this.cancel(parent.reason));
  }

  /**
   * A run of `gen` owned by the group: linked to its signal, with the parent's close deadline; it
   * starts at its first pull. With `feed`, a feeding child run (see `feedingChildRun`).
   */
  child<T, E>(gen: Runnable<T, E>, feed?: Feed<T, E>): AsyncRun<T, E> {
    const context = { signal: this.controller.signal, closeTimeoutMs: this.context.closeTimeoutMs };
    const run = feed === undefined ? childRun(gen, context) : feedingChildRun(gen, context, feed.into, feed.wants);
    this.children.add(run as AsyncRun<unknown, unknown>);
    return run;
  }

  /**
   * Forgets a child run that ended by itself (exhausted or failed). Its release may still be
   * running past the close deadline: the group's close waits for it too, so the owner's own
   * releases stay after it (RELIABILITY finding 3).
   */
  release(child: AsyncRun<unknown, unknown>): void {
    this.children.delete(child);
    const finishing = child.whenReleased().then(() => void this.finishing.delete(finishing));
    this.finishing.add(finishing);
  }

  /**
   * Tracks `work` until it settles: `onValue` gets its value, `onError` (default: {@link fail})
   * its rejection. A callback that throws fails the group.
   */
  track<V>(work: PromiseLike<V>, onValue: (value: V) => void, onError: (error: unknown) => void = this.fail): void {
    this.pending++;
    work.then(
      (value) => this.settle(onValue, value),
      (error: unknown) => this.settle(onError, error),
    );
  }

  /**
   * Records a failure. The first one before any cancellation is the run's failure: it cancels the
   * group. A rejection that comes after the cancellation is from work the cancellation
   * interrupted (a call or a pull in flight), so whatever its type it is the echo of the stop,
   * not a failure; cleanup failures of the children are collected by {@link close}.
   */
  readonly fail = (error: unknown): void => {
    if (!this.isCancelled) {
      this.failure = error;
      this.cancel(error);
    } else {
      stopEcho(error, 'concurrent work interrupted by the stop of its run');
    }
  };

  /** Fails the group with `error` (see {@link fail}) and throws what the consumer's pull must reject with. */
  failAndThrow(error: unknown): never {
    this.fail(error);
    this.delivered = true;
    throw this.controller.signal.reason;
  }

  /** At a pull: once cancelled, throws the reason (the run's failure, or the parent's abort reason). */
  check(): void {
    if (!this.isCancelled) return;
    this.delivered = true;
    throw this.controller.signal.reason;
  }

  /**
   * Stops every live child, last started first (each child's own signal is aborted as it is
   * stopped, so blocked producers wake in reverse start order), then aborts the group's signal
   * with `reason` and wakes the operator. Idempotent.
   */
  cancel(reason: unknown): void {
    if (this.isCancelled) return;
    this.isCancelled = true;
    const children = [...this.children].reverse();
    this.children.clear();
    for (const child of children) this.stopping.push(closeChild(child as AsyncRun<unknown, unknown>).then(noError, outcome));
    this.controller.abort(reason);
    this.onCancel();
  }

  /** Cancels what is still live, waits for everything tracked and every child, and throws what went wrong. */
  async close(): Promise<void> {
    if (!this.isCancelled && (this.pending > 0 || this.children.size > 0)) this.cancel(stopReason());
    this.unlink?.();
    if (this.pending > 0) await new Promise<void>((resolve) => (this.idle = resolve));
    let error = this.delivered ? NO_ERROR : this.failure;
    this.delivered = true;
    for (const stopped of this.stopping) {
      const cleanupError = await stopped;
      if (cleanupError !== NO_ERROR) error = combineErrors(error, cleanupError);
    }
    await Promise.all(this.finishing);
    if (error !== NO_ERROR) throw error;
  }

  private settle<X>(callback: (x: X) => void, x: X): void {
    try {
      callback(x);
    } catch (error) {
      this.fail(error);
    }
    if (--this.pending === 0) this.idle?.();
  }
}
