import type { Result } from '../../result/result.js';
import type { Control, RunContext, Runnable } from './async-protocol.js';
import { CallContext, CallRegistry, type MapAsyncContext } from './call-context.js';
import { checkLimit, describe } from '../../internal/check.js';
import { checkOptions } from '../../internal/options.js';
import { stopEcho } from '../../internal/stop-echo.js';
import { ChildReader } from './child-reader.js';
import { ConcurrentRun } from './concurrent-run.js';

export type { MapAsyncContext } from './call-context.js';

/** The asynchronous function of a parallel map. */
export type AsyncMapper<T, U> = (value: T, context: MapAsyncContext) => U | PromiseLike<U>;

/**
 * What a parallel map does with a call that threw or rejected, instead of failing the run: its
 * outcome becomes the item's result (a call policy recovering: retries, or an `Err` marker).
 */
export type Recover<T, U> = (error: unknown, value: T, context: MapAsyncContext) => U | PromiseLike<U>;

/** Validates the options object of `mapAsync` / `mapAsyncUnordered` (named `where` in the errors). */
export function checkParallelMapOptions(where: string, options: unknown, ordered: boolean): asserts options is { concurrency: number; ordered?: boolean } {
  if (!ordered && typeof options === 'object' && options !== null && Object.hasOwn(options, 'ordered')) {
    throw new TypeError(`${where}: \`options.ordered\` is not an option here (use mapAsync for ordered output)`);
  }
  checkOptions(where, options, ordered ? ['concurrency', 'ordered', 'retry', 'timeout'] : ['concurrency', 'retry', 'timeout']);
  const { concurrency, ordered: flag } = options as { concurrency?: unknown; ordered?: unknown };
  checkLimit(where, 'options.concurrency', concurrency, 1);
  if (flag !== undefined && typeof flag !== 'boolean') throw new TypeError(`${where}: expected \`options.ordered\` to be a boolean, got ${describe(flag)}`);
}

/** The failure that will end a run once everything before it is delivered. */
export interface PendingFailure {
  /** The position it happened at: a call's item, or for an upstream failure the next position. */
  readonly index: number;
  readonly error: unknown;
}

/**
 * One run of a bounded parallel map: the part shared by the ordered and the unordered variant.
 *
 * A single reader pulls the upstream (a child run owned by the group) only while the variant
 * reports room (`hasRoom`: fewer than `concurrency` items taken but not yet emitted), so a slow
 * mapper or a slow consumer stops the upstream; each item goes to `accept`, which starts a call
 * (an `Ok`) or places the item as it is (an `Err`). A mapper that returns a plain value settles
 * at once, without a promise.
 *
 * Failure (a call throws or rejects, or the upstream fails) is deterministic: it becomes the
 * run's {@link PendingFailure}; the upstream is no longer read, and the calls that the variant
 * says will not be delivered ({@link abandons}) are aborted through their own signals. The
 * variant delivers what comes before the failure, then calls {@link failNow}, which fails the
 * group: everything left is cancelled and awaited, and the pull rejects with the error. A later
 * failure at an earlier position replaces it (it is what a sequential map would have hit); the
 * outcomes of abandoned calls are discarded, their rejections published as stop echoes.
 * With `recover` (call policies), a call that throws or rejects is handed to it instead, and its
 * outcome is the item's result (a failure of `recover` itself is the item's failure).
 */
export abstract class ParallelMapRun<T, U, E> extends ConcurrentRun {
  private reader: ChildReader<T, E> | undefined;
  private index = 0;
  private readonly calls: CallRegistry;
  /** Set once something failed; see the class comment. */
  protected failure: PendingFailure | undefined;
  private failureDelivered = false;

  constructor(
    private readonly upstream: Runnable<T, E>,
    protected readonly f: AsyncMapper<T, U>,
    protected readonly concurrency: number,
    context: RunContext,
    control: Control,
    private readonly recover?: Recover<T, U>,
  ) {
    super(context, control, concurrency + 1);
    this.calls = new CallRegistry(this.group.signal);
  }

