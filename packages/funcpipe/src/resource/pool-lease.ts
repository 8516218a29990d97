import { resourceHooks, type Released } from '../internal/resource-hooks.js';
import { LeaseReleasedError } from './pool-errors.js';

/**
 * One item lent by a pool, until it is handed back. Hand it back exactly once: with
 * `await using lease = await pool.acquire()` that happens on every exit path.
 *
 * - `release()` returns the item to the pool (straight to the first waiter, if any). On a closed
 *   pool the item is destroyed instead and `release()` resolves once that is done (a destroy
 *   failure is reported by `pool.close()`, not here).
 * - `destroy()` destroys the item instead of returning it (use it for a broken connection) and
 *   frees its slot; it rejects with the destroy failure, if any.
 * - A second `release()` / `destroy()` rejects with {@link LeaseReleasedError} and changes
 *   nothing; reading `value` after the hand-back throws it.
 * - `[Symbol.asyncDispose]()` releases the lease, and is a no-op if it was already released or
 *   destroyed, so an explicit early `release()` inside an `await using` block is fine.
 *
 * @example
 * ```ts
 * await using lease = await pool.acquire();
 * lease.value.write('PING\n');
 * ```
 */
export interface PoolLease<T> extends AsyncDisposable {
  /** The item. Throws {@link LeaseReleasedError} once the lease was handed back. */
  readonly value: T;
  /** True once `release()` or `destroy()` was called. */
  readonly released: boolean;
  /** Returns the item to the pool. Rejects with {@link LeaseReleasedError} on a second call. */
  release(): Promise<void>;
  /** Destroys the item instead of returning it. Rejects with {@link LeaseReleasedError} on a second call. */
  destroy(): Promise<void>;
}

/** The pool's own record of one created item; identity matters, as items may compare equal. */
export interface PoolSlot<T> {
  readonly value: T;
}

/** How a lease hands its slot back: `discard` asks for the item to be destroyed. */
export type GiveBack<T> = (slot: PoolSlot<T>, discard: boolean) => Promise<void>;

/** The lease handed out by `createPool`'s `acquire()`. */
export class Lease<T> implements PoolLease<T> {
  readonly #pool: string;
  readonly #slot: PoolSlot<T>;
  readonly #giveBack: GiveBack<T>;
  #released = false;
  readonly #tracked: Released | undefined;

  constructor(pool: string, slot: PoolSlot<T>, giveBack: GiveBack<T>) {
    this.#pool = pool;
    this.#slot = slot;
    this.#giveBack = giveBack;
    this.#tracked = resourceHooks.current?.acquired('pool lease', this);
  }

  get value(): T {
    if (this.#released) throw new LeaseReleasedError(this.#pool, 'read the value');
    return this.#slot.value;
  }

  get released(): boolean {
    return this.#released;
  }

  release(): Promise<void> {
    return this.#handBack(false, 'release');
  }

  destroy(): Promise<void> {
    return this.#handBack(true, 'destroy');
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.#released ? Promise.resolve() : this.#handBack(false, 'release');
  }

  #handBack(discard: boolean, action: string): Promise<void> {
    if (this.#released) return Promise.reject(new LeaseReleasedError(this.#pool, action));
    this.#released = true;
    this.#tracked?.();
    return this.#giveBack(this.#slot, discard);
  }
}
