import { SqlAdapterError, codeAndMessage } from '../internal/sql-error.js';

/** What failed: opening the database file, or running a statement on it. */
export type SqliteErrorKind = 'open' | 'query';

/**
 * A failure of the SQLite adapter, naming what failed and where: the database file, the
 * SQLite result code (`SQLITE_BUSY` for a locked file, `SQLITE_ERROR` for bad SQL,
 * `SQLITE_NOTADB`, ...) or the adapter's own code (`NO_SUCH_DIRECTORY`, `NO_SUCH_FILE`,
 * `IS_A_DIRECTORY`, `BAD_KEY`, `NULL_KEY`), and for a statement its text (shortened). The
 * driver's error (better-sqlite3's own `SqliteError`) is the `cause`.
 */
export class SqliteError extends SqlAdapterError<SqliteErrorKind> {
  override readonly name = 'SqliteError';
  /** The database file (`:memory:` for an in-memory database). */
  readonly path: string;

  constructor(kind: SqliteErrorKind, code: string, path: string, detail: string, sql: string | undefined, cause?: unknown) {
    super(kind, code, kind === 'open' ? `cannot open SQLite database '${path}'` : `SQLite query failed on '${path}'`, detail, sql, cause);
    this.path = path;
  }
}

/** Wraps a driver failure as a {@link SqliteError}. */
export function toSqliteError(kind: SqliteErrorKind, error: unknown, path: string, sql: string | undefined): SqliteError {
  if (error instanceof SqliteError) return error;
  const { code, message } = codeAndMessage(error, () => 'ERROR');
  return new SqliteError(kind, code, path, message, sql, error);
}
