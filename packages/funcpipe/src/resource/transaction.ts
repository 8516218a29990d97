import { checkFunction, describe } from '../internal/check.js';
import { combineErrors } from './combine-errors.js';

/**
 * The capability {@link transaction} drives: a store that can begin, commit and roll back a unit
 * of work (a database connection, a file-backed store, a remote API with sessions). Each method
 * may be sync or async.
 *
 * @example
 * ```ts
 * const port: TransactionPort = {
 *   begin: () => db.exec('BEGIN'),
 *   commit: () => db.exec('COMMIT'),
 *   rollback: () => db.exec('ROLLBACK'),
 * };
 * ```
 */
export interface TransactionPort {
  begin(): Promise<void> | void;
  commit(): Promise<void> | void;
  rollback(): Promise<void> | void;
}

/**
 * Runs `body` inside a transaction: `begin()`, then `body(port)`, then `commit()` on success (the
 * promise resolves with the body's value) or `rollback()` on failure. Use it so no code path can
 * leave a transaction open or half-applied.
 *
 * Semantics, in order:
 * - `begin()` fails: rejects with that error; nothing else is called.
 * - `body` throws or rejects: `rollback()`, then rejects with the body's ORIGINAL error. If the
 *   rollback fails too, rejects with a `SuppressedError` whose `error` is the rollback failure
 *   and whose `suppressed` is the original (`originalError(e)` digs it out); nothing is lost.
 * - `commit()` fails: a rollback is attempted, then rejects with the commit error (merged the
 *   same way with a rollback failure).
 * - Once `begin()` succeeded, `commit()` or `rollback()` always runs; `rollback()` at most once.
 *   Methods are called on `port` (`this` is the port).
 *
 * @example
 * ```ts
 * const id = await transaction(port, async (tx) => {
 *   await insertUser(tx, user);
 *   await insertAudit(tx, 'user created');
 *   return user.id;
 * });
 * ```
 */
export async function transaction<P extends TransactionPort, R>(port: P, body: (port: P) => R | PromiseLike<R>): Promise<R> {
  checkPort(port);
  checkFunction('transaction', 'body', body);
  await port.begin();
  let value: R;
  try {
    value = await body(port);
  } catch (error) {
    throw await rollbackAfter(port, error);
  }
  try {
    await port.commit();
  } catch (commitError) {
    throw await rollbackAfter(port, commitError);
  }
  return value;
}

/** Rolls back after `error`; returns what the caller must throw. */
async function rollbackAfter(port: TransactionPort, error: unknown): Promise<unknown> {
  try {
    await port.rollback();
  } catch (rollbackError) {
    return combineErrors(error, rollbackError);
  }
  return error;
}

function checkPort(port: unknown): asserts port is TransactionPort {
  if (typeof port !== 'object' || port === null) {
    throw new TypeError(`transaction: expected \`port\` to be an object with begin, commit and rollback, got ${describe(port)}`);
  }
  const methods = port as Record<string, unknown>;
  for (const name of ['begin', 'commit', 'rollback']) checkFunction('transaction', `port.${name}`, methods[name]);
}
