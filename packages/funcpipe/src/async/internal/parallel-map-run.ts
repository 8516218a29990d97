import type { Result } from '../../result/result.js';
import type { Control, RunContext, Runnable } from './async-protocol.js';
import { checkInteger, describe } from '../../internal/check.js';
import { ChildReader } from './child-reader.js';
import { ConcurrentRun } from './concurrent-run.js';

/** What a parallel mapper receives with each value. */
export interface MapAsyncContext {
  /** Aborted when the run stops (consumer stop, external abort, or another call's failure): pass it to the I/O you start. */
  readonly signal: AbortSignal;
  /** The position of the item in the upstream stream, counting `Ok` and `Err` items alike (0-based). */
  readonly index: number;
}

/** The asynchronous function of a parallel map. */
export type AsyncMapper<T, U> = (value: T, context: MapAsyncContext) => U | PromiseLike<U>;

/**
 * What a parallel map does with a call that threw or rejected, instead of failing the run: its
 * outcome becomes the item's result (a call policy recovering: retries, or an `Err` marker).
 */
export type Recover<T, U> = (error: unknown, value: T, context: MapAsyncContext) => U | PromiseLike<U>;

/** Validates the options object of `mapAsync` / `mapAsyncUnordered` (named `where` in the errors). */
export function checkParallelMapOptions(where: string, options: unknown, ordered: boolean): asserts options is { concurrency: number; ordered?: boolean } {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError(`${where}: expected \`options\` to be an object like { concurrency: 8 }, got ${describe(options)}`);
  }
  const { concurrency, ordered: flag } = options as { concurrency?: unknown; ordered?: unknown };
  checkInteger(where, 'options.concurrency', concurrency, 1);
  if (!ordered && flag !== undefined) throw new TypeError(`${where}: \`options.ordered\` is not an option here (use mapAsync for ordered output)`);
  if (flag !== undefined && typeof flag !== 'boolean') throw new TypeError(`${where}: expected \`options.ordered\` to be a boolean, got ${describe(flag)}`);
}

/**
 * One run of a bounded parallel map: the part shared by the ordered and the unordered variant.
 *
 * A single reader pulls the upstream (a child run owned by the group) only while the variant
 * reports room (`hasRoom`: fewer than `concurrency` items taken but not yet emitted), so a slow
 * mapper or a slow consumer stops the upstream; each item goes to `accept`, which starts a call
 * (an `Ok`) or places the item as it is (an `Err`). Calls are tracked by the group: the first
 * rejection fails the run, aborts the other calls through their signal and stops the upstream;
 * no new call starts. A mapper that returns a plain value settles at once, without a promise.
 * With `recover` (call policies), a call that throws or rejects is handed to it instead, and its
 * outcome is the item's result.
 */
export abstract class ParallelMapRun<T, U, E> extends ConcurrentRun {
  private reader: ChildReader<T, E> | undefined;
  private index = 0;

  constructor(
    private readonly upstream: Runnable<T, E>,
    protected readonly f: AsyncMapper<T, U>,
    protected readonly concurrency: number,
    context: RunContext,
    control: Control,
    private readonly recover?: Recover<T, U>,
  ) {
    super(context, control, concurrency + 1);
  }

  /** True when one more upstream item may be taken. */
  protected abstract hasRoom(): boolean;
  /** Takes one upstream item: starts `f` on an `Ok` (through {@link call}), places an `Err` as it is. */
  protected abstract accept(item: Result<T, E>, index: number): void;

  /** True once the upstream is exhausted (and released). */
  protected get upstreamDone(): boolean {
    return this.reader?.done === true;
  }

  protected begin(): void {
    const { group } = this;
    this.reader = new ChildReader(group, group.child(this.upstream), () => this.hasRoom(), this.received, () => this.deliver());
    this.reader.pull();
  }

  /** Tells the reader that an item left (was emitted), so there may be room again. */
  protected freed(): void {
    this.reader?.pull();
  }

  /**
   * Calls `f` on `value`; `settle` receives its result (at once for a plain value). A throw or a
   * rejection fails the group. After a cancellation `settle` may still run; it only fills a
   * buffer nobody reads any more.
   */
  protected call(value: T, index: number, settle: (result: U) => void): void {
    const { group, recover } = this;
    const context = { signal: group.signal, index };
    let result: U | PromiseLike<U>;
    try {
      result = this.f(value, context);
    } catch (error) {
      if (recover === undefined) group.fail(error);
      else this.recovered(error, value, context, settle);
      return;
    }
    if (!isPromiseLike(result)) settle(result);
    else if (recover === undefined) group.track(Promise.resolve(result), settle);
    else group.track(Promise.resolve(result), settle, (error) => this.recovered(error, value, context, settle));
  }

  /** Hands a failed call to `recover` (tracked like the call; a throw from it fails the group). */
  private recovered(error: unknown, value: T, context: MapAsyncContext, settle: (result: U) => void): void {
    const outcome = (this.recover as Recover<T, U>)(error, value, context);
    if (isPromiseLike(outcome)) this.group.track(Promise.resolve(outcome), settle);
    else settle(outcome);
  }

  private readonly received = (item: Result<T, E>): void => {
    this.accept(item, this.index++);
  };
}

function isPromiseLike<U>(value: U | PromiseLike<U>): value is PromiseLike<U> {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
}
