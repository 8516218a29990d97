// The one error class both index stores throw for what went wrong with the index itself.

/**
 * What went wrong, as a stable code a caller can act on:
 * - `LOCKED`: another connection holds the index's write lock past the busy timeout;
 * - `CORRUPT`: the file is not a SQLite database, or its pages are damaged;
 * - `SCHEMA_TOO_NEW`: the index was written by a newer version of this package;
 * - `NOT_AN_INDEX`: the SQLite file or PostgreSQL schema holds other tables and no index (it is
 *   never written to);
 * - `CANNOT_CREATE`: the index (or its parent directory) cannot be created;
 * - `UNREACHABLE`, `AUTH`, `NO_DATABASE`: the PostgreSQL server is down or unknown, refuses the
 *   credentials, or has no such database;
 * - `NOT_BOUND`: vectors were written before {@link IndexStore.bindEmbedder} fixed their dimension;
 * - `DIMENSION`: a vector's length is not the index's dimension;
 * - `BAD_VECTOR`: a vector holds a non-finite number or has norm 0 (its cosine is undefined);
 * - `NO_SUCH_DOCUMENT`: failures were resolved for a document the manifest does not hold;
 * - `CLOSED`: the store was used after it was disposed;
 * - `FAILED`: any other database failure (its `cause` is the driver's error).
 */
export type StoreErrorCode =
  | 'LOCKED'
  | 'CORRUPT'
  | 'SCHEMA_TOO_NEW'
  | 'NOT_AN_INDEX'
  | 'CANNOT_CREATE'
  | 'UNREACHABLE'
  | 'AUTH'
  | 'NO_DATABASE'
  | 'NOT_BOUND'
  | 'DIMENSION'
  | 'BAD_VECTOR'
  | 'NO_SUCH_DOCUMENT'
  | 'CLOSED'
  | 'FAILED';

/**
 * A failure of an index store, naming the index (its file, or its PostgreSQL URL without the
 * password) and a {@link StoreErrorCode}. The driver's own error, when there is one, is the `cause`;
 * its stack never stands in for this message.
 *
 * @example
 * ```ts
 * try {
 *   await using store = await openStore('data/index.db');
 * } catch (error) {
 *   if (error instanceof StoreError && error.code === 'LOCKED') console.error('another ingest is running');
 * }
 * ```
 */
export class StoreError extends Error {
  override readonly name = 'StoreError';

  constructor(
    /** What went wrong. */
    readonly code: StoreErrorCode,
    /** The index: a file path, or a PostgreSQL URL without its password. */
    readonly location: string,
    detail: string,
    cause?: unknown,
  ) {
    super(`index ${location}: ${detail} (${code})`, cause === undefined ? undefined : { cause });
  }
}
