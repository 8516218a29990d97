import type Cursor from 'pg-cursor';
import type { ClientLease } from './client-lease.js';
import { sendCancelRequest, type CancelTarget } from './cancel-request.js';
import { toPostgresError } from './postgres-error.js';
import type { QuerySettings } from './query-options.js';

function ignore(): void {}

/** How long a cancel request may take to reach the server (it is one small packet on its own socket). */
const CANCEL_TIMEOUT_MS = 1_000;

/** How the reading of a cursor ended, which decides how its connection is handed back. */
type Ending = 'open' | 'exhausted' | 'failed' | 'interrupted';

/** An opened cursor: the connection it runs on, and whether the run hands that connection back. */
export interface OpenedCursor<Row> {
  readonly cursor: Cursor<Row>;
  readonly conn: ClientLease;
  /** True: the run leased the connection and hands it back; false: a transaction keeps it. */
  readonly handBack: boolean;
}

const DONE: IteratorReturnResult<undefined> = Object.freeze({ done: true, value: undefined });

/**
 * The rows of a cursor, a page at a time, with the next page fetched while the current one is
 * handed out (so at most two pages are held). `open` runs on the first `next()`. On every exit
 * the cursor is dealt with before the iterator finishes, and the connection is handed back
 * exactly once when the run owns it:
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
 *
 * A hand-written iterator rather than an async generator: a row of the current page is one
 * resolved promise, with no generator to resume (this is the per-row cost of the result set).
 */
export class CursorRows<Row> implements AsyncIterableIterator<Row, undefined> {
  private opened: OpenedCursor<Row> | undefined;
  private page: Row[] = [];
  private index = 0;
  private pending: Promise<Row[]> | undefined;
  private ending: Ending = 'open';
  private finished: Promise<void> | undefined;

  constructor(
    private readonly open: () => Promise<OpenedCursor<Row>>,
    private readonly text: string,
    private readonly settings: QuerySettings,
    private readonly signal: AbortSignal,
    private readonly onEnd?: () => void,
  ) {}

  [Symbol.asyncIterator](): this {
    return this;
  }

  next(): Promise<IteratorResult<Row, undefined>> {
    if (this.index < this.page.length) return Promise.resolve({ done: false, value: this.page[this.index++] as Row });
    return this.nextPage();
  }

  async return(): Promise<IteratorResult<Row, undefined>> {
    await this.finish();
    return DONE;
  }

  private async nextPage(): Promise<IteratorResult<Row, undefined>> {
    if (this.opened === undefined) {
      if (this.finished !== undefined) return DONE;
      this.opened = await this.open();
      this.pending = readPage(this.opened.cursor, this.settings.pageSize);
    }
    const { conn, cursor } = this.opened;
    const { pageSize } = this.settings;
    while (this.pending !== undefined) {
      let page: Row[];
      try {
        page = await conn.wait(this.pending, this.signal);
      } catch (error) {
        this.ending = this.signal.aborted ? 'interrupted' : 'failed';
        await this.finish();
        throw this.signal.aborted ? this.signal.reason : toPostgresError('query', conn.error ?? error, conn.where, this.text);
      }
      this.pending = page.length < pageSize ? undefined : readPage(cursor, pageSize);
      if (this.pending === undefined) this.ending = 'exhausted';
      this.page = page;
      this.index = 0;
      if (page.length > 0) return { done: false, value: page[this.index++] as Row };
    }
    await this.finish();
    return DONE;
  }

  /** Settles the cursor and the connection, once. */
  private finish(): Promise<void> {
    if (this.finished === undefined) {
      const opened = this.opened;
      this.page = [];
      this.finished = (opened === undefined ? Promise.resolve() : settle(opened, this.ending, this.settings.closeTimeoutMs)).finally(this.onEnd);
    }
    return this.finished;
  }
}

function readPage<Row>(cursor: Cursor<Row>, rows: number): Promise<Row[]> {
  const page = cursor.read(rows);
  page.catch(ignore); // a page abandoned by a stop must not become an unhandled rejection
  return page;
}

async function settle({ cursor, conn, handBack }: OpenedCursor<unknown>, ending: Ending, closeTimeoutMs: number): Promise<void> {
  let destroy = ending === 'failed' || conn.error !== undefined;
  if (!destroy) {
    const closed = ending === 'interrupted' ? false : await closeWithin(cursor, closeTimeoutMs);
    if (!closed) {
      // The backend pid and secret key are untyped fields of pg.Client.
      await sendCancelRequest(conn.client as unknown as CancelTarget, CANCEL_TIMEOUT_MS);
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
    const done = (closed: boolean) => (): void => {
      clearTimeout(timer);
      resolve(closed);
    };
    try {
      cursor.close().then(done(true), done(false));
    } catch {
      done(false)(); // a connection already gone can throw while writing the Close
    }
  });
}
