import type { Pool } from 'pg';
import { Async, type AsyncGen } from 'funcpipe';
import { checkSql } from '../internal/sql-checks.js';
import { leaseClient } from './client-lease.js';
import { loadCursor } from './cursor-driver.js';
import { CursorRows, type OpenedCursor } from './cursor-pages.js';
import { checkPool, querySettings, type QueryOptions, type QuerySettings } from './query-options.js';

/**
 * A paged PostgreSQL result set (seed 004): an {@link AsyncGen} of the rows of `text`, where
 * every run leases one connection from `pool`, opens one server-side cursor on it (`pg-cursor`),
 * and fetches `pageSize` rows per round trip, the next page while the current one is handed
 * out. Memory stays bounded by two pages, whatever the table size. Building it connects to
 * nothing; each run starts afresh (replayable).
 *
 * Every exit path ends the same way before the consumer's exit completes: exhaustion, `break`,
 * a consumer throw, `take`, an abort. The cursor is closed (bounded by `closeTimeoutMs`) and the
 * connection returned to the pool, exactly once; it is destroyed instead (`release(true)`) when
 * its state is unknown: the close failed or timed out, a cancel was sent, the connection
 * reported an error, or it is inside a transaction. A stop that interrupts a running statement
 * (the run waits for a page: a slow query, an abort) sends a cancel request to the server from
 * a socket of its own, so the server stops working on it, then destroys the connection: the
 * run is released within milliseconds, not when the statement would have finished.
 *
 * The connection carries an `'error'` listener for the whole lease: a backend that dies
 * (`pg_terminate_backend`, a restart) rejects the run with a {@link PostgresError}, never hangs
 * it or crashes the process. Bad SQL, a wrong password, an unreachable server: the run rejects
 * with a {@link PostgresError} naming the server (`user@host:port/database`), the code and the
 * statement. Waiting for a connection is bounded by `connectTimeoutMs`.
 *
 * Cancellation: when the run's signal is aborted, the interrupted pull rejects with the
 * signal's reason (not PostgreSQL's `57014`), so a consumer that breaks never gets an exception.
 *
 * @example
 * ```ts
 * import pg from 'pg';
 * import { fromQuery } from '@funcpipe/io/postgres';
 *
 * const pool = new pg.Pool({ connectionString, max: 4 });
 * const orders = fromQuery<{ id: number; total: string }>(pool, 'SELECT id, total FROM orders WHERE total > $1', {
 *   values: [100],
 *   pageSize: 500,
 * });
 * for await (const r of orders.iterate({ signal: AbortSignal.timeout(30_000) })) {
 *   if (r.ok) console.log(r.value.id);
 * }
 * ```
 */
export function fromQuery<Row = Record<string, unknown>>(pool: Pool, text: string, options: QueryOptions = {}): AsyncGen<Row, never> {
  const where = checkPool('fromQuery', pool);
  checkSql('fromQuery', 'text', text);
  const settings = querySettings('fromQuery', options);
  return Async.fromProducer((signal) => queryRows<Row>(pool, where, text, settings, signal));
}

/** One run: loads the driver, leases a connection and opens the cursor on the first pull. */
function queryRows<Row>(pool: Pool, where: string, text: string, settings: QuerySettings, signal: AbortSignal): CursorRows<Row> {
  const open = async (): Promise<OpenedCursor<Row>> => {
    const Cursor = await loadCursor();
    const conn = await leaseClient(pool, where, settings.connectTimeoutMs, signal);
    try {
      return { cursor: conn.client.query(new Cursor<Row>(text, settings.values)), conn, handBack: true };
    } catch (error) {
      conn.handBack(true);
      throw error;
    }
  };
  return new CursorRows(open, text, settings, signal);
}