  /** True when one more upstream item may be taken. */
  protected abstract hasRoom(): boolean;
  /** Takes one upstream item: starts `f` on an `Ok` (through {@link call}), places an `Err` as it is. */
  protected abstract accept(item: Result<T, E>, index: number): void;
  /** True when the call at `index` will not be delivered once the run fails at `failure`. */
  protected abstract abandons(index: number, failure: PendingFailure): boolean;

  /** True once the upstream is exhausted (and released). */
  protected get upstreamDone(): boolean {
    return this.reader?.done === true;
  }

  protected begin(): void {
    const { group } = this;
    this.reader = new ChildReader(
      group,
      this.upstream,
      () => this.failure === undefined && this.hasRoom(),
      this.received,
      () => this.deliver(),
      (error) => this.failAt(this.index, error),
    );
    this.reader.pull();
  }

  /** Tells the reader that an item left (was emitted), so there may be room again. */
  protected freed(): void {
    this.reader?.pull();
  }

  /**
   * Calls `f` on `value`; `settle` receives its result (at once for a plain value), unless the
   * call was abandoned meanwhile. A throw or a rejection becomes the run's pending failure.
   */
  protected call(value: T, index: number, settle: (result: U) => void): void {
    const { group, recover } = this;
    const context = new CallContext(index, this.calls);
    let result: U | PromiseLike<U>;
    try {
      result = this.f(value, context);
    } catch (error) {
      if (recover === undefined) {
        context.settled();
        this.failAt(index, error);
      } else this.recovered(recover, error, value, context, settle);
      return;
    }
    if (!isPromiseLike(result)) {
      context.settled();
      settle(result);
      return;
    }
    group.track(Promise.resolve(result), (resolved) => this.settled(context, resolved, settle), (error: unknown) => {
      if (recover === undefined) this.failed(context, error);
      else this.recovered(recover, error, value, context, settle);
    });
  }

  /** Fails the group with the pending failure: call it once everything before it is delivered. */
  protected failNow(): never {
    this.failureDelivered = true;
    return this.group.failAndThrow((this.failure as PendingFailure).error);
  }

  /**
   * Closes the run. A pending failure the consumer never reached (it stopped at an earlier
   * position, as a sequential map would never have run that item) is not thrown, but published
   * on the stop-echo channel, so it can still be seen.
   */
  override async close(): Promise<void> {
    try {
      await super.close();
    } finally {
      this.calls.close();
      if (this.failure !== undefined && !this.failureDelivered) stopEcho(this.failure.error, 'a parallel map failure past the point where the consumer stopped');
    }
  }

  /**
   * Hands a failed call to `recover`; its outcome settles the item like the call would have. The
   * call's signal stays linked until then (a retry passes it on).
   */
  private recovered(recover: Recover<T, U>, error: unknown, value: T, context: CallContext, settle: (result: U) => void): void {
    let outcome: U | PromiseLike<U>;
    try {
      outcome = recover(error, value, context);
    } catch (recoverError) {
      this.failed(context, recoverError);
      return;
    }
    if (isPromiseLike(outcome)) this.group.track(Promise.resolve(outcome), (resolved) => this.settled(context, resolved, settle), (e: unknown) => this.failed(context, e));
    else this.settled(context, outcome, settle);
  }

  private settled(context: CallContext, result: U, settle: (result: U) => void): void {
    context.settled();
    if (this.failure === undefined || !this.abandons(context.index, this.failure)) settle(result);
  }

  private failed(context: CallContext, error: unknown): void {
    context.settled();
    this.failAt(context.index, error);
  }

  private failAt(index: number, error: unknown): void {
    const { failure, group } = this;
    if (group.cancelled || (failure !== undefined && this.abandons(index, failure))) {
      stopEcho(error, 'a parallel map call abandoned after a failure');
      return;
    }
    const next: PendingFailure = { index, error };
    if (failure !== undefined) stopEcho(failure.error, 'a parallel map failure replaced by one at an earlier position');
    this.failure = next;
    this.calls.abortWhere((at) => this.abandons(at, next), error);
    this.deliver();
  }

  private readonly received = (item: Result<T, E>): void => {
    const index = this.index++;
    if (this.failure !== undefined && index >= this.failure.index) return; // never reached sequentially
    this.accept(item, index);
  };
}

function isPromiseLike<U>(value: U | PromiseLike<U>): value is PromiseLike<U> {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
}
