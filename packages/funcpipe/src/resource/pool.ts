import { ItemPool } from './pool-engine.js';
import type { Pool } from './pool-contract.js';
import { resolvePoolOptions, type PoolOptions } from './pool-options.js';

/**
 * Makes a bounded pool of reusable items (connections, file handles, workers). Use it when
 * making an item is expensive and many tasks need one for a short while.
 *
 * Semantics:
 * - At most `max` items exist at once, counting those being created or destroyed.
 * - `acquire()` lends an idle item (checked with `validate` first: anything but `true` discards
 *   it), else creates one if below `max`, else waits. Waiters are served first come, first served; a returned item goes straight
 *   to the first waiter.
 * - A waiter gives up after `acquireTimeoutMs` ({@link PoolTimeoutError}) or when its `signal`
 *   aborts (rejecting with `signal.reason`); either way it leaves the queue, its timer and
 *   listener are removed, and a `create` started for it sees its signal abort. An item that still
 *   arrives is kept for the next waiter.
 * - A failing `create` rejects the acquire that asked for it and frees the slot.
 * - Items are created on demand; `min` items are created by an explicit `warm()` and are never
 *   evicted (no idle timeout). Call `warm()` again to top up after `validate` discarded some.
 * - `close()` (also `await using pool`): rejects every waiter and every later `acquire()` with
 *   {@link PoolClosedError}, destroys idle items at once and each lent item when its lease comes
 *   back, and resolves once every item is destroyed. Destroy failures are never swallowed: those
 *   the pool ran itself (on close, or after a failed `validate`) make `close()` reject with them
 *   merged by `combineErrors`. A lease that is never handed back keeps `close()` pending.
 *
 * @example
 * ```ts
 * await using pool = createPool<FileHandle>({
 *   name: 'index-files',
 *   create: () => open('index.bin', 'r'), // node:fs/promises
 *   destroy: (handle) => handle.close(),
 *   max: 4,
 * });
 * await using lease = await pool.acquire({ signal: AbortSignal.timeout(1_000) });
 * const { bytesRead } = await lease.value.read(Buffer.alloc(16), 0, 16, 0);
 * ```
 */
export function createPool<T>(options: PoolOptions<T>): Pool<T> {
  return new ItemPool(resolvePoolOptions(options));
}

export type { AcquireOptions, Pool, PoolStats } from './pool-contract.js';
