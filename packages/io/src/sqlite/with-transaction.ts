import type Database from 'better-sqlite3';
import { transaction } from 'funcpipe';
import { checkObject, describeValue } from '../internal/sql-checks.js';

/** Options of {@link withTransaction} (SQLite). */
export interface SqliteTransactionOptions {
  /**
   * How the transaction takes its locks: `deferred` (on first use, SQLite's default),
   * `immediate` (the write lock at once: no "busy" upgrade failure midway, the usual choice for
   * writes) or `exclusive`. Default `immediate`.
   */
  readonly mode?: 'deferred' | 'immediate' | 'exclusive';
}

const MODES = ['deferred', 'immediate', 'exclusive'] as const;

/**
 * Runs `body` inside a SQLite transaction on `db`, built on funcpipe's `transaction`: `BEGIN`,
 * then the body, then `COMMIT` when it succeeds, `ROLLBACK` when it throws or rejects (the
 * promise then rejects with the body's ORIGINAL error; a rollback failure is kept with it in a
 * `SuppressedError`). The body may be async (better-sqlite3's own `db.transaction` may not), but
 * every statement on `db` during its awaits joins the transaction, so keep other users of the
 * connection away meanwhile (a pool lease gives you that). `fromQuery` runs work inside it.
 *
 * @example
 * ```ts
 * await withTransaction(db, (tx) => {
 *   tx.prepare('UPDATE account SET balance = balance - ? WHERE id = ?').run(10, 1);
 *   tx.prepare('UPDATE account SET balance = balance + ? WHERE id = ?').run(10, 2);
 * });
 * ```
 */
export function withTransaction<R>(db: Database.Database, body: (db: Database.Database) => R | PromiseLike<R>, options: SqliteTransactionOptions = {}): Promise<R> {
  if (typeof (db as Partial<Database.Database> | null)?.exec !== 'function') {
    throw new TypeError(`withTransaction: expected \`db\` to be a better-sqlite3 Database, got ${describeValue(db)}`);
  }
  checkObject('withTransaction', 'options', options);
  const mode = options.mode ?? 'immediate';
  if (!MODES.includes(mode)) throw new TypeError(`withTransaction: expected \`options.mode\` to be one of ${MODES.join(', ')}, got ${describeValue(mode)}`);
  const port = {
    begin: () => void db.exec(`BEGIN ${mode.toUpperCase()}`),
    commit: () => void db.exec('COMMIT'),
    // SQLite may already have rolled back on its own (a full disk, an interrupt): nothing to undo then.
    rollback: () => void (db.inTransaction ? db.exec('ROLLBACK') : undefined),
  };
  return transaction(port, () => body(db));
}
