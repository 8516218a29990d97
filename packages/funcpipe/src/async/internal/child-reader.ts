import type { AsyncRun } from '../async-run.js';
import { Err, Ok, type Result } from '../../result/result.js';
import type { Emitter, Runnable } from './async-protocol.js';
import type { TaskGroup } from './task-group.js';

/**
 * The pump of one child run of a concurrent operator. The child runs in feed mode: while its
 * consumer has room (`hasRoom`), it pushes its items straight to `onItem`, as plain calls (no
 * promise per item when its source has them ready); one pull is in flight at most, and it ends
 * when the room runs out or the child ends. The operator calls `pull()` again whenever room may
 * have appeared (an item left its buffer). Every pull is tracked by the group; a pull that
 * rejects goes to `onFail` (by default it fails the group; the child has already released
 * everything); the end of the child is reported once through `onEnd`. `onItem` may be called
 * synchronously from inside `pull()` (a child whose source is synchronous): operators make
 * their wake-ups re-entrant (see `ConcurrentRun.deliver`).
 */
export class ChildReader<T, E> {
  private readonly run: AsyncRun<T, E>;
  private reading = false;
  private ended = false;

  constructor(
    private readonly group: TaskGroup,
    gen: Runnable<T, E>,
    private readonly hasRoom: () => boolean,
    onItem: (item: Result<T, E>) => void,
    private readonly onEnd: () => void,
    private readonly onFail: (error: unknown) => void = group.fail,
  ) {
    const into: Emitter<T, E> = {
      ok: (value) => onItem(new Ok(value)),
      err: (error) => onItem(new Err(error)),
      end: () => {},
    };
    this.run = group.child(gen, { into, wants: hasRoom });
  }

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
    this.pull(); // the room ran out during the feed; the consumer may have made some since
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
