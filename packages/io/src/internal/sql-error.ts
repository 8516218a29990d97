import { sqlSnippet } from './sql-checks.js';

/**
 * The shape both SQL adapters' errors share: what failed (`kind`), a `code` (the database's own
 * code, a system error code, or the adapter's), where (the server or the file), the statement's
 * text (shortened) for a query failure, and the driver's error as the `cause`.
 */
export abstract class SqlAdapterError<K extends string> extends Error {
  /** What failed. */
  readonly kind: K;
  /** The database's error code, a system error code, or the adapter's own code. */
  readonly code: string;
  /** The statement's text (shortened), for a query failure. */
  readonly query: string | undefined;

  constructor(kind: K, code: string, headline: string, detail: string, sql: string | undefined, cause: unknown) {
    const query = sql === undefined ? undefined : sqlSnippet(sql);
    super(`${headline} (${code}): ${detail}${query === undefined ? '' : `; query: ${query}`}`, { cause });
    this.kind = kind;
    this.code = code;
    this.query = query;
  }
}

/** The `code` and `message` of a driver failure, with `fallbackCode` when it has no code. */
export function codeAndMessage(error: unknown, fallbackCode: (message: string) => string): { code: string; message: string } {
  const e = error as { code?: unknown; message?: unknown } | null;
  const message = typeof e?.message === 'string' && e.message !== '' ? e.message : String(error);
  const code = typeof e?.code === 'string' && e.code !== '' ? e.code : fallbackCode(message);
  return { code, message };
}
