import { sqlSnippet } from '../internal/sql-checks.js';

/** What failed: getting a connection, or running a statement on one. */
export type PostgresErrorKind = 'connect' | 'query';

/**
 * A failure of the PostgreSQL adapter, naming what failed and where: the server (`user@host:port/
 * database`, never the password), the SQLSTATE or system error code, and for a statement its
 * text (shortened). The driver's own error is the `cause`.
 *
 * `code` is the SQLSTATE when the server answered (`42P01` undefined table, `28P01` wrong
 * password, `57P01` backend terminated, ...), the system code otherwise (`ECONNREFUSED`), or
 * `CONNECT_TIMEOUT` when no connection came within `connectTimeoutMs`.
 */
export class PostgresError extends Error {
  override readonly name = 'PostgresError';
  /** `connect` or `query`. */
  readonly kind: PostgresErrorKind;
  /** SQLSTATE, system error code, `CONNECT_TIMEOUT`, `CONNECTION_LOST` (the socket closed), or `ERROR`. */
  readonly code: string;
  /** `user@host:port/database` of the server. */
  readonly where: string;
  /** The statement's text (shortened), for a query failure. */
  readonly query: string | undefined;

  constructor(kind: PostgresErrorKind, code: string, where: string, detail: string, query: string | undefined, cause: unknown) {
    const what = kind === 'connect' ? 'connection to' : 'query on';
    super(`PostgreSQL ${what} ${where} failed (${code}): ${detail}${query === undefined ? '' : `; query: ${query}`}`, { cause });
    this.kind = kind;
    this.code = code;
    this.where = where;
    this.query = query;
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
  const e = error as { code?: unknown; message?: unknown } | null;
  const message = typeof e?.message === 'string' && e.message !== '' ? e.message : String(error);
  const code = typeof e?.code === 'string' && e.code !== '' ? e.code : /connection terminated/i.test(message) ? 'CONNECTION_LOST' : 'ERROR';
  return new PostgresError(kind, code, where, message, sql === undefined ? undefined : sqlSnippet(sql), error);
}
