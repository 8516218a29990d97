import { getEventListeners } from 'node:events';
import { isAbortError, onAbort, stopReason } from '../internal/abort.js';
import { resourceHooks, type Released } from '../internal/resource-hooks.js';
import { failuresBesideEcho, stopEcho } from '../internal/stop-echo.js';
import type { Control, Emitter, RunContext, Runnable, SourceRun } from './internal/async-protocol.js';
import { CleanupTimedOut } from './cleanup-timed-out.js';
import { withDeadline } from './internal/deadline.js';
import { noStages } from './internal/no-stages.js';
import { BoundedBuffer } from './internal/bounded-buffer.js';
import { NO_ERROR, combineErrors, isSuppressedError } from '../resource/combine-errors.js';
import type { ErrInfo } from '../result/err-info.js';
import { Err, Ok, type Result } from '../result/result.js';

/** Options of one run of an `AsyncGen`. */
export interface RunOptions {
  /**
   * Aborting it stops the run: the run's own signal is aborted at once (a blocked producer
   * wakes), cleanup runs (bounded by `closeTimeoutMs`), then the pending pull, or the next one if
   * none is pending, rejects with `signal.reason` (with a cleanup failure or `CleanupTimedOut`
   * attached as a `SuppressedError` when there was one).
   */
  readonly signal?: AbortSignal;
  /**
   * How long any stop (consumer, stage or signal) may wait for cleanup before reporting
   * `CleanupTimedOut`. Default 5,000 ms. An integer >= 1 (a RangeError otherwise: with 0 every
   * asynchronous cleanup, even one that needs a single turn, would time out), or `Infinity` to
   * wait for cleanup however long it takes.
   */
  readonly closeTimeoutMs?: number;
}

/** The default close deadline of a run, in milliseconds. */
export const DEFAULT_CLOSE_TIMEOUT_MS = 5_000;

function ignore(): void {}

type Step<T, E> = IteratorResult<Result<T, E>, undefined>;
const DONE: IteratorReturnResult<undefined> = Object.freeze({ done: true, value: undefined });
/** The release of a run that finished synchronously. */
const RELEASED: Promise<void> = Promise.resolve();
/** What a feed (see {@link Feed}) resolves with when it stopped because its owner wants no more: items went straight to the owner. */
const FED = Object.freeze({ done: false, value: undefined }) as unknown as IteratorYieldResult<never>;

/**
 * Feed mode, for the child runs of boundary operators: items go straight into the owner's
 * emitter `into` (no queue, no promise per item), and a pull (`next()`) pumps for as long as
 * `wants()` holds, then resolves done (exhausted) or not done with no value (the owner has
 * enough for now). This is how an item crosses a boundary with a function call instead of a
 * promise, when its source has it ready.
 */
export interface Feed<T, E> {
  readonly into: Emitter<T, E>;
  readonly wants: () => boolean;
}
interface Waiter<T, E> {
  resolve(step: Step<T, E>): void;
  reject(error: unknown): void;
}

/**
 * One run of an `AsyncGen`: the async iterator `for await` drives, and `AsyncDisposable`.
 *
 * Lifetime: nothing is opened until the first `next()`. The source is released as soon as it is
 * exhausted (before the last items are handed out), on a failure, or on a stop. Stopping
 * (`return()`, `break`, `await using` leaving scope, the `signal` aborting) aborts the run's own
 * signal FIRST, so a producer blocked in an `await` that honours it wakes at once; then cleanup
 * is awaited for at most `closeTimeoutMs`. A consumer's stop settles a pending `next()` as done
 * immediately; the `signal` makes it reject with `signal.reason` after cleanup.
 * Errors: a producer or stage failure rejects the pull that hit it, after cleanup, once (the run
 * is then finished); a cleanup failure is merged with it (`SuppressedError`). The rejection of a
 * pull that a stop interrupted is the stop's echo (docs/semantics.md), not an error.
 */
