import type { Runnable } from './async-protocol.js';
import { BoundedBuffer } from './bounded-buffer.js';
import { ChildReader } from './child-reader.js';
import type { TaskGroup } from './task-group.js';
import type { Result } from '../../result/result.js';

/**
 * A child of a merging operator (gather, merge, buffer): a run of `gen` owned by `group`, read
 * ahead into a buffer of `bufferSize` items by its own {@link ChildReader}, which pauses while
 * the buffer is full. `onReady` is called when the buffer goes from empty to non-empty, `onEnd`
 * once the child is exhausted; the operator takes items with {@link take}.
 */
export class BufferedChild<T, E> {
  readonly buffer: BoundedBuffer<Result<T, E>>;
  private readonly reader: ChildReader<T, E>;

  /**
   * @param offer - asked first with an item that arrives while the buffer is empty: true when it
   *   took the item (handed it straight on), so it is not buffered; by default it takes none.
   */
  constructor(
    group: TaskGroup,
    gen: Runnable<T, E>,
    bufferSize: number,
    onReady: () => void,
    onEnd: () => void,
    offer: (item: Result<T, E>) => boolean = takesNone,
  ) {
    const buffer = (this.buffer = new BoundedBuffer<Result<T, E>>(bufferSize));
    this.reader = new ChildReader(
      group,
      gen,
      () => !buffer.full,
      (item) => {
        if (buffer.length === 0 && offer(item)) return;
        buffer.push(item);
        if (buffer.length === 1) onReady();
      },
      onEnd,
    );
  }

  /** True once the child is exhausted or failed (its buffer may still hold items). */
  get done(): boolean {
    return this.reader.done;
  }

  /** Starts reading (and resumes after an item was taken). */
  pull(): void {
    this.reader.pull();
  }

  /** Removes the oldest buffered item (the caller knows the buffer is not empty) and lets the reader refill. */
  take(): Result<T, E> {
    const item = this.buffer.shift() as Result<T, E>;
    this.reader.pull();
    return item;
  }
}

function takesNone(): boolean {
  return false;
}
