import type { Control, Emitter, RunContext, SourceRun } from './async-protocol.js';
import type { Result } from '../../result/result.js';
import { emitResult } from './child-runs.js';
import { TaskGroup } from './task-group.js';

/** `drain` found nothing ready: the consumer waits until a producer calls `deliver()`. */
export const WAIT: unique symbol = Symbol('funcpipe.wait');

/** What `drain` reports: `true` the run is finished, `false` the consumer has had enough for now, or {@link WAIT}. */
export type Drained = boolean | typeof WAIT;

interface Waiter {
  resolve(finished: boolean): void;
  reject(error: unknown): void;
}

/**
 * The consumer side shared by every concurrent operator (gather, parallel map): a
 * {@link SourceRun} whose producers are child readers and calls tracked by a {@link TaskGroup},
 * filling bounded buffers, and whose `pump` hands out what is ready.
 *
 * `pump` starts the work on the first pull (`begin`), then delivers a failure or a cancellation
 * (`check`) and hands out ready items (`drain`) while the consumer pulls. When nothing is ready
 * it returns a pending promise, and producers call `deliver()` as items become ready: they are
 * handed out right there, without a wake-up hop per item, and the promise settles once the
 * consumer has had enough, the run is finished, or it failed or was cancelled. `deliver()` may
 * be called from inside `drain` (a feeding child pushing synchronously): see {@link deliver}.
 * `close` is the group's close: everything is cancelled and awaited before it settles.
 */
export abstract class ConcurrentRun implements SourceRun {
  protected readonly group: TaskGroup;
  private begun = false;
  private waiter: Waiter | undefined;
  private stepping = false;
  private again = false;

  /** @param width - the most child runs and calls alive at once (see {@link TaskGroup}) */
  constructor(
    context: RunContext,
    protected readonly control: Control,
    width: number,
  ) {
    this.group = new TaskGroup(context, width, () => this.deliver());
  }

  pump(): boolean | Promise<boolean> {
    if (!this.begun) {
      this.begun = true;
      this.group.start();
      this.begin();
    }
    const now = this.step();
    if (now !== WAIT) return now;
    return new Promise<boolean>((resolve, reject) => {
      this.waiter = { resolve, reject };
    });
  }

  close(): Promise<void> {
    return this.group.close();
  }

  /** Starts the producers (first pull). */
  protected abstract begin(): void;
  /** Hands ready items to the consumer while `control.pulling`; reports how it stopped. */
  protected abstract drain(): Drained;

  /**
   * Called by producers when the consumer may have something new: an item, an end, a failure, a
   * cancellation. Re-entrant: a producer may call it from inside a step (a feeding child whose
   * source is synchronous pushes while `drain` pulls it); that call only asks the running step
   * to look again before it reports WAIT.
   */
  protected deliver(): void {
    if (this.stepping) {
      this.again = true;
      return;
    }
    const waiter = this.waiter;
    if (waiter === undefined) return;
    let now: Drained;
    try {
      now = this.step();
    } catch (error) {
      this.waiter = undefined;
      waiter.reject(error);
      return;
    }
    if (now === WAIT) return;
    this.waiter = undefined;
    waiter.resolve(now);
  }

  /**
   * Hands `item` straight to `out` when the consumer is waiting for it (its pull pending, no step
   * running, the group live, the consumer still pulling), as the step that `deliver()` would run
   * does, minus the buffering: for an item that would be the only one ready. Returns false when it
   * did nothing (the caller buffers the item and calls `deliver()`). As in a step, a throw of the
   * emission rejects the consumer's pull, and a consumer that has had enough gets its pull settled.
   */
  protected passOn<T, E>(out: Emitter<T, E>, item: Result<T, E>): boolean {
    const { waiter, control } = this;
    if (waiter === undefined || this.stepping || this.group.cancelled || !control.pulling || control.stopped) return false;
    try {
      emitResult(out, item);
    } catch (error) {
      this.waiter = undefined;
      waiter.reject(error);
      return true;
    }
    if (!control.pulling || control.stopped) {
      this.waiter = undefined;
      waiter.resolve(false);
    }
    return true;
  }

  private step(): Drained {
    this.stepping = true;
    try {
      let now: Drained;
      do {
        this.again = false;
        this.group.check();
        now = this.drain();
      } while (now === WAIT && this.again);
      return now;
    } finally {
      this.stepping = false;
    }
  }
}