export class AsyncRun<T, E = ErrInfo> implements AsyncIterableIterator<Result<T, E>, undefined>, AsyncDisposable, RunContext {
  /** See {@link RunOptions.closeTimeoutMs}. */
  readonly closeTimeoutMs: number;
  /** @internal See `RunContext.queuesAhead`. */
  readonly queuesAhead: boolean;
  private readonly control: Control = { pulling: false, stopped: false };
  /** Items pushed and not yet pulled (a ring: `shift` is O(1) however many a batch source queued ahead). */
  private readonly queue = new BoundedBuffer<Result<T, E>>(Infinity);
  private readonly parent: AbortSignal | undefined;
  private source: SourceRun | undefined;
  private head: Emitter<unknown, unknown> | undefined;
  private controller: AbortController | undefined;
  private abortReason: unknown = NO_ERROR;
  private unlinkParent: (() => void) | undefined;
  /** How many abort listeners this run's signal had when it first lent it to a child, or -1. */
  private listenersBeforeSharing = -1;
  /** Set once a child on this run's signal left a listener on it: later children get their own. */
  private sharingRefused = false;
  private childrenLentTo = 0;
  private pumping: Promise<boolean> | undefined;
  private waiter: Waiter<T, E> | undefined;
  private inflight: Promise<Step<T, E>> | undefined;
  private pulling: Promise<void> | undefined;
  private abortDelivered: Promise<void> | undefined;
  private closing: Promise<void> | undefined;
  /** The release itself, not bounded by the close deadline (see {@link AsyncRun.whenReleased}). */
  private releasing: Promise<void> | undefined;
  private failure: unknown = NO_ERROR;
  private started = false;
  private released: Released | undefined;
  private exhausted = false;
  private stopRequested = false;

  /**
   * @internal Use `gen[Symbol.asyncIterator]()`, `gen.iterate(options)` or a sink instead.
   * @param sink - sink mode: items go to the emitter this builds and `next()` runs the whole stream.
   * @param owned - a child run of an operator: when `options.signal` aborts, it only propagates the
   *   abort (waking its producer, settling its pending pull) and leaves its release to the owner,
   *   which closes its children in LIFO order.
   * @param feed - feed mode (owned child runs only): see {@link Feed}.
   */
  constructor(
    private readonly gen: Runnable<T, E>,
    options: RunOptions = {},
    private readonly sink?: (control: Control) => Emitter<T, E>,
    private readonly owned = false,
    private readonly feed?: Feed<T, E>,
  ) {
    this.parent = options.signal;
    this.closeTimeoutMs = options.closeTimeoutMs ?? DEFAULT_CLOSE_TIMEOUT_MS;
    this.queuesAhead = sink === undefined && feed === undefined && gen.build === noStages;
  }

  /** The run's own signal: aborted when the run stops for any reason but normal exhaustion. */
  get signal(): AbortSignal {
    if (this.controller === undefined) {
      this.controller = new AbortController();
      if (this.abortReason !== NO_ERROR) this.controller.abort(this.abortReason);
    }
    return this.controller.signal;
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  /** Pulls the next item (in sink mode: runs the stream to its end). */
  next(): Promise<Step<T, E>> {
    if (this.feed !== undefined && this.queue.length > 0 && !this.flushFeed()) return Promise.resolve(FED);
    if (this.queue.length > 0) return Promise.resolve({ done: false, value: this.queue.shift() as Result<T, E> });
    if (this.inflight !== undefined) return this.inflight.then(() => this.next(), () => this.next());
    // After a stop, wait for its cleanup: an external abort then rejects this pull with its reason.
    if (this.stopRequested || this.exhausted) {
      const after = this.abortDelivered ?? this.closing;
      return after === undefined ? this.settled() : after.then(() => this.settled(), () => this.settled());
    }
    const pending = new Promise<Step<T, E>>((resolve, reject) => {
      this.waiter = { resolve, reject };
    });
    this.inflight = pending;
    const pulling = this.pullOne();
    this.pulling = pulling;
    pulling.then(() => this.settleWaiter(pending, pulling));
    return pending;
  }

  /** Stops the run: a pending `next()` settles as done at once, then cleanup is awaited (bounded). */
  async return(): Promise<Step<T, E>> {
    this.detachWaiter()?.resolve(DONE);
    const pulling = this.pulling;
    await this.stop(stopReason());
    await pulling; // a pull that failed meanwhile left its failure for us
    const failure = this.takeFailure();
    // An undelivered failure is reported, except the abort the parent itself asked for.
    if (failure !== NO_ERROR && failure !== this.parent?.reason) throw failure;
    return DONE;
  }

  /**
   * Resolves once the run's release has really finished (never rejects), even when `return()`
   * gave up at the close deadline: an owner that saw `CleanupTimedOut` from this child waits for
   * it, in the background, before releasing what it acquired earlier (LIFO past the deadline).
   */
  whenReleased(): Promise<void> {
    return (this.releasing ?? Promise.resolve()).then(ignore, ignore);
  }

  /**
   * @internal Whether a child may run on this run's signal (see `inlineChild`): yes, until such a
   * child is found to have left an abort listener on it (a producer that adds one and never
   * removes it would otherwise pile one up per child on a signal that lives as long as this run).
   */
  lendsSignal(): boolean {
    if (this.sharingRefused) return false;
    if (this.listenersBeforeSharing < 0) this.listenersBeforeSharing = getEventListeners(this.signal, 'abort').length;
    return true;
  }

  /**
   * @internal A child that ran on this run's signal was released: stop lending the signal if a
   * child left a listener behind. Counted after every 4th child (counting costs about a tenth of a
   * short child's run), so at most 4 listeners are left before the children get signals of their own.
   */
  signalReturned(): void {
    if ((++this.childrenLentTo & 3) !== 0) return;
    if (getEventListeners(this.signal, 'abort').length > this.listenersBeforeSharing) this.sharingRefused = true;
  }

  /** Same as `return()`, for `await using`. */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.return();
  }

