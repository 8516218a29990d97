import { checkFunction, checkInteger, checkNumber, describe } from '../internal/check.js';
import { checkOptions } from '../internal/options.js';

const POOL_OPTION_KEYS: readonly string[] = ['create', 'destroy', 'name', 'min', 'max', 'acquireTimeoutMs', 'validate'];

/**
 * Settings of {@link createPool}. Only `create` and `destroy` are required.
 *
 * @example
 * ```ts
 * const options: PoolOptions<Socket> = {
 *   name: 'upstream',
 *   create: (signal) => connectSocket(port, signal),
 *   destroy: (socket) => closeSocket(socket),
 *   max: 4,
 *   acquireTimeoutMs: 2_000,
 * };
 * ```
 */
export interface PoolOptions<T> {
  /**
   * Makes a new item. `signal` aborts if, while `create` is still running, the acquire that asked
   * for the item gives up (its own signal or its timeout) or the pool closes: pass it to the I/O
   * you start. It is never aborted after `create` settled, so it is safe to hand to APIs that keep
   * it (such as `net.connect`). A rejection fails that acquire and frees the slot.
   */
  readonly create: (signal: AbortSignal) => T | Promise<T>;
  /** Releases an item for good. Called exactly once per created item. */
  readonly destroy: (item: T) => void | Promise<void>;
  /** Named in every error the pool raises. Default `"pool"`. */
  readonly name?: string;
  /** Items `warm()` creates and that are then kept alive. Integer >= 0, default 0. */
  readonly min?: number;
  /** Most items that exist at once (including ones being created or destroyed). Integer >= 1, default 10. */
  readonly max?: number;
  /** How long an `acquire()` may wait, in ms; `Infinity` waits forever. Default 30,000. */
  readonly acquireTimeoutMs?: number;
  /**
   * Checks an idle item before it is lent again (not a freshly created one). Anything but `true`
   * destroys the item and the acquire carries on with another; a throw destroys it and fails
   * that acquire.
   */
  readonly validate?: (item: T) => boolean | Promise<boolean>;
}

/** {@link PoolOptions} with every default filled in. */
export interface ResolvedPoolOptions<T> {
  readonly create: (signal: AbortSignal) => T | Promise<T>;
  readonly destroy: (item: T) => void | Promise<void>;
  readonly name: string;
  readonly min: number;
  readonly max: number;
  readonly acquireTimeoutMs: number;
  readonly validate: ((item: T) => boolean | Promise<boolean>) | undefined;
}

/** Validates the options of `createPool`, naming the bad field, and fills in the defaults. */
export function resolvePoolOptions<T>(options: PoolOptions<T>): ResolvedPoolOptions<T> {
  const where = 'createPool';
  checkOptions(where, options, POOL_OPTION_KEYS);
  const { create, destroy, name = 'pool', min = 0, max = 10, acquireTimeoutMs = 30_000, validate } = options;
  checkFunction(where, 'options.create', create);
  checkFunction(where, 'options.destroy', destroy);
  if (typeof name !== 'string') {
    throw new TypeError(`${where}: expected \`options.name\` to be a string, got ${describe(name)}`);
  }
  checkInteger(where, 'options.min', min, 0);
  checkInteger(where, 'options.max', max, 1);
  if (min > max) {
    throw new RangeError(`${where}: expected \`options.min\` (${min}) to be <= \`options.max\` (${max})`);
  }
  checkNumber(where, 'options.acquireTimeoutMs', acquireTimeoutMs, 0);
  if (validate !== undefined) checkFunction(where, 'options.validate', validate);
  return { create, destroy, name, min, max, acquireTimeoutMs, validate };
}
