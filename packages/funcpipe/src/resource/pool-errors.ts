/**
 * Rejects every waiting and every later `acquire()` of a pool that is closing or closed, and a
 * `warm()` that the close interrupted. `pool` names the pool (its `name` option).
 *
 * @example
 * ```ts
 * try {
 *   await pool.acquire();
 * } catch (e) {
 *   if (e instanceof PoolClosedError) return; // shutting down: nothing to do
 *   throw e;
 * }
 * ```
 */
export class PoolClosedError extends Error {
  override readonly name = 'PoolClosedError';
  /** Machine-readable code, stable across releases. */
  readonly code = 'POOL_CLOSED';
  /** The name of the pool that was closed. */
  readonly pool: string;

  constructor(pool: string) {
    super(`pool "${pool}" is closed`);
    this.pool = pool;
  }
}

/**
 * Rejects an `acquire()` that waited longer than the pool's `acquireTimeoutMs`; the waiter has
 * been removed from the queue, so nothing is left behind.
 *
 * @example
 * ```ts
 * await assert.rejects(pool.acquire(), (e) => e instanceof PoolTimeoutError && e.timeoutMs === 50);
 * ```
 */
export class PoolTimeoutError extends Error {
  override readonly name = 'PoolTimeoutError';
  /** Machine-readable code, stable across releases. */
  readonly code = 'POOL_ACQUIRE_TIMEOUT';
  /** The name of the pool. */
  readonly pool: string;
  /** The `acquireTimeoutMs` that expired. */
  readonly timeoutMs: number;

  constructor(pool: string, timeoutMs: number) {
    super(`pool "${pool}": acquire timed out after ${timeoutMs} ms (all items in use)`);
    this.pool = pool;
    this.timeoutMs = timeoutMs;
  }
}

/**
 * Thrown by a lease used after it was handed back: a second `release()` / `destroy()` rejects
 * with it (and changes nothing), and reading `value` throws it, because the item may already be
 * lent to someone else.
 *
 * @example
 * ```ts
 * await lease.release();
 * await assert.rejects(lease.release(), LeaseReleasedError);
 * ```
 */
export class LeaseReleasedError extends Error {
  override readonly name = 'LeaseReleasedError';
  /** Machine-readable code, stable across releases. */
  readonly code = 'POOL_LEASE_RELEASED';
  /** The name of the pool the lease came from. */
  readonly pool: string;

  constructor(pool: string, action: string) {
    super(`pool "${pool}": cannot ${action}: this lease was already released`);
    this.pool = pool;
  }
}
