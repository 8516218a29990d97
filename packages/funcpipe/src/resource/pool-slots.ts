import { combineErrors, NO_ERROR } from './combine-errors.js';
import type { PoolSlot } from './pool-lease.js';

/**
 * A pool's book of its items. Every item is idle, lent (`inUse`), or in a `pending` slot (being
 * created, validated or destroyed), so `size` counts everything that exists or is on its way.
 * Destroy failures the pool cannot hand to a caller are kept here until `close()` reports them.
 */
export class PoolSlots<T> {
  readonly idle: PoolSlot<T>[] = [];
  inUse = 0;
  pending = 0;
  #unreported: unknown = NO_ERROR;
  readonly #destroy: (item: T) => void | Promise<void>;
  readonly #onFree: () => void;

  /** `onFree` runs each time a destroy frees a slot. */
  constructor(destroy: (item: T) => void | Promise<void>, onFree: () => void) {
    this.#destroy = destroy;
    this.#onFree = onFree;
  }

  get size(): number {
    return this.idle.length + this.inUse + this.pending;
  }

  /**
   * Destroys an item whose slot is counted in `pending`, then frees the slot. A failure is
   * thrown when `toCaller`, else kept for `close()`.
   */
  async destroyReserved(slot: PoolSlot<T>, toCaller: boolean): Promise<void> {
    try {
      await this.#destroy(slot.value);
    } catch (error) {
      if (toCaller) throw error;
      this.#keep(error);
    } finally {
      this.pending -= 1;
      this.#onFree();
    }
  }

  /** Counts an item that is in no slot yet, then destroys it like {@link destroyReserved}. */
  destroyUncounted(slot: PoolSlot<T>): Promise<void> {
    this.pending += 1;
    return this.destroyReserved(slot, false);
  }

  /** Destroys an item while its slot stays reserved for something else; a failure is kept. */
  async destroyInSlot(slot: PoolSlot<T>): Promise<void> {
    try {
      await this.#destroy(slot.value);
    } catch (error) {
      this.#keep(error);
    }
  }

  /** Throws the kept destroy failures (merged with `combineErrors`), once. */
  throwUnreported(): void {
    const failure = this.#unreported;
    this.#unreported = NO_ERROR;
    if (failure !== NO_ERROR) throw failure;
  }

  #keep(error: unknown): void {
    this.#unreported = combineErrors(this.#unreported, error);
  }
}
