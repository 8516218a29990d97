import type { PoolLease } from './pool-lease.js';

/** A snapshot of a pool. `size = idle + inUse + pending`, and `size <= max` always. */
export interface PoolStats {
  /** Items that exist or are being created or destroyed. */
  readonly size: number;
  /** Items ready to lend. */
  readonly idle: number;
  /** Items lent out (leases not yet handed back). */
  readonly inUse: number;
  /** Slots busy with a `create`, a `validate` or a `destroy`. */
  readonly pending: number;
  /** `acquire()` calls not yet settled. */
  readonly waiting: number;
}

/** Options of one `acquire()`. */
export interface AcquireOptions {
  /** Gives up waiting: the acquire rejects with `signal.reason` and leaves the queue. */
  readonly signal?: AbortSignal;
}

/** A bounded pool of reusable items, made by {@link createPool}. */
export interface Pool<T> extends AsyncDisposable {
  /** The `name` option, used in every error. */
  readonly name: string;
  /** Resolves a lease on an idle, new or returned item; see {@link createPool} for the rules. */
  acquire(options?: AcquireOptions): Promise<PoolLease<T>>;
  /** Creates items until `min` exist; rejects with the create failure(s) after keeping the successes. */
  warm(): Promise<void>;
  /** Counts of the pool's items and waiters right now. */
  stats(): PoolStats;
  /** Closes the pool; resolves once every item is destroyed. Idempotent: later calls share the promise. */
  close(): Promise<void>;
}
