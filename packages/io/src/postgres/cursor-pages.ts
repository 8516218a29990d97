import type Cursor from 'pg-cursor';
import type { ClientLease } from './client-lease.js';
import { sendCancelRequest, type CancelTarget } from './cancel-request.js';
import { toPostgresError } from './postgres-error.js';
import type { QuerySettings } from './query-options.js';

function ignore(): void {}

/** How the reading of a cursor ended, which decides how its connection is handed back. */
type Ending = 'open' | 'exhausted' | 'failed' | 'interrupted';

/**
 * The rows of `cursor`, a page at a time, with the next page fetched while the current one is
 * handed out (so at most two pages are held). On every exit the cursor is dealt with before the
 * generator returns, and the connection is handed back exactly once when `lease` is given (a
 * transaction keeps its connection and passes none):
 *
 * - exhausted, or stopped between rows: the cursor is closed, waiting at most `closeTimeoutMs`
 *   for the page in flight; closed in time, the connection is returned to the pool;
 * - stopped while waiting for a page (the statement is running on the server): a cancel request
 *   is sent at once from a socket of its own, and the connection is destroyed;
 * - the close timed out or failed: the same cancel, then destroy;
 * - the statement or the connection failed: the connection is destroyed and the run rejects
 *   with a {@link PostgresError} naming the server and the statement.
 *
 * When the run's signal is aborted, the interrupted pull rejects with `signal.reason` (never the
 * driver's cancel error), so a consumer that simply stopped never sees an exception.
 */
export async function* cursorPages<Row>(
  cursor: Cursor<Row>,
  conn: ClientLease,
  handBack: boolean,
  text: string,
  settings: QuerySettings,
  signal: AbortSignal,
): AsyncGenerator<Row, void, undefined> {
  const { pageSize } = settings;
  let ending: Ending = 'open';
  let pending: Promise<Row[]> | undefined = readPage(cursor, pageSize);
  try {
    while (pending !== undefined) {
      let page: Row[];
      try {
        page = await conn.wait(pending, signal);
      } catch (error) {
        if (signal.aborted) {
          ending = 'interrupted';
          throw signal.reason;
        }
        ending = 'failed';
        throw toPostgresError('query', conn.error ?? error, conn.where, text);
      }
      pending = page.length < pageSize ? undefined : readPage(cursor, pageSize);
      if (pending === undefined) ending = 'exhausted';
      for (const row of page) yield row;
    }
  } finally {
    await settle(cursor, conn, handBack, ending, settings.closeTimeoutMs);
  }
}

function readPage<Row>(cursor: Cursor<Row>, rows: number): Promise<Row[]> {
  const page = cursor.read(rows);
  page.catch(ignore); // a page abandoned by a stop must not become an unhandled rejection
  return page;
}

async function settle(cursor: Cursor<unknown>, conn: ClientLease, handBack: boolean, ending: Ending, closeTimeoutMs: number): Promise<void> {
  let destroy = ending === 'failed' || conn.error !== undefined;
  if (!destroy) {
    const closed = ending === 'interrupted' ? false : await closeWithin(cursor, closeTimeoutMs);
    if (!closed) {
      await sendCancelRequest(conn.client as unknown as CancelTarget, closeTimeoutMs) // pid and key: untyped fields of pg.Client;
      destroy = true;
    }
  }
  if (handBack) conn.handBack(destroy);
  else if (destroy) conn.poison();
}

/** True when the cursor closed within `ms` (the server answered the Close and Sync). */
export function closeWithin(cursor: Cursor<unknown>, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    cursor.close().then(
      () => {
        clearTimeout(timer);
        resolve(true);
      },
      () => {
        clearTimeout(timer);
        resolve(false);
      },
    );
  });
}