  /**
   * Hands the outcome of a finished pull to its waiter. A waiter detached meanwhile (by a stop or
   * an abort) was already answered: the queue and any failure then stay for whoever asks next
   * (`return()` reports an undelivered failure), so nothing is lost in the race.
   */
  private settleWaiter(pending: Promise<Step<T, E>>, pulling: Promise<void>): void {
    if (this.inflight === pending) this.inflight = undefined;
    if (this.pulling === pulling) this.pulling = undefined;
    const waiter = this.waiter;
    if (waiter === undefined) return;
    this.waiter = undefined;
    this.settle(waiter);
  }

  private detachWaiter(): Waiter<T, E> | undefined {
    const waiter = this.waiter;
    this.waiter = undefined;
    this.inflight = undefined;
    return waiter;
  }

  /**
   * Runs one pull to its end: pumps until an item is queued (iterator mode), the owner of a feed
   * has enough, or the source ends (sink mode, or exhaustion). Never rejects (a failure is
   * recorded for delivery instead). One async function per pull: the pumping loop is inline.
   */
  private async pullOne(): Promise<void> {
    try {
      if (!this.started) this.start();
      const control = this.control;
      const source = this.source;
      if (source === undefined) return;
      while (!this.exhausted && !this.stopRequested && this.wantsMore()) {
        control.pulling = true;
        let done = false;
        if (!control.stopped) {
          const pumped = source.pump();
          if (typeof pumped === 'boolean') done = pumped;
          else {
            this.pumping = pumped;
            done = await pumped; // on rejection `pumping` stays set: see the catch below
            this.pumping = undefined;
          }
        }
        if (this.stopRequested) return;
        if (done || control.stopped) {
          this.exhausted = true;
          (this.head as Emitter<unknown, unknown>).end();
          try {
            const closing = this.shutdown(done ? NO_ERROR : stopReason());
            if (closing !== RELEASED) await closing; // released already: no turn to wait
          } catch (cleanupError) {
            this.failure = cleanupError; // delivered after the items already queued
          }
        }
      }
    } catch (error) {
      // With no stop under way the failure is this pull's to report. Once a stop is under way,
      // its release() owns it (a failed pump stays in `pumping` for it to see), which also
      // covers a failure that arrives after the close deadline (reported as a process warning).
      if (!this.stopRequested) {
        this.pumping = undefined;
        await this.failWith(error);
      } else if (this.pumping === undefined && !isAbortError(error, this.controller?.signal)) {
        this.recordFailure(error); // a synchronous failure release() cannot see: return() reports it
      }
    }
  }

  private recordFailure(error: unknown): void {
    this.failure = this.failure === NO_ERROR ? error : combineErrors(this.failure, error);
  }

