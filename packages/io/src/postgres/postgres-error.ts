import { SqlAdapterError, codeAndMessage } from '../internal/sql-error.js';

/** What failed: getting a connection, or running a statement on one. */
export type PostgresErrorKind = 'connect' | 'query';

/**
 * A failure of the PostgreSQL adapter, naming what failed and where: the server (`user@host:port/
 * database`, never the password), the SQLSTATE or system error code, and for a statement its
 * text (shortened). The driver's own error is the `cause`.
 *
 * `code` is the SQLSTATE when the server answered (`42P01` undefined table, `28P01` wrong
 * password, `57P01` backend terminated, ...), the system code otherwise (`ECONNREFUSED`),
 * `CONNECT_TIMEOUT` when no connection came within `connectTimeoutMs`, `CONNECTION_LOST` when
 * the socket closed, `ERROR` for anything else.
 */
export class PostgresError extends SqlAdapterError<PostgresErrorKind> {
  override readonly name = 'PostgresError';
  /** `user@host:port/database` of the server. */
  readonly where: string;

  constructor(kind: PostgresErrorKind, code: string, where: string, detail: string, sql: string | undefined, cause: unknown) {
    super(kind, code, `PostgreSQL ${kind === 'connect' ? 'connection to' : 'query on'} ${where} failed`, detail, sql, cause);
    this.where = where;
  }
}

/** The connection settings a `pg.Pool` or `pg.Client` keeps, as far as an error message needs them. */
export interface ServerAddress {
  readonly host?: string | undefined;
  readonly port?: number | undefined;
  readonly database?: string | undefined;
  readonly user?: string | undefined;
  readonly connectionString?: string | undefined;
}

/** `user@host:port/database`, from explicit settings or the connection string (its password dropped). */
export function describeServer(settings: ServerAddress | undefined): string {
  let { host, port, database, user } = settings ?? {};
  if (settings?.connectionString !== undefined) {
    try {
      const url = new URL(settings.connectionString);
      host ??= decodeURIComponent(url.hostname);
      port ??= url.port === '' ? undefined : Number(url.port);
      database ??= decodeURIComponent(url.pathname.slice(1)) || undefined;
      user ??= decodeURIComponent(url.username) || undefined;
    } catch {
      // not a URL (a libpq key=value string): fall back to the defaults below
    }
  }
  return `${user ?? process.env['PGUSER'] ?? 'postgres'}@${host ?? process.env['PGHOST'] ?? 'localhost'}:${port ?? process.env['PGPORT'] ?? 5432}/${database ?? process.env['PGDATABASE'] ?? user ?? 'postgres'}`;
}

/** Wraps a driver failure (a server error, a socket error) as a {@link PostgresError}. */
export function toPostgresError(kind: PostgresErrorKind, error: unknown, where: string, sql: string | undefined): PostgresError {
  if (error instanceof PostgresError) return error;
  const { code, message } = codeAndMessage(error, (text) => (/connection terminated/i.test(text) ? 'CONNECTION_LOST' : 'ERROR'));
  return new PostgresError(kind, code, where, message, sql, error);
}
