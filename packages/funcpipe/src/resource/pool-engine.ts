import { checkSignal } from '../internal/check.js';
import { checkOptions } from '../internal/options.js';
import { NO_ERROR } from './combine-errors.js';
import type { AcquireOptions, Pool, PoolStats } from './pool-contract.js';
import { PoolClosedError, PoolTimeoutError } from './pool-errors.js';
import { Lease, type GiveBack, type PoolLease, type PoolSlot } from './pool-lease.js';
import type { ResolvedPoolOptions } from './pool-options.js';
import { PoolSlots } from './pool-slots.js';
import { Waiter } from './pool-waiter.js';

// How a pool serves acquires. Every slot reserved for a waiter, a warm() create or a destroy is
// counted in `pending` until it turns into an idle or lent item or is freed; `#afterChange()` runs
// whenever a slot frees up, to serve the next waiter or to finish a close.

type LeaseWaiter<T> = Waiter<PoolLease<T>>;

/** The state machine behind {@link createPool}: a FIFO queue of waiters over a {@link PoolSlots} book. */
export class ItemPool<T> implements Pool<T> {
  readonly #o: ResolvedPoolOptions<T>;
  readonly #slots: PoolSlots<T>;
  readonly #queue: LeaseWaiter<T>[] = [];
  readonly #serving = new Set<LeaseWaiter<T>>();
  readonly #spareCreates = new Set<AbortController>();
  readonly #giveBack: GiveBack<T> = (slot, discard) => this.#takeBack(slot, discard);
  #closing: Promise<void> | undefined;
  #drained: (() => void) | undefined;

  constructor(options: ResolvedPoolOptions<T>) {
    this.#o = options;
    this.#slots = new PoolSlots(options.destroy, () => this.#afterChange());
  }

  get name(): string {
    return this.#o.name;
  }

