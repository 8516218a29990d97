import type { Control, RunContext, SourceRun } from './async-protocol.js';
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