  private start(): void {
    this.started = true;
    this.released = resourceHooks.current?.acquired('run', this);
    if (this.parent !== undefined) {
      this.unlinkParent = onAbort(this.parent, this.onParentAbort);
      if (this.stopRequested) return;
    }
    const terminal = this.feed !== undefined ? this.feedEmitter(this.feed) : this.sink === undefined ? this.queueEmitter() : this.sink(this.control);
    this.head = this.gen.build(terminal as Emitter<unknown, unknown>, this.control, this);
    this.source = this.gen.source.open(this, this.head, this.control);
  }

  private queueEmitter(): Emitter<T, E> {
    const { queue, control } = this;
    // After a stop, items a late-waking producer still pushes are discarded: nobody asked for them.
    return {
      ok: (value) => {
        if (!this.stopRequested) queue.push(new Ok(value));
        control.pulling = false;
      },
      err: (error) => {
        if (!this.stopRequested) queue.push(new Err(error));
        control.pulling = false;
      },
      end: () => {},
      result: (item) => {
        if (!this.stopRequested) queue.push(item);
        control.pulling = false;
      },
    };
  }

  private feedEmitter({ into, wants }: Feed<T, E>): Emitter<T, E> {
    const { control, queue } = this;
    // As in queueEmitter, a late-waking producer's items after a stop are discarded. A source or
    // stage may push more than one item before it looks at `control.pulling` again (zip pairs,
    // a breaker's last item and its BreakInfo): what the owner does not want now waits in the
    // queue, and the next feed hands it over first, so the owner's buffers are never overfilled.
    return {
      ok: (value) => {
        if (this.stopRequested) return void (control.pulling = false);
        if (queue.length === 0 && wants()) into.ok(value);
        else queue.push(new Ok(value));
        control.pulling = queue.length === 0 && wants();
      },
      err: (error) => {
        if (this.stopRequested) return void (control.pulling = false);
        if (queue.length === 0 && wants()) into.err(error);
        else queue.push(new Err(error));
        control.pulling = queue.length === 0 && wants();
      },
      end: () => {},
    };
  }

  /** Hands queued items to the owner of a feed while it wants them; true once the queue is empty. */
  private flushFeed(): boolean {
    const { into, wants } = this.feed as Feed<T, E>;
    const queue = this.queue;
    while (queue.length > 0 && wants()) {
      const item = queue.shift() as Result<T, E>;
      if (item.ok) into.ok(item.value);
      else into.err(item.error);
    }
    return queue.length === 0;
  }

  /** True while this pull should go on pumping: until an item is queued, the owner of a feed has enough, or (sink mode) the end. */
  private wantsMore(): boolean {
    if (this.feed !== undefined) return this.queue.length === 0 && this.feed.wants();
    return this.sink !== undefined || this.queue.length === 0;
  }

  /** Ends the run with `error`: after it is delivered, the run is finished (next() is done, return() quiet). */
  private async failWith(error: unknown): Promise<void> {
    this.queue.clear();
    this.exhausted = true;
    this.failure = error;
    try {
      await this.shutdown(error);
    } catch (cleanupError) {
      this.failure = combineErrors(error, cleanupError);
    }
  }

  private async stop(reason: unknown): Promise<void> {
    this.stopRequested = true;
    this.queue.clear();
    if (!this.started) {
      this.exhausted = true;
      return;
    }
    if (this.exhausted && this.closing !== undefined) {
      await this.closing.catch(ignore); // its failure, if any, is already recorded for delivery
      return;
    }
    await this.shutdown(reason);
  }

  private readonly onParentAbort = (): void => {
    const reason = (this.parent as AbortSignal).reason as unknown;
    const waiter = this.detachWaiter();
    this.stopRequested = true;
    this.queue.clear();
    if (this.owned) {
      this.abortOwn(reason);
      waiter?.reject(reason);
      return;
    }
    const pulling = this.pulling;
    // Cleanup is bounded by the close deadline. Once it has finished, the interrupted pull settles
    // within a few microtasks (its pump has settled) and may have left a failure to deliver with
    // the abort; past the deadline that pump may never settle, so the abort is delivered at once.
    this.abortDelivered = this.shutdown(reason).then(
      () => (pulling ?? Promise.resolve()).then(() => this.deliverAbort(waiter, reason, NO_ERROR)),
      (cleanupError: unknown) =>
        cleanupError instanceof CleanupTimedOut
          ? this.deliverAbort(waiter, reason, cleanupError)
          : (pulling ?? Promise.resolve()).then(() => this.deliverAbort(waiter, reason, cleanupError)),
    );
  };

