/**
 * A first-in first-out queue of fixed capacity, stored in a ring (O(1) `push` and `shift`, no
 * reallocation). Concurrent operators use it for every buffer they hold, so memory stays
 * bounded by construction: a producer checks `full` and waits instead of pushing.
 */
export class BoundedBuffer<X> {
  private readonly slots: (X | undefined)[];
  private head = 0;
  private size = 0;

  constructor(readonly capacity: number) {
    this.slots = new Array<X | undefined>(capacity);
  }

  /** The number of items held. */
  get length(): number {
    return this.size;
  }

  /** True when `push` would exceed the capacity. */
  get full(): boolean {
    return this.size >= this.capacity;
  }

  /** Appends `item`; pushing into a full buffer is a bug in the caller and throws. */
  push(item: X): void {
    if (this.size >= this.capacity) throw new RangeError(`BoundedBuffer: capacity ${this.capacity} exceeded`);
    this.slots[(this.head + this.size) % this.capacity] = item;
    this.size++;
  }

  /** The oldest item, without removing it. */
  peek(): X | undefined {
    return this.size === 0 ? undefined : this.slots[this.head];
  }

  /** Removes and returns the oldest item (`undefined` when empty). */
  shift(): X | undefined {
    if (this.size === 0) return undefined;
    const item = this.slots[this.head];
    this.slots[this.head] = undefined;
    this.head = (this.head + 1) % this.capacity;
    this.size--;
    return item;
  }
}
