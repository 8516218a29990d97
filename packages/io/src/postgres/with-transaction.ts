import type { Pool, PoolClient } from 'pg';
import { Async, transaction, type AsyncGen } from 'funcpipe';
import { checkObject, checkSql, describeValue, integerOption } from '../internal/sql-checks.js';
import { leaseClient, type ClientLease } from './client-lease.js';
import { loadCursor } from './cursor-driver.js';
import { CursorRows, closeWithin } from './cursor-pages.js';
import type Cursor from 'pg-cursor';
import { toPostgresError } from './postgres-error.js';
import { checkPool, querySettings, type QueryOptions } from './query-options.js';

/** The handle a {@link withTransaction} body works through: every statement runs on the transaction's connection. */
export interface Transaction {
  /** Runs one statement and resolves with its rows; a failure rejects with a `PostgresError`. */
  query<Row = Record<string, unknown>>(text: string, values?: readonly unknown[]): Promise<Row[]>;
  /**
   * A paged result set inside the transaction (same options and exits as the pool's
   * `fromQuery`, except that the connection stays with the transaction). Every run must end
   * before the body returns: a run still open then fails the transaction.
   */
  fromQuery<Row = Record<string, unknown>>(text: string, options?: QueryOptions): AsyncGen<Row, never>;
  /** The leased `pg` client itself, for what the handle does not cover. Do not release it. */
  readonly client: PoolClient;
}

/** Options of {@link withTransaction} (PostgreSQL). */
export interface PostgresTransactionOptions {
  /** Gives up waiting for a connection (rejecting with its reason). */
  readonly signal?: AbortSignal;
  /** How long to wait for a connection before failing with `CONNECT_TIMEOUT`. Default 10,000 ms. */
  readonly connectTimeoutMs?: number;
}

/**
 * Runs `body` in a transaction on one connection leased from `pool`, built on funcpipe's
 * `transaction`: `BEGIN`, the body, then `COMMIT` when it succeeds or `ROLLBACK` when it throws
 * (rejecting with the body's ORIGINAL error; a rollback failure is kept with it in a
 * `SuppressedError`). The connection goes back to the pool afterwards only when the server says
 * it is idle outside any transaction and nothing failed on it; otherwise it is destroyed.
 *
 * @example
 * ```ts
 * const id = await withTransaction(pool, async (tx) => {
 *   const [order] = await tx.query<{ id: number }>('INSERT INTO orders (total) VALUES ($1) RETURNING id', [42]);
 *   await tx.query('INSERT INTO audit (what) VALUES ($1)', [`order ${order.id}`]);
 *   return order.id;
 * });
 * ```
 */
export async function withTransaction<R>(pool: Pool, body: (tx: Transaction) => R | PromiseLike<R>, options: PostgresTransactionOptions = {}): Promise<R> {
  const where = checkPool('withTransaction', pool);
  if (typeof body !== 'function') throw new TypeError(`withTransaction: expected \`body\` to be a function, got ${describeValue(body)}`);
  checkObject('withTransaction', 'options', options);
  if (options.signal !== undefined && !(options.signal instanceof AbortSignal)) {
    throw new TypeError(`withTransaction: expected \`options.signal\` to be an AbortSignal, got ${describeValue(options.signal)}`);
  }
  const connectTimeoutMs = integerOption('withTransaction', 'options.connectTimeoutMs', options.connectTimeoutMs, 10_000, 1, 2_147_483_647);
  const lease = await leaseClient(pool, where, connectTimeoutMs, options.signal ?? new AbortController().signal);
  const tx = new LeasedTransaction(lease);
  try {
    const value = await transaction(
      {
        begin: () => tx.statement('BEGIN'),
        commit: async () => {
          await tx.closeOpenRuns();
          await tx.statement('COMMIT');
        },
        rollback: async () => {
          await tx.closeOpenRuns();
          await tx.statement('ROLLBACK');
        },
      },
      () => body(tx),
    );
    return value;
  } finally {
    // Returned only if the server reports it idle outside a transaction and nothing failed on it.
    lease.handBack(false);
  }
}

/** How long commit or rollback waits for a run left open to close its cursor. */
const CLOSE_LEFT_OPEN_MS = 1_000;

class LeasedTransaction implements Transaction {
  private readonly openCursors = new Set<Cursor<unknown>>();

  constructor(private readonly lease: ClientLease) {}

  get client(): PoolClient {
    return this.lease.client;
  }

  async statement(text: string): Promise<void> {
    await this.query(text);
  }

  /**
   * Closes the cursors of runs the body left open (a statement queued behind an open cursor would
   * wait forever: node-postgres #2148), then rejects, so a commit turns into a rollback. A cursor
   * that does not close in time poisons the connection and fails the rollback.
   */
  async closeOpenRuns(): Promise<void> {
    const open = [...this.openCursors];
    if (open.length === 0) return;
    this.openCursors.clear();
    const closed = await Promise.all(open.map((cursor) => closeWithin(cursor, CLOSE_LEFT_OPEN_MS)));
    if (closed.includes(false)) this.lease.poison();
    throw new Error(`withTransaction: ${open.length} fromQuery run(s) of the transaction were still open at its end; end every run inside the body`);
  }

  async query<Row = Record<string, unknown>>(text: string, values: readonly unknown[] = []): Promise<Row[]> {
    checkSql('Transaction.query', 'text', text);
    try {
      const result = await this.lease.client.query(text, [...values]);
      return result.rows as Row[];
    } catch (error) {
      throw toPostgresError('query', error, this.lease.where, text);
    }
  }

  fromQuery<Row = Record<string, unknown>>(text: string, options: QueryOptions = {}): AsyncGen<Row, never> {
    checkSql('Transaction.fromQuery', 'text', text);
    const settings = querySettings('Transaction.fromQuery', options);
    const lease = this.lease;
    const openCursors = this.openCursors;
    return Async.fromProducer((signal) => {
      let opened: Cursor<Row> | undefined;
      const open = async () => {
        const Cursor = await loadCursor();
        opened = lease.client.query(new Cursor<Row>(text, settings.values));
        openCursors.add(opened);
        return { cursor: opened, conn: lease, handBack: false };
      };
      return new CursorRows(open, text, settings, signal, () => {
        if (opened !== undefined) openCursors.delete(opened);
      });
    });
  }
}
