/**
 * A first-in first-out queue of fixed capacity, stored in a ring (O(1) `push` and `shift`).
 * Concurrent operators use it for every buffer they hold, so memory stays bounded by
 * construction: a producer checks `full` and waits instead of pushing.
 *
 * The capacity is a bound, not an allocation: the ring starts small and doubles as items arrive
 * (never beyond what is held), so any capacity an option accepts works, up to `Infinity`, and a
 * large bound costs nothing until it is used.
 */
export class BoundedBuffer<X> {
  private slots: (X | undefined)[] = new Array<X | undefined>(4);
  private head = 0;
  private size = 0;

  constructor(readonly capacity: number) {}

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
    if (this.size === this.slots.length) this.grow();
    this.slots[(this.head + this.size) % this.slots.length] = item;
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
    this.head = (this.head + 1) % this.slots.length;
    this.size--;
    return item;
  }

  /** Removes every item. */
  clear(): void {
    this.slots.fill(undefined);
    this.head = 0;
    this.size = 0;
  }

  /** Doubles the ring, keeping the items in order from index 0. */
  private grow(): void {
    const { slots, head, size } = this;
    const larger = new Array<X | undefined>(slots.length * 2);
    for (let i = 0; i < size; i++) larger[i] = slots[(head + i) % slots.length];
    this.slots = larger;
    this.head = 0;
  }
}