  /** Rejects the interrupted pull (or the next one) with the abort reason, keeping any failure the run hit meanwhile. */
  private deliverAbort(waiter: Waiter<T, E> | undefined, reason: unknown, cleanupError: unknown): void {
    let failure = this.takeFailure();
    if (failure === cleanupError) failure = NO_ERROR; // the cleanup that overran after the abort: attached below, once
    let error = failure === NO_ERROR ? reason : combineErrors(failure, reason);
    if (cleanupError !== NO_ERROR) error = combineErrors(error, cleanupError);
    if (waiter !== undefined) waiter.reject(error);
    else this.failure = error;
  }

  /** Begins (once) the release of the run: abort its signal unless it ended normally, wait for an in-flight pump, close the source. */
  private shutdown(reason: unknown): Promise<void> {
    if (this.closing === undefined) {
      this.control.stopped = true;
      this.control.pulling = false;
      if (reason !== NO_ERROR) this.abortOwn(reason);
      const releasing = (this.releasing = this.release());
      this.closing = releasing === undefined ? RELEASED : withDeadline(releasing, this.closeTimeoutMs);
    }
    return this.closing;
  }

  private abortOwn(reason: unknown): void {
    if (this.abortReason !== NO_ERROR) return;
    this.abortReason = reason;
    this.controller?.abort(reason);
  }

  /**
   * Releases the run: waits for an in-flight pump, closes the source, unlinks the parent signal.
   * Returns undefined when all of that finished synchronously without a failure (an exhausted
   * source has nothing left to wait for), so the release needs no deadline timer.
   */
  private release(): Promise<void> | undefined {
    return this.pumping === undefined ? this.closeSource(NO_ERROR) : this.releaseAfterPump(this.pumping);
  }

  private async releaseAfterPump(pumping: Promise<boolean>): Promise<void> {
    let error: unknown = NO_ERROR;
    // Never close an iterator whose next() is pending: wait for the in-flight pump first. A pump
    // still in flight here was interrupted by the stop (one that failed before it was handled by
    // pullOne), so its rejection, whatever its type, is the echo of the stop, not a failure.
    try {
      await pumping;
    } catch (pumpError) {
      // A run read inside the pull (a stage written as a generator over `gen.iterate({ signal })`)
      // rejects with this abort and its own cleanup failures attached: those are real.
      const attached = failuresBesideEcho(pumpError, this.abortReason, isSuppressedError, combineErrors);
      if (attached === undefined) stopEcho(pumpError, 'a pull interrupted by the stop of its run');
      else error = attached.failures;
    }
    await this.closeSource(error);
  }

  /** Closes the source after `error` (or NO_ERROR) and ends the release; undefined when that was synchronous and nothing failed. */
  private closeSource(error: unknown): Promise<void> | undefined {
    let closed: void | Promise<void>;
    try {
      closed = this.source?.close();
    } catch (closeError) {
      return this.endRelease(combineErrors(error, closeError));
    }
    if (closed === undefined) return this.endRelease(error);
    return Promise.resolve(closed).then(
      () => this.endRelease(error),
      (closeError: unknown) => this.endRelease(combineErrors(error, closeError)),
    );
  }

  private endRelease(error: unknown): Promise<void> | undefined {
    this.unlinkParent?.();
    this.released?.();
    return error === NO_ERROR ? undefined : Promise.reject(error);
  }

  private takeFailure(): unknown {
    const failure = this.failure;
    this.failure = NO_ERROR;
    return failure;
  }

  private settled(): Promise<Step<T, E>> {
    return new Promise<Step<T, E>>((resolve, reject) => this.settle({ resolve, reject }));
  }

  /** Answers `waiter` with what the run has now: a queued item, an undelivered failure, or the end (a feed: handed over, or more later). */
  private settle(waiter: Waiter<T, E>): void {
    if (this.feed !== undefined && this.queue.length > 0) return waiter.resolve(FED); // handed over by the next feed
    if (this.queue.length > 0) return waiter.resolve({ done: false, value: this.queue.shift() as Result<T, E> });
    const failure = this.takeFailure();
    if (failure !== NO_ERROR) return waiter.reject(failure);
    waiter.resolve(this.feed === undefined || this.exhausted || this.stopRequested ? DONE : FED);
  }
}