  stats(): PoolStats {
    const { size, idle, inUse, pending } = this.#slots;
    return { size, idle: idle.length, inUse, pending, waiting: this.#queue.length + this.#serving.size };
  }

  async acquire(options: AcquireOptions = {}): Promise<PoolLease<T>> {
    checkOptions('pool.acquire', options, ['signal']);
    const { signal } = options;
    checkSignal('pool.acquire', signal);
    if (this.#closing !== undefined) throw new PoolClosedError(this.#o.name);
    signal?.throwIfAborted();
    const ready = this.#queue.length === 0 && this.#o.validate === undefined ? this.#slots.idle.pop() : undefined;
    if (ready !== undefined) return this.#lend(ready);
    const { name, acquireTimeoutMs } = this.#o;
    const waiter: LeaseWaiter<T> = new Waiter(
      signal,
      acquireTimeoutMs,
      () => new PoolTimeoutError(name, acquireTimeoutMs),
      (w, reason) => this.#giveUp(w, reason),
    );
    this.#queue.push(waiter);
    this.#pump();
    return waiter.promise;
  }

  async warm(): Promise<void> {
    if (this.#closing !== undefined) throw new PoolClosedError(this.#o.name);
    const creations: Promise<void>[] = [];
    for (let missing = this.#o.min - this.#slots.size; missing > 0; missing--) {
      this.#slots.pending += 1;
      creations.push(this.#createSpare());
    }
    const failures = (await Promise.allSettled(creations)).flatMap((o) => (o.status === 'rejected' ? [o.reason] : []));
    if (this.#closing !== undefined) throw new PoolClosedError(this.#o.name);
    if (failures.length === 1) throw failures[0];
    if (failures.length > 1) throw new AggregateError(failures, `pool "${this.#o.name}": ${failures.length} creates failed in warm()`);
  }

  close(): Promise<void> {
    if (this.#closing !== undefined) return this.#closing;
    const closed = new PoolClosedError(this.#o.name);
    this.#closing = new Promise<void>((resolve) => (this.#drained = resolve)).then(() => this.#slots.throwUnreported());
    for (const controller of this.#spareCreates) controller.abort(closed);
    for (const waiter of this.#queue.splice(0)) waiter.abandon(closed);
    for (const waiter of this.#serving) waiter.abandon(closed);
    this.#serving.clear();
    const idle = this.#slots.idle.splice(0);
    this.#slots.pending += idle.length;
    for (const slot of idle) void this.#slots.destroyReserved(slot, false);
    this.#afterChange();
    return this.#closing;
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  /** Serves queued waiters while an idle item or a free slot exists. */
  #pump(): void {
    for (let waiter = this.#queue[0]; waiter !== undefined && this.#closing === undefined; waiter = this.#queue[0]) {
      const slot = this.#slots.idle.pop();
      if (slot === undefined && this.#slots.size >= this.#o.max) return;
      this.#queue.shift();
      this.#startServing(waiter, slot, slot !== undefined);
    }
  }

  #startServing(waiter: LeaseWaiter<T>, slot: PoolSlot<T> | undefined, check: boolean): void {
    this.#slots.pending += 1;
    this.#serving.add(waiter);
    void this.#serve(waiter, slot, check);
  }

  /** Gets `waiter` a usable item within the slot reserved for it (counted in `pending`). */
  async #serve(waiter: LeaseWaiter<T>, taken: PoolSlot<T> | undefined, check: boolean): Promise<void> {
    let slot = taken;
    let needsCheck = check;
    for (;;) {
      if (slot === undefined) {
        try {
          slot = { value: await this.#o.create(waiter.createSignal) };
        } catch (error) {
          return this.#endService(waiter, error);
        }
        needsCheck = false;
      }
      const { validate } = this.#o;
      if (!needsCheck || validate === undefined) break;
      let valid: boolean;
      try {
        valid = (await validate(slot.value)) === true;
      } catch (error) {
        await this.#slots.destroyInSlot(slot);
        return this.#endService(waiter, error);
      }
      if (valid) break;
      await this.#slots.destroyInSlot(slot);
      slot = undefined;
      if (waiter.settled || this.#closing !== undefined) return this.#endService(waiter, NO_ERROR);
    }
    this.#slots.pending -= 1;
    this.#serving.delete(waiter);
    if (this.#closing !== undefined) return this.#slots.destroyUncounted(slot);
    if (waiter.succeed(new Lease(this.#o.name, slot, this.#giveBack))) this.#slots.inUse += 1;
    else this.#putBack(slot, false);
  }

  /** Frees the waiter's slot without an item; fails the waiter unless it already gave up. */
  #endService(waiter: LeaseWaiter<T>, error: unknown): void {
    this.#slots.pending -= 1;
    this.#serving.delete(waiter);
    if (error !== NO_ERROR) waiter.fail(error);
    this.#afterChange();
  }

  #giveUp(waiter: LeaseWaiter<T>, reason: unknown): void {
    const at = this.#queue.indexOf(waiter);
    if (at !== -1) this.#queue.splice(at, 1);
    this.#serving.delete(waiter);
    waiter.abandon(reason);
  }

  #lend(slot: PoolSlot<T>): PoolLease<T> {
    this.#slots.inUse += 1;
    return new Lease(this.#o.name, slot, this.#giveBack);
  }

  /** An uncounted item comes back: to the first waiter, else to the idle list (destroyed once closing). */
  #putBack(slot: PoolSlot<T>, check: boolean): void {
    if (this.#closing !== undefined) return void this.#slots.destroyUncounted(slot);
    const waiter = this.#queue.shift();
    if (waiter === undefined) this.#slots.idle.push(slot);
    else this.#startServing(waiter, slot, check);
  }

  #takeBack(slot: PoolSlot<T>, discard: boolean): Promise<void> {
    this.#slots.inUse -= 1;
    if (discard || this.#closing !== undefined) {
      this.#slots.pending += 1;
      return this.#slots.destroyReserved(slot, discard);
    }
    this.#putBack(slot, true);
    return Promise.resolve();
  }

  /** Creates an item for `warm()` in a slot already counted; close() aborts its signal. */
  async #createSpare(): Promise<void> {
    const controller = new AbortController();
    this.#spareCreates.add(controller);
    let slot: PoolSlot<T>;
    try {
      slot = { value: await this.#o.create(controller.signal) };
    } catch (error) {
      this.#slots.pending -= 1;
      this.#afterChange();
      if (this.#closing === undefined) throw error;
      return;
    } finally {
      this.#spareCreates.delete(controller);
    }
    this.#slots.pending -= 1;
    this.#putBack(slot, false);
  }

  #afterChange(): void {
    if (this.#closing === undefined) this.#pump();
    else if (this.#slots.size === 0) this.#drained?.();
  }
}
