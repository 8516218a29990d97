import type { AsyncRun } from '../async-run.js';
import type { Result } from '../../result/result.js';
import type { TaskGroup } from './task-group.js';

/**
 * The pump of one child run of a concurrent operator: it pulls the child while its consumer has
 * room (`hasRoom`), one pull in flight at most, and hands each item to `onItem`. The operator
 * calls `pull()` again whenever room may have appeared (an item left its buffer). Every pull is
 * tracked by the group; a pull that rejects goes to `onFail` (by default it fails the group; the
 * child has already released everything); the end of the child is reported once through `onEnd`.
 */
export class ChildReader<T, E> {
  private reading = false;
  private ended = false;

  constructor(
    private readonly group: TaskGroup,
    private readonly run: AsyncRun<T, E>,
    private readonly hasRoom: () => boolean,
    private readonly onItem: (item: Result<T, E>) => void,
    private readonly onEnd: () => void,
    private readonly onFail: (error: unknown) => void = group.fail,
  ) {}

  /** True once the child is exhausted or failed. */
  get done(): boolean {
    return this.ended;
  }

  /** Starts the next pull, unless one is in flight, the child ended, the group is cancelled, or there is no room. */
  pull(): void {
    if (this.reading || this.ended || this.group.cancelled || !this.hasRoom()) return;
    this.reading = true;
    this.group.track(this.run.next(), this.received, this.failed);
  }

  private readonly received = (step: IteratorResult<Result<T, E>, undefined>): void => {
    this.reading = false;
    if (this.group.cancelled) return;
    if (step.done === true) {
      this.finish();
      this.onEnd();
      return;
    }
    this.onItem(step.value);
    this.pull();
  };

  private readonly failed = (error: unknown): void => {
    this.reading = false;
    this.finish();
    this.onFail(error);
  };

  private finish(): void {
    this.ended = true;
    this.group.release(this.run as AsyncRun<unknown, unknown>);
  }
}
